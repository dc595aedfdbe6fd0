// Generated from the v1 schemas of Kyverno v1.19.0's CRDs (../shared/kyverno-crds) by
// crd-defaults.test.ts; regenerate with TRUSTLADDER_WRITE_CRD_DEFAULTS=1. Do not edit.
import type { DefaultTree } from './crd-default-tree.js';

/** The defaults the API server applies under each policy kind's spec. */
export const CRD_SPEC_DEFAULTS: Readonly<Record<'ImageValidatingPolicy' | 'ValidatingPolicy', DefaultTree>> = {
  "ImageValidatingPolicy": {
    "properties": {
      "attestors": {
        "items": {
          "properties": {
            "cosign": {
              "properties": {
                "source": {
                  "properties": {
                    "PullSecrets": {
                      "items": {
                        "properties": {
                          "name": {
                            "default": ""
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      },
      "evaluation": {
        "properties": {
          "admission": {
            "properties": {
              "enabled": {
                "default": true
              }
            }
          },
          "background": {
            "properties": {
              "enabled": {
                "default": true
              }
            }
          }
        }
      },
      "validationConfigurations": {
        "default": {},
        "properties": {
          "mutateDigest": {
            "default": true
          },
          "required": {
            "default": true
          },
          "verifyDigest": {
            "default": true
          }
        }
      }
    }
  },
  "ValidatingPolicy": {
    "properties": {
      "evaluation": {
        "properties": {
          "admission": {
            "properties": {
              "enabled": {
                "default": true
              }
            }
          },
          "background": {
            "properties": {
              "enabled": {
                "default": true
              }
            }
          }
        }
      }
    }
  }
};

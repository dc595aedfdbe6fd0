import { TrustladderError } from '../../errors.js';

// A library caller passed something the function cannot work with: INVALID_INPUT, thrown
// before anything is read, so a wrong call never yields a fact.
export function invalidArgument(call: string, expected: string): TrustladderError {
  return new TrustladderError('INVALID_INPUT', `${call}: ${expected}`, {
    issues: [{ code: 'invalid_argument', path: '', message: `${call}: ${expected}` }],
  });
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

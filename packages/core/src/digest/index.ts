export { canonicalDigest, canonicalJson } from './canonical-digest.js';

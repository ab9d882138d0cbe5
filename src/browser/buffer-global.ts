/**
 * Injected into the browser bundle of the draw verifier (src/adapters/http/verify-bundle.ts): every use of
 * the global `Buffer` in the bundled domain code becomes the `buffer` package's, Node's Buffer API for
 * browsers (the BigInt methods such as `writeBigUInt64BE` need its version 6).
 */
export { Buffer } from 'buffer';

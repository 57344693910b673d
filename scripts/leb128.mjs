// LEB128 unsigned numbers, as the WASM binary format writes sizes and counts: read by the build
// hooks that rewrite a module's sections (scripts/split-wasm.mjs, scripts/short-imports.mjs).

// The number at `at` in `bytes`, and where the next item starts.
export function readU32(bytes, at) {
  let value = 0, shift = 0, byte;
  do {
    byte = bytes[at++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return { value: value >>> 0, at };
}

// `value` written as LEB128.
export function u32(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

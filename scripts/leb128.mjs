// What the build hooks that rewrite a WASM module's sections share (scripts/split-wasm.mjs,
// scripts/short-imports.mjs): LEB128 unsigned numbers, as the binary format writes sizes and
// counts, names, and the walk over the sections.

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

// The name (a length, then UTF-8) at `at` in `bytes`, and where the next item starts.
export function readName(bytes, at) {
  const length = readU32(bytes, at);
  return { text: bytes.subarray(length.at, length.at + length.value).toString('utf8'), at: length.at + length.value };
}

// `text` written as a name.
export function name(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([u32(bytes.length), bytes]);
}

// `wasm` with every section of kind `id` replaced by what `rewrite(wasm, start, end)` makes of
// its contents (the bytes from `start` to `end`, after the section's id and size).
export function rewriteSections(wasm, id, rewrite) {
  const parts = [wasm.subarray(0, 8)];
  let at = 8;
  while (at < wasm.length) {
    const size = readU32(wasm, at + 1);
    const end = size.at + size.value;
    if (wasm[at] !== id) {
      parts.push(wasm.subarray(at, end));
    } else {
      const section = rewrite(wasm, size.at, end);
      parts.push(Buffer.from([id]), u32(section.length), section);
    }
    at = end;
  }
  return Buffer.concat(parts);
}

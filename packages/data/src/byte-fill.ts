// Fills of byte images through 32-bit views. Written by hand for speed: on a SharedArrayBuffer (the parallel
// generator's), V8 runs `Uint8Array.prototype.fill` and `copyWithin` byte by byte with relaxed atomics, about five
// times slower than a memset; the same calls on a Uint32Array view stay within 1.3x of it. Index arithmetic
// avoids `| 0` and `>>` because a dataset may pass 2 GiB.

const views = new WeakMap<ArrayBufferLike, Int32Array>();

/**
 * A 32-bit view of `data`'s buffer from its first 4-byte-aligned byte, cached per buffer. Signed, so that words
 * read from it are small integers to V8 (unsigned ones above 2^31 would be doubles).
 */
export function alignedWords(data: Uint8Array): Int32Array {
  let v = views.get(data.buffer);
  const shift = wordShift(data);
  if (!v || v.byteOffset !== data.byteOffset + shift) {
    v = new Int32Array(data.buffer, data.byteOffset + shift, Math.floor((data.length - shift) / 4));
    views.set(data.buffer, v);
  }
  return v;
}

/** Bytes from `data[0]` to the first byte that {@link alignedWords} starts at. */
export function wordShift(data: Uint8Array): number {
  return (4 - (data.byteOffset & 3)) & 3;
}

/** `data.fill(value, start, end)`, a word at a time. */
export function fillBytes(data: Uint8Array, value: number, start: number, end: number): void {
  if (end - start < 16) {
    // A builtin call costs more than a short loop.
    for (let i = start; i < end; i++) data[i] = value;
    return;
  }
  fillWords(data, alignedWords(data), wordShift(data), value, start, end);
}

/**
 * {@link fillBytes} with `data`'s {@link alignedWords} and {@link wordShift} at hand, for the many short runs
 * of one image (the inside of a filled shape, a row at a time): bytes up to a word boundary, then words, by
 * hand under 64 bytes, where a call to the builtin costs more than it saves.
 */
export function fillWords(
  data: Uint8Array,
  words: Int32Array,
  shift: number,
  value: number,
  start: number,
  end: number,
): void {
  let i = start;
  // `& 3` is right past 2 GiB too: it keeps the low bits of the wrapped 32-bit value.
  while (i < end && ((i - shift) & 3) !== 0) data[i++] = value;
  const count = Math.floor((end - i) / 4);
  const first = (i - shift) / 4;
  const word = ((value & 255) * 0x01010101) | 0;
  if (count < 16) for (let k = first; k < first + count; k++) words[k] = word;
  else words.fill(word, first, first + count);
  for (i += count * 4; i < end; i++) data[i] = value;
}

/**
 * Repeats the 3-byte pattern `b0 b1 b2` over `data[start, end)` (an RGB colour over `(end - start) / 3`
 * pixels): twelve bytes by hand, then doubling copies of whole 12-byte groups through the word view.
 */
export function fillRgbBytes(
  data: Uint8Array,
  b0: number,
  b1: number,
  b2: number,
  start: number,
  end: number,
): void {
  if (b0 === b1 && b1 === b2) {
    fillBytes(data, b0, start, end);
    return;
  }
  const shift = wordShift(data);
  let i = start;
  // Bytes up to a word boundary, then one whole group of 12 bytes (whose phase repeats every 12 bytes).
  const head = Math.min(end, i + ((4 - ((i - shift) % 4)) % 4) + 12);
  for (; i < head; i++) {
    const p = (i - start) % 3;
    data[i] = p === 0 ? b0 : p === 1 ? b1 : b2;
  }
  if (end - i < 12) {
    for (; i < end; i++) {
      const p = (i - start) % 3;
      data[i] = p === 0 ? b0 : p === 1 ? b1 : b2;
    }
    return;
  }
  const u32 = alignedWords(data);
  const base = (i - 12 - shift) / 4;
  const groups = Math.floor((end - (i - 12)) / 12);
  let filled = 1;
  while (filled < groups) {
    const len = Math.min(filled, groups - filled);
    u32.copyWithin(base + 3 * filled, base, base + 3 * len);
    filled += len;
  }
  for (i = i - 12 + groups * 12; i < end; i++) {
    const p = (i - start) % 3;
    data[i] = p === 0 ? b0 : p === 1 ? b1 : b2;
  }
}

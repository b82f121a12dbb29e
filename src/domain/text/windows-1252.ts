/**
 * Windows-1252 decoded by table. Node's TextDecoder('windows-1252') reads 0x80-0x9F as C1 controls since
 * Node 20.18.3 and 22.13.0 (nodejs/node#60888), so Excel's ’ € “ ” would arrive as invisible characters.
 * Single-byte: a chunk decodes on its own, so streaming needs no state.
 */
const HIGH_CONTROLS = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d,
  0x017d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x9d, 0x017e, 0x0178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  for (let start = 0; start < bytes.length; start += 8192) {
    const codes: number[] = [];
    for (const byte of bytes.subarray(start, start + 8192)) {
      codes.push(byte >= 0x80 && byte <= 0x9f ? (HIGH_CONTROLS[byte - 0x80] ?? byte) : byte);
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/** The decoder shape the CSV reader streams through. */
export const windows1252Decoder = {
  decode: (bytes?: Uint8Array, _options?: { stream?: boolean }): string =>
    bytes === undefined ? '' : decodeWindows1252(bytes),
};

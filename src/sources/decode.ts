// Decides whether bytes are text and decodes them. Binary = a NUL byte in the first 8 KiB (git's own
// test), unless a UTF-16 byte-order mark says the NULs are half of UTF-16 characters. UTF-8 is the
// default; invalid sequences decode to U+FFFD and the rest of the file is still scanned.
import { isAscii } from 'node:buffer';

const LFS_HEADER = 'version https://git-lfs.github.com/spec/v1';

export type Decoded =
  | { kind: 'text'; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' }
  | { kind: 'binary' }
  | { kind: 'lfsPointer' };

function swapBytes(buf: Buffer): Buffer {
  const out = Buffer.allocUnsafe(buf.length - (buf.length % 2));
  for (let i = 0; i + 1 < buf.length; i += 2) {
    out[i] = buf[i + 1];
    out[i + 1] = buf[i];
  }
  return out;
}

/** Bytes from the start of a file that decide whether it is binary (see isBinaryHead). */
const BINARY_HEAD = 8000;

/**
 * Whether bytes starting with `head` (at least its first BINARY_HEAD bytes, or all of them) are
 * binary: no UTF-16 byte-order mark, and a NUL among the first BINARY_HEAD bytes. The rest of a
 * file cannot change the answer, so a big file need not be read to be skipped.
 */
export function isBinaryHead(head: Buffer): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return false;
  return head.subarray(0, BINARY_HEAD).includes(0);
}

export function decodeBytes(buf: Buffer): Decoded {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { kind: 'text', text: buf.subarray(2).toString('utf16le'), encoding: 'utf-16le' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { kind: 'text', text: swapBytes(buf.subarray(2)).toString('utf16le'), encoding: 'utf-16be' };
  }
  if (isBinaryHead(buf)) return { kind: 'binary' };
  let start = 0;
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
  // Pure ASCII (most source files) decodes to the same text as Latin-1, which is about twice as fast.
  const text = isAscii(buf) ? buf.toString('latin1', start) : buf.toString('utf8', start);
  if (text.length < 200 && text.startsWith(LFS_HEADER)) return { kind: 'lfsPointer' };
  return { kind: 'text', text, encoding: 'utf-8' };
}

/** Extensions that are binary for certain; skipped without reading. */
export const BINARY_EXTENSIONS = new Set(
  (
    'png jpg jpeg gif bmp ico webp tif tiff psd ai heic avif mp3 mp4 m4a m4v mov avi mkv webm wav flac ogg opus ' +
    'zip gz tgz bz2 xz 7z rar zst lz4 jar war ear apk aab ipa dmg iso img so dylib dll exe o a lib obj class pyc pyo ' +
    'whl egg woff woff2 ttf otf eot pdf doc docx xls xlsx ppt pptx odt ods sqlite sqlite3 db mdb bin dat wasm node glb ' +
    'fbx blend parquet avro orc npy npz pkl pt onnx h5 tflite'
  ).split(' '),
);

export function hasBinaryExtension(path: string): boolean {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return false;
  return BINARY_EXTENSIONS.has(path.slice(dot + 1).toLowerCase());
}

/** The text of `bytes` read for `path`, or the skip event that says why there is none. */
export function textOrSkip(path: string, bytes: Buffer): { text: string } | { type: 'skip'; path: string; reason: 'binary' | 'lfsPointer' } {
  const d = decodeBytes(bytes);
  return d.kind === 'text' ? { text: d.text } : { type: 'skip', path, reason: d.kind };
}

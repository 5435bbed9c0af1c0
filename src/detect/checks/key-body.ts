// Checks on private-key bodies: real base64 DER, not an elided or placeholder block.
import { longestRun, type ValueCheck } from './shared.js';

/** An elided or placeholder line in a key body: ..., …, <key content>, [snip], xxxx, "your key here". */
const KEY_ELISION = /\.\.|…|<[^>]*>|\[[^\]]*\]|\*{3}|\b(?:snip|snipped|redacted|removed|truncated|omitted|elided|content|contents|here|your|example|placeholder|base64|insert|paste)\b/i;

/**
 * The base64 of a private key body, line by line (in a file, in a string with escaped newlines, in
 * commented or quoted lines), or undefined when the body is a placeholder: an elided line (...,
 * <key content>) or a run of one character (xxxx).
 */
function keyBody(v: string): { b64: string; lines: number } | undefined {
  if (/-----(?:BEGIN|END)\b/.test(v)) return undefined; // a capture that ran over into the next block
  const lines = v.replace(/\\r\\n|\\n|\\r/g, '\n').split(/\r?\n/);
  let b64 = '';
  let n = 0;
  for (const raw of lines) {
    // the decoration around a line in code and docs: quotes, concatenation, comment markers, indentation
    const l = raw
      .replace(/^[ \t]*(?:(?:#|\/\/|\*|;|--|>)[ \t]*)*(?:[bruf]{0,2}["'`])?[ \t]*/, '')
      .replace(/(?:[ \t]*["'`])?(?:[ \t]*(?:\+|,|\|\||\\|&)|[ \t]+\.)?[ \t]*$/, '');
    if (!l) continue;
    if (/^[A-Za-z][\w-]{0,40}:[ \t]/.test(l)) continue; // Proc-Type:, DEK-Info:, Comment:, Version:
    if (/^=[A-Za-z0-9+/]{4}$/.test(l)) continue; // PGP armour checksum
    if (/^[A-Za-z0-9+/]+={0,2}$/.test(l)) {
      if (l.length >= 16 && longestRun(l) * 2 >= l.length) return undefined; // xxxxxxxx, AAAAAAAA...
      b64 += l.replace(/=+$/, '');
      n++;
      continue;
    }
    if (KEY_ELISION.test(l) || /^[xX.*•_-]+$/.test(l)) return undefined;
  }
  return { b64, lines: n };
}

/**
 * Bytes a DER body (it starts with a SEQUENCE: MI..., MH..., MC...) says it holds, or undefined for
 * other bodies (OpenSSH, PGP, encrypted PEM).
 */
function derLength(b64: string): number | undefined {
  if (!/^M[A-Za-z0-9+/]/.test(b64)) return undefined;
  const der = Buffer.from(b64.slice(0, 8), 'base64');
  if (der[0] !== 0x30) return undefined;
  if (der[1] < 0x80) return 2 + der[1];
  if (der[1] === 0x81) return 3 + der[2];
  if (der[1] === 0x82) return 4 + ((der[2] << 8) | der[3]);
  return undefined;
}

/**
 * A complete key block (BEGIN ... END) holds a plausible body: base64, not a placeholder (..., <key
 * content>, xxxx, "anything") and not one short line (60 base64 characters: the smallest keys, Ed25519
 * in PKCS#8, take 64).
 */
export const plausibleKeyBody: ValueCheck = (v) => {
  const body = keyBody(v);
  return !!body && body.b64.length >= 60;
};

/**
 * A key block without its END line holds a plausible body: several lines (3, 150 base64 characters)
 * or one long line (200, the single-line form), and for a DER key not far less than its header says
 * (a README key cut after its first lines).
 */
export const plausibleKeyFragment: ValueCheck = (v) => {
  const body = keyBody(v);
  if (!body) return false;
  const len = body.b64.length;
  if (!((body.lines >= 3 && len >= 150) || len >= 200)) return false;
  const need = derLength(body.b64);
  return need === undefined || (len * 3) / 4 >= need * 0.9;
};

/**
 * A DER key body far shorter than its header says (MIIEpAIBAAKCAQEA announces 1,192 bytes): a key cut
 * to a few lines between its BEGIN and END. False for other bodies, and for placeholders.
 */
export function truncatedDerBody(v: string): boolean {
  const body = keyBody(v);
  if (!body) return false;
  const need = derLength(body.b64);
  return need !== undefined && (body.b64.length * 3) / 4 < need * 0.9;
}

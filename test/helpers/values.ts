// Random credential-like values for tests, built at run time (the committed tree holds none).
import { randomInt } from 'node:crypto';

const AN = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * Words and runs the detector takes for a placeholder wherever they appear (4Vw55i2FAKEY! has FAKE,
 * a run like XXXX): a random draw holds one about once in 50,000 values.
 */
const PLACEHOLDER_LIKE = /(.)\1\1|fake|dummy|test|todo|example|sample|secret|pass|changeme|redacted/i;

/** `draw()` again until it holds nothing the detector would take for a placeholder. */
function realistic(draw: () => string): string {
  for (;;) {
    const s = draw();
    if (!PLACEHOLDER_LIKE.test(s)) return s;
  }
}

/**
 * `first`, then `n` distinct letters and digits, then a digit: what the scanner flags as a password
 * or secret in any config file. Drawn without repeats: a draw with them (QRQNfEYN2iRQQQEg2) can fall
 * under the generic-secret rule's entropy floor, about 1 value in 20,000.
 */
export function passwordValue(first: string, n = 15): string {
  return realistic(() => {
    const pool = [...AN].filter((c) => c !== first);
    let s = first;
    for (let i = 0; i < n; i++) s += pool.splice(randomInt(pool.length), 1)[0];
    return s + randomInt(10);
  });
}

/** A random password a person might choose: letters and digits with a symbol, 12–16 characters. */
export function humanPassword(): string {
  return realistic(() => {
    let s = '';
    const n = 11 + randomInt(5);
    for (let i = 0; i < n; i++) s += AN[randomInt(AN.length)];
    return s + '!';
  });
}

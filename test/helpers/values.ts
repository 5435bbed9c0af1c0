// Random credential-like values for tests, built at run time (the committed tree holds none).
import { randomInt } from 'node:crypto';

const AN = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/**
 * `first`, then `n` distinct letters and digits, then a digit: what the scanner flags as a password
 * or secret in any config file. Drawn without repeats: a draw with them (QRQNfEYN2iRQQQEg2) can fall
 * under the generic-secret rule's entropy floor, about 1 value in 20,000.
 */
export function passwordValue(first: string, n = 15): string {
  const pool = [...AN].filter((c) => c !== first);
  let s = first;
  for (let i = 0; i < n; i++) s += pool.splice(randomInt(pool.length), 1)[0];
  return s + randomInt(10);
}

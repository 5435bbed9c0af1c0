// Wordness: do a value's letters read like words people type, or like random characters?
// Mean bits per letter under a letter-trigram model of several languages' common words
// (rules/confidence/wordness.json, made by scripts/train/wordness.py): "admin", "testpass" and
// "secret123" score 3 to 4 bits, random letters ("gfkknianwgto") 6 to 8.
import type { WordnessSpec } from './types.js';

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };

/** Bits per letter at or below which a value's leetspeak reading counts (the words are clear). */
const LEET_BITS = 4.3;

export class Wordness {
  private readonly q: Uint8Array;
  private readonly a: number;
  private readonly scale: number;

  constructor(spec: WordnessSpec) {
    this.a = spec.alphabet;
    this.scale = spec.scale;
    // Decoded natively (a parseInt per byte took milliseconds of every scan with findings).
    this.q = new Uint8Array(Buffer.from(spec.q, 'hex'));
    if (this.q.length !== spec.q.length / 2) throw new Error('wordness model: q is not hex');
  }

  /** Bits per letter of one lower-case a-z run, its end included. */
  private runBits(w: string): number {
    const a = this.a;
    let p = 0;
    let c1 = 0;
    let total = 0;
    for (let i = 0; i <= w.length; i++) {
      const c = i < w.length ? w.charCodeAt(i) - 96 : 0;
      total += this.q[(p * a + c1) * a + c];
      p = c1;
      c1 = c;
    }
    return total / this.scale / (w.length + 1);
  }

  /**
   * Like measure, but a value in leetspeak (GcPCl0udAdm1n2024#, N0t10nW0rkspace) is also read with
   * its digits and symbols inside words turned back to letters; the lower of the two counts.
   */
  measureTyped(value: string): { letters: number; bits?: number } {
    const m = this.measure(value);
    if (/^[0-9a-f]+$/i.test(value)) return m;
    let swaps = 0;
    const plain = value.replace(/(?<=[A-Za-z])[0134578@$](?=[A-Za-z0134578@$]*[A-Za-z])|[0134578@$](?=[A-Za-z]{2})/g, (c) => (swaps++, LEET[c] ?? c));
    if (swaps < 2) return m;
    // only a clear reading counts: random characters with digits in them rarely turn into words
    const p = this.measure(plain);
    return p.bits !== undefined && p.letters >= 8 && p.bits <= LEET_BITS && (m.bits === undefined || p.bits < m.bits) ? p : m;
  }

  /**
   * The letters of `value` (ASCII letters, split where camelCase changes case) and their mean bits
   * per letter; undefined bits when there are no letters.
   */
  measure(value: string): { letters: number; bits?: number } {
    const runs = value.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().match(/[a-z]+/g);
    if (!runs) return { letters: 0 };
    let letters = 0;
    let bits = 0;
    for (const r of runs) {
      letters += r.length;
      bits += this.runBits(r) * r.length;
    }
    return { letters, bits: bits / letters };
  }
}

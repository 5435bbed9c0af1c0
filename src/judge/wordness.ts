// Wordness: do a value's letters read like words people type, or like random characters?
// Mean bits per letter under a letter-trigram model of several languages' common words
// (rules/confidence/wordness.json, made by scripts/train/wordness.py): "admin", "testpass" and
// "secret123" score 3 to 4 bits, random letters ("gfkknianwgto") 6 to 8.
import type { WordnessSpec } from './types.js';

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

  /**
   * Whether `value` reads as words: at least `minLetters` letters, making up at least `minShare` of
   * its length, at fewer than `maxBits` bits a letter.
   */
  readsAsWords(value: string, t: { minLetters: number; minShare: number; maxBits: number }): boolean {
    const m = this.measure(value);
    return m.bits !== undefined && m.letters >= t.minLetters && m.letters >= value.length * t.minShare && m.bits < t.maxBits;
  }
}

// Random high-entropy values assigned to secret names must be found, whatever letters they happen to
// draw: an entropy floor or identifier check tuned too tight silently drops a share of real keys.
import { describe, expect, it } from 'vitest';
import { Detector } from '../../src/detect/engine.js';
import { loadConfig } from '../../src/config/load.js';

const AN = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('random secrets', () => {
  it('finds 17-character random values under secret-ish names in .env, YAML and code (≥ 99%)', () => {
    const d = new Detector(loadConfig({ root: '/nonexistent' }));
    const rnd = prng(42);
    const value = () => Array.from({ length: 16 }, () => AN[Math.floor(rnd() * AN.length)]).join('') + Math.floor(rnd() * 10);
    const shapes: Array<[string, (v: string) => string]> = [
      ['.env', (v) => `API_SECRET=${v}\n`],
      ['config.yml', (v) => `service:\n  api_token: ${v}\n`],
      ['settings.py', (v) => `SECRET_KEY = "${v}"\n`],
    ];
    let total = 0;
    let missed = 0;
    for (let i = 0; i < 400; i++) {
      for (const [path, make] of shapes) {
        const v = value();
        total++;
        if (!d.detect({ path, text: make(v) }).some((f) => f.secret === v)) missed++;
      }
    }
    expect(missed / total).toBeLessThanOrEqual(0.01);
  });
});

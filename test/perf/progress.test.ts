// The progress line: stderr only when it is a TTY, only after the first second, and it says
// how many commits (or files) are done, the throughput and, when the total is known, the time left.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../src/cli/progress.js';
import { emptySummary } from '../../src/types.js';

function fakeStream(isTTY: boolean) {
  const out: string[] = [];
  return { stream: { isTTY, write: (s: string) => out.push(s) } as unknown as NodeJS.WriteStream, out };
}

afterEach(() => vi.useRealTimers());

describe('progress display', () => {
  it('shows commits done of the total, MB/s and the time left on a TTY after a second', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-01-01T00:00:00Z'));
    const { stream, out } = fakeStream(true);
    const p = createProgress('commits', stream);
    const s = { ...emptySummary(), commits: 250, bytes: 5_000_000 };
    p.update(s, 1000);
    expect(out).toEqual([]); // not within the first second
    vi.setSystemTime(new Date('2024-01-01T00:00:10Z'));
    p.update(s, 1000);
    expect(out).toHaveLength(1);
    expect(out[0]).toContain('250/1000 commits');
    expect(out[0]).toContain('30s left');
    expect(out[0]).toContain('0.5 MB/s');
    p.done();
    expect(out[1]).toBe('\r\x1b[K');
  });

  it('counts files for directory scans and says nothing when stderr is not a TTY', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-01-01T00:00:00Z'));
    const tty = fakeStream(true);
    const pipe = fakeStream(false);
    const a = createProgress('files', tty.stream);
    const b = createProgress('files', pipe.stream);
    vi.setSystemTime(new Date('2024-01-01T00:00:02Z'));
    const s = { ...emptySummary(), scanned: 42, bytes: 2_000_000 };
    a.update(s);
    b.update(s);
    b.done();
    expect(tty.out[0]).toContain('42 files');
    expect(tty.out[0]).toContain('1.0 MB/s');
    expect(pipe.out).toEqual([]);
  });

  it('shows files done of the total and the time left once a directory walk has listed them all', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2024-01-01T00:00:00Z'));
    const { stream, out } = fakeStream(true);
    const p = createProgress('files', stream);
    vi.setSystemTime(new Date('2024-01-01T00:00:04Z'));
    // 400 of 1000 listed files answered for (some skipped as binary), 4 s in: 6 s left.
    p.update({ ...emptySummary(), scanned: 390, bytes: 8_000_000 }, { done: 400, total: 1000 });
    expect(out[0]).toContain('400/1000 files');
    expect(out[0]).toContain('6s left');
    expect(out[0]).toContain('2.0 MB/s');
  });
});

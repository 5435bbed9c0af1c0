// Maps offsets in a fragment's text to real line and column numbers.
import type { Fragment } from '../types.js';

export class LineIndex {
  private starts: number[] | undefined;
  constructor(private readonly fragment: Fragment) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const text = this.fragment.text;
    const starts = [0];
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    this.starts = starts;
    return starts;
  }

  /** 0-based index of the text line holding `offset`. */
  lineIndexOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Real 1-based line number of text line `idx`. */
  realLine(idx: number): number {
    const nums = this.fragment.lineNumbers;
    if (nums) return nums[idx] ?? nums[nums.length - 1] ?? idx + 1;
    return (this.fragment.firstLine ?? 1) + idx;
  }

  /** 1-based column (in UTF-16 code units) of `offset` within its line. */
  column(offset: number): number {
    const starts = this.lineStarts();
    return offset - starts[this.lineIndexOf(offset)] + 1;
  }

  /** Number of text lines. */
  lineCount(): number {
    return this.lineStarts().length;
  }

  /** [start, end) of text line `idx`, without its '\n'. */
  lineSpan(idx: number): [number, number] {
    const starts = this.lineStarts();
    return [starts[idx], idx + 1 < starts.length ? starts[idx + 1] - 1 : this.fragment.text.length];
  }

  lineText(idx: number): string {
    const starts = this.lineStarts();
    const text = this.fragment.text;
    const start = starts[idx];
    let end = idx + 1 < starts.length ? starts[idx + 1] - 1 : text.length;
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    return text.slice(start, end);
  }
}

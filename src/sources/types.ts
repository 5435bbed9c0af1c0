// A source yields the text to scan, plus what it skipped and why.
import type { Fragment, SkipCounts } from '../types.js';

export type SourceEvent =
  | { type: 'fragment'; fragment: Fragment }
  | { type: 'skip'; path: string; reason: keyof SkipCounts; detail?: string }
  /** One commit walked (history, pre-push, pre-receive), for the summary and progress display. */
  | { type: 'commit'; sha: string }
  /** Something the user should know, e.g. "history is shallow: scanned the 12 commits present". */
  | { type: 'note'; text: string };

export type Source = AsyncIterable<SourceEvent>;

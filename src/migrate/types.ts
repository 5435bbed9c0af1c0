// Types at the seams of `leakguard migrate`: plan -> store -> rewrite -> purge advice.
import type { Finding } from '../types.js';

/** One value to move: a finding the plan decided to migrate. */
export interface PlannedValue {
  finding: Finding;
  /** Key inside the secret's JSON object, e.g. "DB_PASSWORD". Derived from the assigned name, never from the value. */
  key: string;
}

/** One Secrets Manager secret: a JSON object of named keys. */
export interface PlannedSecret {
  /** Validated Secrets Manager name, e.g. "myapp/dev/config-py". */
  name: string;
  /** Repo-relative path the values came from. */
  sourcePath: string;
  values: PlannedValue[];
}

/** A span edit inside one file: replace [start, end) (UTF-16 offsets into the file text) with `replacement`. */
export interface SpanEdit {
  start: number;
  end: number;
  replacement: string;
}

/** What a rewriter is asked to do for one file. */
export interface RewriteRequest {
  /** Absolute path of the repo root. */
  root: string;
  /** Repo-relative path of the file. */
  path: string;
  /** Current file text. */
  text: string;
  /** The values in this file, each with the secret it now lives in. */
  items: Array<{ finding: Finding; secretName: string; key: string }>;
}

/** A rewriter's answer: the new text plus any helper files to create (loader modules), or why it cannot. */
export type RewriteResult =
  | {
      kind: 'edit';
      newText: string;
      /** Files to create or refresh next to the edited file (repo-relative path -> content). */
      extraFiles: Record<string, string>;
      /** One line per change, for the plan. */
      notes: string[];
      /** The file now holds aws-sm:// references that only the app's own code can resolve where it loads the file. */
      readByApp?: boolean;
    }
  | { kind: 'manual'; reason: string; step: string };

export interface Rewriter {
  /** Short id, e.g. "python", "javascript", "dotenv". */
  id: string;
  /** Whether this rewriter handles the file. */
  handles(path: string, text: string): boolean;
  rewrite(req: RewriteRequest): Promise<RewriteResult>;
  /** Re-parse the result; return an error message if it no longer parses. */
  validate(path: string, text: string): Promise<string | null>;
}

// Messages between a hang-guard test and its worker thread (worker.ts).
export interface GuardRequest {
  /** Names of INPUTS (inputs.ts) to run; for 'pump', none. */
  inputs: string[];
  /**
   * 'each': every built-in rule alone on the inputs; 'whole': one detector with all of them;
   * 'pump': each rule alone on inputs made from its own regex (pump.ts).
   */
  mode: 'each' | 'whole' | 'pump';
  /** For 'pump': this share of the rules (part of parts), and the inputs' length. */
  part?: number;
  parts?: number;
  pumpLength?: number;
}

export type GuardMessage =
  | { type: 'start'; input: string; rule: string }
  | { type: 'done'; input: string; rule: string; ms: number }
  /** `rules`: how many steps ran in all. */
  | { type: 'end'; rules: number };

// Adversarial inputs made from each rule's own regex, so the hang guard reaches every rule, also
// one edited tomorrow: a sample string the regex matches (one pick for each class, alternative
// and repetition), then, for every repetition that may run long, the sample with that repetition
// pumped to a long run, both as is and cut off after the run by a character that makes the match
// fail (what turns nested repetitions exponential and a scan from every start quadratic), and the
// sample itself repeated (many candidate starts on one line).
import type { Node as RegexNode } from '../../../src/regex/ast.js';
import { atomSet } from '../../../src/regex/atoms.js';
import { parseRegex } from '../../../src/regex/parse.js';

/** Characters a sample prefers, in order: ones every class of a secret's body tends to allow. */
const PREFERRED = 'aA0bB1xX_-./+=: ';

function pick(set: Array<[number, number]>): string {
  for (const ch of PREFERRED) {
    const c = ch.charCodeAt(0);
    if (set.some(([lo, hi]) => lo <= c && c <= hi)) return ch;
  }
  for (const [lo, hi] of set) {
    for (let c = Math.max(lo, 0x21); c <= Math.min(hi, 0x7e); c++) return String.fromCharCode(c);
  }
  return set.length ? String.fromCharCode(set[0]![0]) : '';
}

type Pumped = { node: RegexNode; length: number } | undefined;

/** The flags of the regex being sampled (what its one-character nodes match depends on them). */
let ignoreCase = false;
let dotAll = false;

/** One string `n` matches (lookarounds and back-references are left out); `pump` lengthens one repetition. */
function sample(n: RegexNode, pump: Pumped): string {
  const set = atomSet(n, ignoreCase, dotAll);
  if (set) return pick(set);
  switch (n.t) {
    case 'seq':
      return n.items.map((it) => sample(it, pump)).join('');
    case 'alt':
      return sample(n.items[0]!, pump);
    case 'group':
      return sample(n.body, pump);
    case 'rep': {
      const body = sample(n.body, pump);
      if (pump && pump.node === n && body.length) {
        const times = Math.min(n.max, Math.max(n.min, Math.ceil(pump.length / body.length)));
        return body.repeat(times);
      }
      return body.repeat(Math.min(n.min, 64));
    }
    default:
      return '';
  }
}

/** Repetitions that can run long (unbounded, or bounded high), outermost first. */
function longRepeats(n: RegexNode, out: RegexNode[] = []): RegexNode[] {
  switch (n.t) {
    case 'rep':
      if (n.max >= 64) out.push(n);
      longRepeats(n.body, out);
      break;
    case 'seq':
    case 'alt':
      for (const it of n.items) longRepeats(it, out);
      break;
    case 'group':
    case 'look':
      longRepeats(n.body, out);
      break;
  }
  return out;
}

export interface PumpInput {
  name: string;
  text: string;
}

/** Marks where a pumped run ends in the cut-off variant; no built-in rule's class holds it. */
const FAIL = '\u0001';

/** True when `target` is `n` or inside it. */
function contains(n: RegexNode, target: RegexNode): boolean {
  if (n === target) return true;
  switch (n.t) {
    case 'seq':
    case 'alt':
      return n.items.some((it) => contains(it, target));
    case 'group':
    case 'look':
    case 'rep':
      return contains(n.body, target);
    default:
      return false;
  }
}

/** The sample up to the end of the pumped repetition `target`; what would follow it is dropped. */
function cutAfterPump(n: RegexNode, target: RegexNode, length: number): string {
  if (n === target) return sample(n, { node: n, length });
  if (!contains(n, target)) return sample(n, undefined);
  switch (n.t) {
    case 'seq': {
      let s = '';
      for (const it of n.items) {
        if (contains(it, target)) return s + cutAfterPump(it, target, length);
        s += sample(it, undefined);
      }
      return s;
    }
    case 'alt':
      return cutAfterPump(n.items.find((it) => contains(it, target))!, target, length);
    case 'group':
    case 'rep': // one pass through the body, up to the target in it
      return cutAfterPump(n.body, target, length);
    default:
      return '';
  }
}

/** Adversarial inputs of about `length` characters for a regex (JavaScript syntax, a leading (?i) allowed). */
export function pumpInputs(regex: string, length: number): PumpInput[] {
  const m = /^\(\?([imsx]+)\)/.exec(regex);
  const source = m ? regex.slice(m[0].length) : regex;
  const flags = m ? m[1]! : '';
  let tree: RegexNode;
  try {
    tree = parseRegex(source);
  } catch {
    return [];
  }
  ignoreCase = flags.includes('i');
  dotAll = flags.includes('s');
  const base = sample(tree, undefined);
  const out: PumpInput[] = [];
  if (base.length) {
    out.push({ name: 'the sample repeated', text: base.repeat(Math.ceil(length / base.length)) });
    out.push({ name: 'the sample repeated, space-separated', text: (base + ' ').repeat(Math.ceil(length / (base.length + 1))) });
  }
  longRepeats(tree).forEach((node, i) => {
    out.push({ name: `repetition ${i + 1} pumped`, text: sample(tree, { node, length }) });
    out.push({ name: `repetition ${i + 1} pumped, then a failing character`, text: cutAfterPump(tree, node, length) + FAIL });
  });
  return out;
}

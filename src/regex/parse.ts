// The parser of JavaScript regex syntax (no u flag, as src/config/regex.ts compiles rules) into
// the syntax tree of ast.ts, which every analysis reads: facts.ts (the prefilter's facts),
// backtracking.ts (the guard on user rules), and the hang guards' input generator. Go RE2 syntax
// has its own front end (parse-go.ts) producing the same tree.
import type { Node } from './ast.js';
import { readClass, readEscape, readQuantifier } from './lex.js';

/** Parses JavaScript regex source into the tree; throws on syntax it cannot read. */
export function parseRegex(src: string): Node {
  const p = new Parser(src);
  const tree = p.disjunction();
  if (p.i !== src.length) throw new Error('unbalanced');
  return tree;
}

/** A quantifier node over `body` from readQuantifier's answer at `at`. */
export function repOf(body: Node, src: string, at: number, q: { min: number; max: number; end: number }): Node {
  const text = src.slice(at, q.end);
  return { t: 'rep', body, min: q.min, max: q.max, lazy: text.length > 1 && text.endsWith('?'), text };
}

/** Branches separated by `|`: the branch itself when there is only one. */
export function alternation(branches: Node[]): Node {
  return branches.length === 1 ? branches[0] : { t: 'alt', items: branches };
}

class Parser {
  i = 0;
  constructor(private readonly src: string) {}

  disjunction(): Node {
    const branches = [this.alternative()];
    while (this.src[this.i] === '|') {
      this.i++;
      branches.push(this.alternative());
    }
    return alternation(branches);
  }

  private alternative(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') items.push(this.term());
    return { t: 'seq', items };
  }

  private term(): Node {
    const { src } = this;
    const c = src[this.i];
    // ^ $ \b \B take no quantifier (a following one is an error, or a literal '{').
    if (c === '^' || c === '$') {
      this.i++;
      return { t: 'assert', kind: c };
    }
    if (src.startsWith('\\b', this.i) || src.startsWith('\\B', this.i)) {
      this.i += 2;
      return { t: 'assert', kind: src[this.i - 1] === 'b' ? '\\b' : '\\B' };
    }
    let atom: Node;
    const look = /^\(\?(<?)([=!])/.exec(src.slice(this.i, this.i + 4));
    if (look) {
      this.i += look[0].length;
      const body = this.disjunction();
      this.expect(')');
      atom = { t: 'look', behind: look[1] === '<', negative: look[2] === '!', body };
    } else atom = this.atom();
    const at = this.i;
    const q = readQuantifier(src, at);
    if (!q) return atom;
    this.i = q.end;
    return repOf(atom, src, at, q);
  }

  private expect(ch: string): void {
    if (this.src[this.i] !== ch) throw new Error('unexpected');
    this.i++;
  }

  private atom(): Node {
    const { src } = this;
    const c = src[this.i];
    if (c === '(') {
      this.i++;
      let capture = true;
      let name: string | undefined;
      if (src[this.i] === '?') {
        if (src[this.i + 1] === ':') {
          this.i += 2;
          capture = false;
        } else if (src[this.i + 1] === '<') {
          const end = src.indexOf('>', this.i);
          if (end === -1) throw new Error('bad group');
          name = src.slice(this.i + 2, end);
          this.i = end + 1;
        } else throw new Error('unknown group');
      }
      const body = this.disjunction();
      this.expect(')');
      return name === undefined ? { t: 'group', capture, body } : { t: 'group', capture, name, body };
    }
    if (c === '.') {
      this.i++;
      return { t: 'dot' };
    }
    if (c === '[') {
      const cls = readClass(src, this.i);
      this.i = cls.end;
      return { t: 'class', negated: cls.negated, items: cls.items };
    }
    if (c === '\\') {
      const start = this.i;
      const e = readEscape(src, start, false);
      this.i = e.end;
      if ('backref' in e) return { t: 'backref', ref: e.backref };
      if (!('ranges' in e)) return { t: 'unknown', text: src.slice(start, e.end) };
      const [r] = e.ranges;
      return e.ranges.length === 1 && r[0] === r[1] ? { t: 'char', code: r[0] } : { t: 'escape', name: src[start + 1], set: e.ranges };
    }
    if (c === ')' || c === '|' || c === undefined) throw new Error('unexpected');
    if (c === '*' || c === '+' || c === '?') throw new Error('nothing to repeat');
    this.i++;
    return { t: 'char', code: c.charCodeAt(0) };
  }
}

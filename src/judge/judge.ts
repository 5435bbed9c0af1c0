// The judge: a confidence (high, medium, low) for each candidate the detector found, with the
// reasons that set it. A base score by rule (or kind), plus the weights of the features of its file,
// line, key and value that apply (rules/confidence/judge.toml); features of one group do not add
// up (the most negative applies). Runs only on candidates, so it costs nothing on clean text.
import type { Confidence } from '../types.js';
import { truncatedDerBody } from '../detect/checks/key-body.js';
import { judgeData } from './data.js';
import { compileFileFeatures, docBlocks, isCatalogue, type FileFeature } from './file-context.js';
import { compileLineFeatures, keyFeature, lineFeatureApplies, otherKeyFeature, secretRefKeyFeature, type LineFeature } from './line-context.js';
import { compileValueFeatures, humanPasswordShape, leetLetters, type ValueFeature } from './value-features.js';
import { dataRegex, keyWords, type Applied, type Candidate, type JudgeData, type JudgeSpec, type Verdict } from './types.js';
import { Wordness } from './wordness.js';

/** What the judge knows of a whole fragment (computed on its first candidate). */
export interface FileVerdict {
  applied: Applied[];
  /** Line ranges of documentation blocks in the fragment (docBlocks), where values are examples. */
  docBlocks?: Array<[number, number]>;
}

const fmt = (w: number) => (w > 0 ? `+${w}` : `${w}`);

/** A name that ends in a password word (where a digest-sized value is a stored hash). */
const PASSWORD_NAME = /(?:pass|password|passwd|pwd)["'`\]]*$/i;

/**
 * The name a value is assigned to, read from the line when the rule has no name group: the last
 * name before the value and an assignment ('example' => 'eyJ...', example: "eyJ...", EXAMPLE=...).
 */
function nameBefore(line: string, value: string): string | undefined {
  const at = value ? line.indexOf(value) : -1;
  if (at <= 0) return undefined;
  const before = line.slice(Math.max(0, at - 120), at);
  // a colon assigns only after a quoted name or before a space (not user:password in a URL)
  const m = /(["'`]?)([A-Za-z_$][\w$.-]{0,80})\1[ \t]*(?:=>|:=|=|:(?=[ \t])|(?<=["'`]):)[ \t]*["'`]?$/.exec(before);
  return m?.[2];
}

/**
 * The text a password's (or connection string's) context features read: its nearby lines. A generic
 * secret's are read only for the name of a Secret beside it; its other features read its own line.
 */
const around = (c: Candidate) => (c.kind === 'generic-secret' ? c.line : c.nearby ?? c.line);

/** File features whose files configure tests or throwaway services, never a deployment. */
const TEST_LIKE = new Set(['test-file', 'ci-config']);

/**
 * Whether `value` ends its line (a closing quote and a comment may follow), or the password of a URL
 * that does (mysql://app:VALUE@db/app): a literal, not part of an expression.
 */
function literalAtEnd(line: string, value: string): boolean {
  const at = line.lastIndexOf(value);
  return at >= 0 && /^(?:@[^\s"']*)?["']?[ \t]*(?:#.*)?\r?$/.test(line.slice(at + value.length));
}

export class Judge {
  private readonly spec: JudgeSpec;
  private readonly files: FileFeature[];
  private readonly lines: LineFeature[];
  private readonly values: ValueFeature[];
  private readonly wordness: Wordness;
  private readonly markers: Set<string>;
  private readonly digest: RegExp;
  private readonly key: (key: string | undefined, value: string) => Applied | undefined;
  private readonly hashKey: (key: string | undefined, value: string) => Applied | undefined;
  private readonly dummyKey: (key: string | undefined, value: string) => Applied | undefined;
  private readonly otherKey: (name: string | undefined) => Applied | undefined;
  private readonly secretRefKey: (name: string | undefined, value: string, line: string, nearby?: string) => Applied | undefined;
  private readonly saltedValue: RegExp;
  private readonly saltNear: RegExp;
  private readonly outcomeName: RegExp;
  private readonly outcomeNear: RegExp;
  private readonly catalogue: Applied;
  private readonly cataloguePaths: RegExp[];
  private readonly docBlockPaths: RegExp[];
  private readonly docBlockStart: RegExp;
  private readonly contentPaths: RegExp[];
  private readonly contentKinds: RegExp[][];
  private readonly minifiedPaths: RegExp[];
  private readonly unquotedPaths: RegExp[];

  constructor(data: JudgeData = judgeData()) {
    this.spec = data.judge;
    this.files = compileFileFeatures(this.spec);
    this.lines = compileLineFeatures(this.spec);
    this.wordness = new Wordness(data.wordness);
    this.markers = new Set(this.spec.value.dummy.markers);
    this.digest = dataRegex(this.spec.typedFixture.digest);
    this.values = compileValueFeatures(this.spec, this.wordness);
    this.key = keyFeature(this.spec.key);
    this.hashKey = keyFeature(this.spec.hashKey, 'hash-key', 'digest');
    this.dummyKey = keyFeature(this.spec.dummyKey, 'dummy-key', 'any', 'weak');
    this.otherKey = otherKeyFeature(this.spec.otherKey);
    this.secretRefKey = secretRefKeyFeature(this.spec.secretRefKey);
    this.saltedValue = dataRegex(this.spec.saltedHash.value);
    this.saltNear = dataRegex(this.spec.saltedHash.near);
    this.outcomeName = dataRegex(this.spec.testOutcome.name);
    this.outcomeNear = dataRegex(this.spec.testOutcome.near);
    this.catalogue = { weight: this.spec.catalogue.weight, reason: this.spec.catalogue.reason };
    this.cataloguePaths = this.spec.catalogue.paths.map((r) => dataRegex(r, 'i'));
    this.docBlockPaths = this.spec.docBlock.paths.map((r) => dataRegex(r, 'i'));
    this.docBlockStart = dataRegex(this.spec.docBlock.start, 'g');
    this.contentPaths = this.spec.deployableContent.paths.map((r) => dataRegex(r, 'i'));
    this.contentKinds = this.spec.deployableContent.kinds.map((k) => k.map((r) => dataRegex(r)));
    this.minifiedPaths = this.spec.minifiedContent.paths.map((r) => dataRegex(r, 'i'));
    this.unquotedPaths = (this.spec.value['unquoted-name'].paths ?? []).map((r) => dataRegex(r, 'i'));
  }

  /** Features of the file at `path` holding `text`. */
  file(path: string, text: string): FileVerdict {
    const p = path.replace(/\\/g, '/');
    let applied = this.files.filter((f) => f.test(p)).map((f) => f.applied);
    const dc = this.spec.deployableContent;
    // configuration kept with the tests (tests/values.yaml, ci/docker-compose.yml, e2e/.env) configures
    // the tests, and a CI pipeline's or dev container's services are throwaway: not deployable (a
    // compose file under examples/ is still deployable)
    const test = applied.some((a) => TEST_LIKE.has(a.id ?? ''));
    if (test) applied = applied.filter((a) => a.id !== dc.id);
    if (!test && !applied.some((a) => a.id === dc.id) && this.contentPaths.some((r) => r.test(p))) {
      const head = text.length > 16384 ? text.slice(0, 16384) : text;
      if (this.contentKinds.some((k) => k.every((r) => r.test(head)))) applied.push({ id: dc.id, weight: dc.weight, reason: dc.reason });
    }
    // minified by its content, whatever it is called (vendor/ace/mode-markdown.js): long lines on average
    const mc = this.spec.minifiedContent;
    if (!applied.some((a) => a.id === 'generated-file') && this.minifiedPaths.some((r) => r.test(p))) {
      const head = text.length > 65536 ? text.slice(0, 65536) : text;
      let lines = 1;
      for (let i = head.indexOf('\n'); i !== -1; i = head.indexOf('\n', i + 1)) lines++;
      if (head.length >= mc.minLength && head.length / lines >= mc.meanLineLength) applied.push({ id: 'generated-file', weight: mc.weight, reason: mc.reason });
    }
    const mayBe = !applied.some((a) => a.weight <= this.catalogue.weight) && this.cataloguePaths.some((r) => r.test(p));
    if (mayBe && isCatalogue(text, this.spec.catalogue, p)) applied.push(this.catalogue);
    const blocks = this.docBlockPaths.some((r) => r.test(p)) ? docBlocks(text, this.docBlockStart) : undefined;
    return blocks?.length ? { applied, docBlocks: blocks } : { applied };
  }

  level(score: number): Confidence {
    const { high, medium } = this.spec.levels;
    return score >= high ? 'high' : score >= medium ? 'medium' : 'low';
  }

  /** The verdict on one candidate; `paired`: an AWS access key ID lies within `pairLines` lines. */
  judge(c: Candidate, file: FileVerdict, paired = false): Verdict {
    const base = this.spec.base.rules[c.ruleId] ?? { score: this.spec.base.kinds[c.kind] ?? 2 };
    const applied: Applied[] = [];
    const value = c.secret;
    // Base64 of a dummy word, or a name standing for the value (features marked exceptDeployed), count
    // in tests and elsewhere, not as a literal of deployable configuration (a Secret's data, a compose
    // file's redis_password, is the leak): in a deployable file that is not also a test, doc, example
    // or CI file, on a line that is not commented out, where the value ends its line
    // (`'password': nova_db_password,` is an expression in a Jinja or flow map).
    const deployable = file.applied.some((a) => a.id === 'deployable-config');
    const notProduction = file.applied.some((a) => a.group === 'not-production');
    const literal = deployable && !notProduction && !/^[ \t]*(?:#|\/\/|;)/.test(c.line) && literalAtEnd(c.line, value);
    const ofValue = this.values.map((f) => f(value, c.ruleId, c.key)).filter((a): a is Applied => !!a && !(literal && a.exceptDeployed));
    // long and random counts only when nothing else about the value speaks against it (a dummy
    // marker word, digits in a row, a well-known example)
    // ...and base64 of readable text looks random only by its encoding
    const decoded = ofValue.some((a) => a.id?.startsWith('decoded'));
    const valueApplied = ofValue.some((a) => a.weight < 0) ? ofValue.filter((a) => a.id !== 'long-random' && !(decoded && a.id === 'random')) : ofValue;
    if (valueApplied.some((a) => a.exclude)) {
      const why = valueApplied.find((a) => a.exclude)!;
      return { confidence: 'low', score: -Infinity, reasons: [why.reason], excluded: true };
    }
    // A test's private key cut to a few lines between its BEGIN and END proves nothing: its shape is not a key's.
    if (c.kind === 'private-key' && file.applied.some((a) => a.id === 'test-file') && truncatedDerBody(value)) {
      return { confidence: 'low', score: 0, reasons: [this.spec.truncatedTestKey.reason] };
    }
    if (base.proven) {
      return { confidence: this.level(base.score), score: base.score, reasons: [`the value's shape proves it (${c.ruleId})`] };
    }
    applied.push(...file.applied);
    if (file.docBlocks?.some(([a, b]) => c.lineIdx >= a && c.lineIdx <= b)) {
      const d = this.spec.docBlock;
      applied.push({ id: 'doc-block', weight: d.weight, reason: d.reason, group: 'not-production' });
    }
    // The line's features are judged without the value in it (a value holding ",t(" is no message).
    const line = value.length > 0 ? c.line.split(value).join('VALUE') : c.line;
    for (const l of this.lines) if (lineFeatureApplies(l, c.path, line)) applied.push(l.applied);
    const random = valueApplied.some((a) => a.id === 'random');
    // the name's own last part (passwordMock.newPassword is a password field of a mock object)
    const ownName = (c.key ?? nameBefore(c.line, value))?.split(/[.[\]>]/).filter(Boolean).pop();
    for (const k of [this.key(c.key, value), this.hashKey(c.key, value), random && value.length >= 16 ? undefined : this.dummyKey(ownName, value), this.otherKey(ownName) ?? (c.kind === 'password' || c.kind === 'generic-secret' ? this.otherField(c.key, ownName) : undefined), this.secretRefKey(ownName, value, c.line, c.nearby)]) if (k) applied.push(k);
    applied.push(...valueApplied);
    for (const x of [this.unquoted(c, value), this.called(c, value), this.saltedHash(c, value), this.elided(c, value), this.testOutcome(c, ownName)]) if (x) applied.push(x);
    const same = this.sameAsUser(c, value);
    // in deployable configuration the user's name as the password is still the password that deploys
    if (same) applied.push(literal ? { ...same, weight: this.spec.userAsPassword.deployedWeight } : same);
    // In a test, doc or example file that is not deployable configuration: a typed value or a stored hash.
    const tf = this.spec.typedFixture;
    const nonProduction = notProduction && !deployable;
    if (nonProduction && tf.kinds.includes(c.kind)) {
      const typed = this.typedValue(value, c.path, random, c.kind, file.applied.some((a) => a.id === 'test-file'));
      // the project's own name outweighs its letters looking random (webgoat)
      if (typed) applied.push({ id: 'typed-fixture', weight: typed === 'name' ? tf.nameWeight : tf.weight, reason: typed === 'name' ? tf.nameReason : tf.reason, group: tf.group });
    }
    if (nonProduction && c.kind === 'password' && PASSWORD_NAME.test(c.key ?? '') && this.digest.test(value)) {
      applied.push({ id: 'digest-fixture', weight: tf.digestWeight, reason: tf.digestReason, group: 'shape' });
    }
    const pairs = paired && c.kind === 'aws-secret-access-key';
    if (pairs) applied.push({ weight: this.spec.pair.weight, reason: this.spec.pair.reason });
    // One feature per group: the most negative. Features the rule ignores do not count.
    const ignored = new Set(base.ignore ?? []);
    const best = new Map<string, Applied>();
    const kept: Applied[] = [];
    for (const a of applied) {
      if (a.id && ignored.has(a.id)) continue;
      if (!a.group) kept.push(a);
      else if (!best.has(a.group) || a.weight < best.get(a.group)!.weight) best.set(a.group, a);
    }
    kept.push(...best.values());
    let score = base.score;
    for (const a of kept) score += a.weight;
    score = Math.round(score * 100) / 100;
    const reasons = [`${c.kind} rule ${c.ruleId} (${base.score})`, ...kept.filter((a) => a.weight !== 0).map((a) => `${a.reason} (${fmt(a.weight)})`)];
    // High is for what the shape proves (or a live check, or an AWS key pair): context alone never makes it.
    const level = this.level(score);
    return { confidence: level === 'high' && !pairs ? 'medium' : level, score, reasons };
  }

  /**
   * How a value was typed for a fixture: 'name' when its letters are a name in the file's path (the
   * project or module: webgoat), 'words' when they read as words (password123!, NewPass123!, pwned).
   */
  private typedValue(value: string, path: string, random: boolean, kind: string, test: boolean): 'name' | 'words' | undefined {
    const tf = this.spec.typedFixture;
    const letters = value.replace(/[^A-Za-z]/g, '').toLowerCase();
    const segments = path.toLowerCase().split(/[/\\._-]+/);
    // ...or with "my" or "the" before it (myodoo in odoo's docs)
    const named = (l: string) => l.length >= 4 && segments.includes(l);
    if (named(letters) || named(letters.replace(/^(?:my|the|your)/, ''))) return 'name';
    if (random) return undefined;
    // leetspeak read back as letters (Datad0gM0n1t0r2024#)
    if (!this.wordness.readsAsWords(leetLetters(value) ?? value, tf)) return undefined;
    // a word with digits and a symbol (Liverpool2019*) is how people make real passwords, even in
    // ops notes; unless its word is a dummy marker (Password123!, NewPass123!) or it is in a test
    // (vault-me-1 in a test was typed for the test). A key or token made
    // of words (Server-Access-Key1) is a fixture whatever its shape.
    if (!humanPasswordShape(value) || kind !== 'password' || test) return 'words';
    return value.split(/(?<=[a-z])(?=[A-Z])|[^A-Za-z]+/).some((w) => this.markers.has(w.toLowerCase())) ? 'words' : undefined;
  }

  /**
   * A name written without quotes in code: neither quoted itself nor inside a string literal (an odd
   * number of quotes before it), on a line that is not a comment, and shaped like a code name
   * (DEFAULT_PASSWORD, config.password, SigningAlgRSAUsingSHA256; not hunter2 in a docstring).
   */
  private unquoted(c: Candidate, value: string): Applied | undefined {
    const f = this.spec.value['unquoted-name'];
    if (!this.unquotedPaths.some((r) => r.test(c.path))) return undefined;
    if (!/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*$/.test(value) || !/[_.]|[a-z][A-Z]|^[A-Z][A-Z0-9]+$/.test(value)) return undefined;
    const at = c.line.indexOf(value);
    if (at < 0 || /^[ \t]*(?:\/\/|#|\*|\/\*|--|;)/.test(c.line)) return undefined;
    const before = c.line.slice(0, at);
    const after = c.line[at + value.length] ?? '';
    if (/["'`]$/.test(before) || /["'`]/.test(after)) return undefined;
    for (const q of ['"', "'", '`']) if ((before.split(q).length - 1) % 2 === 1) return undefined;
    const m = this.wordness.measure(value);
    if (m.bits === undefined || m.bits >= this.spec.value.wordlike.maxBits + 1) return undefined;
    return { id: 'unquoted-name', weight: f.weight ?? 0, reason: f.reason, group: f.group };
  }

  /**
   * A name the line calls or opens a block with, unquoted (`local auth_request = http_client:request {`,
   * `token = session.fetch(`): a method reference, not a literal.
   */
  private called(c: Candidate, value: string): Applied | undefined {
    if (!/^[A-Za-z_$][\w$]*(?:[.:][A-Za-z_$][\w$]*)+$/.test(value)) return undefined;
    const at = c.line.indexOf(value);
    if (at < 0 || /["'`]$/.test(c.line.slice(0, at))) return undefined;
    if (!/^[ \t]*[({]/.test(c.line.slice(at + value.length))) return undefined;
    const f = this.spec.value.identifier;
    return { id: 'identifier', weight: f.weight ?? 0, reason: f.reason, group: f.group };
  }

  /**
   * Another field of an object the name calls a password (password1.Username = "jane doe",
   * resetPassword.email): its own last part names no secret, so the value is that field.
   */
  private otherField(key: string | undefined, ownName: string | undefined): Applied | undefined {
    // a member path in code (password1.Username), not a URL's user or a host name
    if (!key || !ownName || !/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(key)) return undefined;
    if (/pass|pwd|pw$|secret|token|key|auth|cred|value|text|plain|raw|data|string|str$/i.test(ownName)) return undefined;
    const f = this.spec.otherKey;
    return { id: 'other-key', weight: f.weight, reason: f.reason, group: 'shape' };
  }

  /** A hex digest under a password (or secret) name with a salt kept beside it: a stored hash. */
  private saltedHash(c: Candidate, value: string): Applied | undefined {
    const f = this.spec.saltedHash;
    if (c.kind !== 'password' && c.kind !== 'generic-secret') return undefined;
    return this.saltedValue.test(value) && this.saltNear.test(around(c)) ? { id: 'salted-hash', weight: f.weight, reason: f.reason, group: 'shape' } : undefined;
  }

  /** A validator test's passing case (`pass: '129.89.23.1'` beside `fail: 'abc'`): an input, not a password. */
  private testOutcome(c: Candidate, name: string | undefined): Applied | undefined {
    const f = this.spec.testOutcome;
    if (!name || !this.outcomeName.test(name)) return undefined;
    return this.outcomeNear.test(around(c)) ? { id: 'test-outcome', weight: f.weight, reason: f.reason, group: 'shape' } : undefined;
  }

  /**
   * A value the text cuts short with "..." (eyJhbGciOi...); the rule may have taken a dot or two of
   * the ellipsis into the value. Not for passwords: a generated one may end in dots (F2-fL-oMwVZE5n...).
   */
  private elided(c: Candidate, value: string): Applied | undefined {
    const f = this.spec.elided;
    if (c.kind === 'password' || c.kind === 'connection-string') return undefined;
    const cut = value.replace(/\.+$/, '');
    if (cut.length < f.minLength) return undefined;
    return /(?:\.\.\.|…)$/.test(value) || c.line.includes(`${cut}...`) || c.line.includes(`${cut}…`) ? { id: 'elided', weight: f.weight, reason: f.reason, group: 'shape' } : undefined;
  }

  /** The password is the user or database name given beside it (POSTGRES_USER: app, POSTGRES_PASSWORD: app). */
  private sameAsUser(c: Candidate, value: string): Applied | undefined {
    const f = this.spec.userAsPassword;
    if (!f.kinds.includes(c.kind) || !/^[A-Za-z][\w.-]{2,40}$/.test(value)) return undefined;
    const same: Applied = { id: 'user-as-password', weight: f.weight, reason: f.reason, group: f.group };
    // the password is a word of its own name: APP_USER_PASSWORD: app, REPLICATOR_USER_PASSWORD: replicator
    const own = c.key ? keyWords(c.key.replace(/["'`\]\[]/g, '')) : [];
    if (own.length >= 2 && own.slice(0, -1).includes(value.toLowerCase()) && !/^(?:pass|password|passwd|pwd|secret|token|key)$/i.test(value)) return same;
    const v = value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    if (new RegExp(`://${v}:${v}@`, 'i').test(c.line)) return same;
    if (c.nearby === undefined) return undefined;
    const re = new RegExp(`(?:^|[^A-Za-z])(?:[A-Za-z]+[_.-])*(?:user(?:name)?|login|uid|db|database|dbname|db_name|database_name)["'\\]]?[ \\t]*(?:=>|=|:(?=[ \\t"']))[ \\t]*["']?${v}(?=["'\\s,;&)]|$)`, 'im');
    // ...or given to a setter (setUserName("SYSDBA") beside setPassword("SYSDBA"))
    const setter = new RegExp(`\\bset(?:User(?:name|Name)?|Login|Username)\\([ \\t]*["']${v}["'][ \\t]*\\)`, 'i');
    return re.test(c.nearby) || setter.test(c.nearby) ? same : undefined;
  }

  /** Whether `path` is a test, doc or example file (the "not-production" file features) and not deployable configuration. */
  isNonProduction(path: string): boolean {
    const p = path.replace(/\\/g, '/');
    // a compose file under examples/ is still deployable: not a copy of anything; one under tests/ is a test's
    if (this.files.some((f) => TEST_LIKE.has(f.applied.id ?? '') && f.test(p))) return true;
    return this.files.some((f) => f.applied.group === 'not-production' && f.test(p)) && !this.files.some((f) => f.applied.id === 'deployable-config' && f.test(p));
  }

  isProven(ruleId: string): boolean {
    return !!this.spec.base.rules[ruleId]?.proven;
  }

  get repeat(): JudgeSpec['repeat'] {
    return this.spec.repeat;
  }

  get pairLines(): number {
    return this.spec.pair.lines;
  }
}

let shared: Judge | undefined;

/** The process's judge over the built-in data (its regexes and letter model are compiled once). */
export function sharedJudge(): Judge {
  return (shared ??= new Judge());
}

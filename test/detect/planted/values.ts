// Deterministic generators for planted credential values. Everything credential-shaped is built at
// run time from a seeded PRNG, so the committed tree holds no string that looks like a live secret.

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Values {
  constructor(private readonly r: Rng) {}

  int(n: number): number {
    return Math.floor(this.r() * n);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  chars(alphabet: string, n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }

  /** AWS access key ID (AKIA / ASIA + 16 base32 characters). */
  akid(prefix = 'AKIA'): string {
    return prefix + this.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16);
  }

  /** AWS secret access key: 40 characters of base64, with upper, lower and digits. */
  awsSecret(): string {
    const b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
    for (;;) {
      const s = this.chars(b64, 40);
      if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /[0-9]/.test(s)) return s;
    }
  }

  /** A human password with low entropy: a word, a year or number, maybe a symbol (Summer2024!). */
  humanPassword(): string {
    const word = this.pick(['Summer', 'Winter', 'Autumn', 'Spring', 'Monkey', 'Dragon', 'Sunshine', 'Football', 'Welcome', 'Shadow', 'Master', 'Letmein', 'Baseball', 'Princess', 'Tigger', 'Charlie', 'Rangers', 'Hockey', 'Chelsea', 'Liverpool']);
    const num = this.pick([String(2015 + this.int(11)), String(this.int(1000)), String(10 + this.int(90)), '123', '1']);
    const sym = this.pick(['!', '#', '@', '$', '!!', '?', '*', '']);
    const leet = this.int(3) === 0 ? word.replace(/o/g, '0').replace(/a/, '@') : word;
    return leet + num + sym;
  }

  /** A generated password: 12–24 characters, letters, digits and shell/config-safe symbols. */
  strongPassword(): string {
    const alpha = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    const sym = '!@%^*-_+=.?~';
    for (;;) {
      const n = 12 + this.int(13);
      let s = '';
      for (let i = 0; i < n; i++) s += this.int(5) === 0 ? sym[this.int(sym.length)] : alpha[this.int(alpha.length)];
      if (/[A-Za-z]/.test(s[0]) && /\d/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s)) return s;
    }
  }

  /** Either kind of password. */
  password(): string {
    return this.int(2) === 0 ? this.humanPassword() : this.strongPassword();
  }

  /** A generated password with a dot before an upper-case tail (oquPW2gTKbLhO.CIUVY): not module.Class. */
  dottedPassword(): string {
    const alnum = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789_';
    const upper = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
    for (;;) {
      const s = this.chars(alnum, 8 + this.int(7)) + '.' + this.chars(upper, 4 + this.int(3));
      if (/^[a-z]/.test(s) && /\d/.test(s) && /[A-Z]/.test(s.split('.')[0])) return s;
    }
  }

  /** A password with only URL-safe characters (for user:pass@host). */
  urlPassword(): string {
    return this.strongPassword().replace(/[^A-Za-z0-9_.~-]/g, () => this.pick(['-', '_', '.', String(this.int(10))]));
  }

  hex(n: number): string {
    return this.chars('0123456789abcdef', n);
  }

  uuid(): string {
    return `${this.hex(8)}-${this.hex(4)}-4${this.hex(3)}-a${this.hex(3)}-${this.hex(12)}`;
  }

  base64(n: number): string {
    return this.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', n);
  }

  user(): string {
    return this.pick(['admin', 'app', 'deploy', 'root', 'svc_billing', 'jenkins', 'etl_user', 'reporting', 'webapp']);
  }

  host(): string {
    return this.pick(['db.internal', 'prod-db-01.corp.local', '10.0.3.17', 'mysql.legacy.example.org', 'pg-primary.svc.cluster.local', 'cache01']);
  }
}

/** The AWS documentation's example key pair, assembled so the tree does not hold it verbatim. */
export const DOC_KEY_ID = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
export const DOC_SECRET = ['wJalrXUtnFEMI', 'K7MDENG', 'bPxRfiCY' + 'EXAMPLEKEY'].join('/');

// Seeded random pieces for the legacy-repo generator. Every credential-shaped value is assembled at run
// time from a seeded PRNG, so no committed file holds anything a scanner would call a secret.

/** mulberry32: small, fast, deterministic PRNG. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = UPPER.toLowerCase();
const DIGITS = '0123456789';
const B32 = UPPER + '234567';
const ALNUM = UPPER + LOWER + DIGITS;
const B64 = ALNUM + '+/';
const HEX = '0123456789abcdef';

export class Values {
  constructor(seed) {
    this.r = rng(seed * 7919 + 17);
    this.used = new Set();
  }
  int(n) {
    return Math.floor(this.r() * n);
  }
  pick(arr) {
    return arr[this.int(arr.length)];
  }
  chars(alphabet, n) {
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[this.int(alphabet.length)];
    return s;
  }
  unique(make) {
    for (let i = 0; i < 1000; i++) {
      const v = make();
      if (!this.used.has(v)) {
        this.used.add(v);
        return v;
      }
    }
    throw new Error('could not make a unique value');
  }
  /** AWS access key ID: prefix + 16 base32 characters, at least a few digits like real ones. */
  akid(prefix = ['AK', 'IA'].join('')) {
    return this.unique(() => {
      let body;
      do body = this.chars(B32, 16);
      while (!/[2-7].*[2-7]/.test(body) || !/[A-Z].*[A-Z].*[A-Z]/.test(body));
      return prefix + body;
    });
  }
  /** AWS secret access key: 40 characters of base64's alphabet, mixed case and digits. */
  awsSecret() {
    return this.unique(() => {
      let s;
      do s = this.chars(B64, 40);
      while (!/[a-z]/.test(s) || !/[A-Z]/.test(s) || !/[0-9]/.test(s));
      return s;
    });
  }
  /** A session token: long base64. */
  sessionToken() {
    return this.unique(() => 'IQoJb3JpZ2luX2Vj' + this.chars(B64, 300));
  }
  /** A low-entropy human password (the kind people really use). */
  humanPassword() {
    return this.unique(() => {
      const kind = this.int(5);
      const year = String(2016 + this.int(10));
      const n2 = String(10 + this.int(90));
      switch (kind) {
        case 0:
          return this.pick(['Summer', 'Winter', 'Autumn', 'Spring']) + year + this.pick(['!', '#', '']);
        case 1:
          return this.pick(['P@', 'Pa']) + this.pick(['ssw0rd', 'sw0rd']) + String(100 + this.int(900));
        case 2:
          return this.pick(['letmein', 'dragon', 'sunshine', 'trustno', 'football', 'monkey']) + n2;
        case 3:
          return this.pick(['Acme', 'Contoso', 'Globex', 'Initech']) + this.pick(['@', '_', '#']) + year;
        default:
          return this.pick(['Welc0me', 'Adm1n', 'Qwerty', 'Chang3d']) + n2 + this.pick(['!', '?', '']);
      }
    });
  }
  /** A generated (password-manager style) password. */
  strongPassword(len = 18) {
    return this.unique(() => {
      let s;
      do s = this.chars(UPPER + LOWER, 1) + this.chars(ALNUM + '!#-_.', len - 1);
      while (!/[0-9]/.test(s) || !/[A-Z]/.test(s) || !/[a-z]/.test(s) || !/[!#_.-]/.test(s));
      return s;
    });
  }
  /** A password safe inside URLs, shells and XML without escaping. */
  urlPassword(len = 16) {
    return this.unique(() => {
      let s;
      do s = this.chars(ALNUM, len);
      while (!/[0-9]/.test(s) || !/[A-Z]/.test(s) || !/[a-z]/.test(s));
      return s;
    });
  }
  /** Either kind of password, for variety. */
  password() {
    return this.int(2) === 0 ? this.humanPassword() : this.strongPassword(12 + this.int(10));
  }
  hex(n) {
    return this.chars(HEX, n);
  }
  b64(n) {
    return this.chars(B64, n);
  }
  alnum(n) {
    return this.chars(ALNUM, n);
  }
  uuid() {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20)}`;
  }
  npmToken() {
    return this.unique(() => 'npm' + '_' + this.alnum(36));
  }
  quote() {
    return this.pick(['"', "'"]);
  }
}

/** AWS's documentation example pair (public, from the AWS docs), assembled so the literal is not in this file. */
export const DOC_EXAMPLE_KEY_ID = ['AKIA', 'IOSFODNN7', 'EXAMPLE'].join('');
export const DOC_EXAMPLE_SECRET = ['wJalrXUtnFEMI', '/K7MDENG/', 'bPxRfiCY', 'EXAMPLEKEY'].join('');

export const LOREM =
  'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore et dolore magna aliqua.';

// A rule's examples are templates: `{hex:32}` stands for 32 random hex digits, and so on, so the
// rule files never hold a string shaped like a live credential. Expanded by the tests (and by
// anything else that wants a sample of what a rule finds).

const ALPHABETS: Record<string, string> = {
  hex: '0123456789abcdef',
  HEX: '0123456789ABCDEF',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  lower: 'abcdefghijklmnopqrstuvwxyz0123456789',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  digits: '0123456789',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  b64url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_',
  bech32: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
};

const SLOT = /\{([A-Za-z0-9]+):(\d{1,4})\}/g;

/** The alphabet names a template may use. */
export const TEMPLATE_ALPHABETS = Object.keys(ALPHABETS);

/**
 * Expand every `{alphabet:N}` slot with N characters drawn by `random` (values in [0, 1)); `\n`
 * written in the template becomes a line break. Throws on an unknown alphabet.
 */
export function expandExample(template: string, random: () => number = Math.random): string {
  return template.replace(/\\n/g, '\n').replace(SLOT, (_, name: string, n: string) => {
    const chars = ALPHABETS[name];
    if (!chars) throw new Error(`unknown alphabet '${name}' in example template`);
    let out = '';
    for (let i = 0; i < Number(n); i++) out += chars[Math.floor(random() * chars.length)];
    return out;
  });
}

// The SARIF 2.1.0 JSON schema (the copy shipped in @microsoft/jest-sarif, draft-04), compiled with ajv.
import { expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import AjvImport from 'ajv-draft-04';

// ajv-draft-04 is CommonJS: its class is `default` on module.exports (depending on the interop in use).
const Ajv = ('default' in AjvImport ? AjvImport.default : AjvImport) as typeof AjvImport.default;
const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
const schema = JSON.parse(readFileSync(schemaPath, 'utf8'));
// The schema's `language` pattern is not valid under the u flag, hence unicodeRegExp: false.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', (s: string) => {
  try {
    return new URL(s).protocol.length > 1;
  } catch {
    return false;
  }
});
ajv.addFormat('uri-reference', (s: string) => !/[\s"<>\\^`{|}]/.test(s));
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)) && /^\d{4}-\d\d-\d\dT/.test(s));

export const validateSarif = ajv.compile(schema);

/** Asserts `doc` is valid SARIF 2.1.0, listing the schema errors when not. */
export function expectValidSarif(doc: unknown): void {
  const ok = validateSarif(doc);
  expect(validateSarif.errors ?? [], JSON.stringify(validateSarif.errors, null, 1)).toEqual([]);
  expect(ok).toBe(true);
}

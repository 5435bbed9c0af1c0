// The real detector finds the secrets, the rewriters replace them, and the detector then finds nothing in the
// edited files nor in the generated loaders: references and loader calls do not look like secrets.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Detector } from '../../../src/detect/engine.js';
import { loadConfig } from '../../../src/config/load.js';
import { rewriterFor } from '../../../src/migrate/rewrite/index.js';
import type { Finding } from '../../../src/types.js';
import { awsKeyId, secretValue } from './fixtures.js';

const detector = new Detector(loadConfig({ root: '/nonexistent-leakguard-root' }));
const scan = (path: string, text: string): Finding[] => detector.detect({ path, text });

function awsSecretKey(): string {
  return randomBytes(30).toString('base64').slice(0, 40).replace(/[+/]/g, 'Q');
}

describe('rewritten files rescan clean', () => {
  const id = awsKeyId();
  const sk = awsSecretKey();
  const pw = secretValue();
  const cases: Array<[string, string]> = [
    ['config.py', `AWS_ACCESS_KEY_ID = "${id}"\nAWS_SECRET_ACCESS_KEY = "${sk}"\n`],
    ['mysite/settings.py', `DATABASES = {\n    "default": {\n        "ENGINE": "django.db.backends.postgresql",\n        "PASSWORD": "${pw}",\n    }\n}\n`],
    ['.env', `DB_PASSWORD=${pw}\nAWS_ACCESS_KEY_ID=${id}\nAWS_SECRET_ACCESS_KEY=${sk}\n`],
    ['src/config.ts', `export const config = {\n  awsAccessKeyId: '${id}',\n  awsSecretAccessKey: '${sk}',\n  dbPassword: "${pw}",\n};\n`],
    ['lib/db.js', `const db = { password: '${pw}' };\nmodule.exports = db;\n`],
    ['config/app.json', `{\n  "db": { "password": "${pw}" },\n  "aws": { "accessKeyId": "${id}", "secretAccessKey": "${sk}" }\n}\n`],
    ['config/app.yml', `database:\n  password: ${pw}\naws:\n  access_key_id: ${id}\n  secret_access_key: ${sk}\n`],
    ['docker-compose.yml', `services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ${pw}\n`],
    ['src/main/resources/application.properties', `spring.datasource.password=${pw}\naws.accessKeyId=${id}\n`],
  ];
  for (const [path, text] of cases) {
    it(path, async () => {
      const findings = scan(path, text);
      expect(findings.length).toBeGreaterThan(0);
      const r = rewriterFor(path, text)!;
      const res = await r.rewrite({
        root: '/nonexistent-root',
        path,
        text,
        items: findings.map((f, i) => ({ finding: f, secretName: 'legacy/dev/' + path.replace(/[^A-Za-z0-9]+/g, '-'), key: f.key ?? `VALUE_${i}` })),
      });
      expect(res.kind).toBe('edit');
      if (res.kind !== 'edit') return;
      expect(scan(path, res.newText).map((f) => `${f.ruleId}@${f.line}`)).toEqual([]);
      for (const [p, t] of Object.entries(res.extraFiles)) expect(scan(p, t).map((f) => `${f.ruleId}@${f.line}`)).toEqual([]);
      for (const f of findings) expect(res.newText).not.toContain(f.secret);
      expect(await r.validate(path, res.newText)).toBeNull();
    });
  }
});

// Secrets hidden in base64: Kubernetes Secrets, .dockerconfigjson, basic-auth headers, generic runs.
import { describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/config/builtin.js';
import { Detector } from '../../src/detect/engine.js';
import { decodeBase64Text, syntheticContext } from '../../src/detect/encoded.js';

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const password = () => 'Tr0ub4dor' + '&3horse';
const keyId = () => 'AKIA' + 'Q3EGRJ5XVZ7LMN2P';
const secretKey = () => 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY' + 'Q3EGRJ5XVZ';

const detector = new Detector({ rules: builtinRules().rules, allowlists: builtinRules().allowlists });

function k8sSecret(data: Record<string, string>): string {
  const lines = ['apiVersion: v1', 'kind: Secret', 'metadata:', '  name: db-credentials', 'type: Opaque', 'data:'];
  for (const [k, v] of Object.entries(data)) lines.push(`  ${k}: ${b64(v)}`);
  return lines.join('\n') + '\n';
}

describe('encoded secrets', () => {
  it('finds a base64-encoded password in a Kubernetes Secret, reported at the encoded text', () => {
    const text = k8sSecret({ username: 'app_user', password: password() });
    const found = detector.detect({ path: 'k8s/secret.yaml', text });
    expect(found).toHaveLength(1);
    const f = found[0];
    expect(f.decodedFrom).toBe('base64');
    expect(f.kind).toBe('password');
    expect(f.line).toBe(8);
    expect(f.column).toBe(13);
    expect(f.secret).toBe(b64(password()));
    expect(f.endColumn).toBe(13 + b64(password()).length);
    expect(f.key).toBe('password');
    expect(JSON.stringify(f)).not.toContain(password());
  });

  it('uses the data key as the assignee (DB_PASSWORD, .env-style names) and ignores harmless values', () => {
    const text = k8sSecret({ DB_PASSWORD: password(), DB_HOST: 'db.internal.example', LOG_LEVEL: 'information' });
    const found = detector.detect({ path: 'secret.yml', text });
    expect(found.map((f) => [f.line, f.key])).toEqual([[7, 'DB_PASSWORD']]);
  });

  it('in a Secret manifest, treats values under neutral or secret-ish names as secrets, not public ones', () => {
    const pw = ['P@ss', 'w0rd'].join('');
    const text = k8sSecret({ token: pw, extra: 'hunter' + '2', 'ca.crt': pw, host: 'db.internal.example', note: 'information', url: 'https://x.example/a1' });
    const found = detector.detect({ path: 'secret.yaml', text });
    expect(found.map((f) => [f.line, f.key])).toEqual([
      [7, 'token'],
      [8, 'extra'],
    ]);
    // Outside a Secret manifest a name that says nothing (`extra`) makes no secret of its value; one
    // that says token still does, as the literal it decodes to under that name.
    const cm = text.replace('kind: Secret', 'kind: ConfigMap');
    expect(detector.detect({ path: 'cm.yaml', text: cm }).map((f) => [f.line, f.key, f.ruleId])).toEqual([[7, 'token', 'generic-secret-literal']]);
  });

  it('reads the key of a YAML block scalar from the line above', () => {
    const dockerJson = JSON.stringify({ auths: { 'registry.example.com': { auth: b64(`ci:${password()}`) } } });
    const text = `kind: Secret\ndata:\n  .dockerconfigjson: |\n    ${b64(dockerJson)}\n`;
    const found = detector.detect({ path: 'pull.yaml', text });
    expect(found.map((f) => [f.line, f.key, f.kind])).toEqual([[4, '.dockerconfigjson', 'password']]);
  });

  it('finds AWS keys inside a base64 value and in a base64-encoded credentials file', () => {
    const creds = `[default]\naws_access_key_id = ${keyId()}\naws_secret_access_key = ${secretKey()}\n`;
    const text = k8sSecret({ credentials: creds, AWS_ACCESS_KEY_ID: keyId() });
    const found = detector.detect({ path: 'aws-secret.yaml', text });
    expect(found.map((f) => [f.line, f.kind])).toEqual([
      [7, 'aws-access-key-id'],
      [8, 'aws-access-key-id'],
    ]);
  });

  it('decodes .dockerconfigjson and the auth entry nested inside it', () => {
    const auth = b64(`deploy:${password()}`);
    const dockerJson = JSON.stringify({ auths: { 'registry.example.com': { auth } } });
    const text = `apiVersion: v1\nkind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: ${b64(dockerJson)}\n`;
    const found = detector.detect({ path: 'pull-secret.yaml', text });
    expect(found).toHaveLength(1);
    expect(found[0].line).toBe(5);
    expect(found[0].secret).toBe(b64(dockerJson));
    expect(found[0].kind).toBe('password');
    // The plain config.json form too.
    const plain = detector.detect({ path: '.docker/config.json', text: dockerJson });
    expect(plain).toHaveLength(1);
    expect(plain[0].secret).toBe(auth);
  });

  it('finds basic-auth headers', () => {
    const header = b64(`admin:${password()}`);
    const text = `curl -H "Authorization: Basic ${header}" https://api.example.com/v1\n`;
    const found = detector.detect({ path: 'scripts/call.sh', text });
    expect(found).toHaveLength(1);
    expect(found[0].secret).toBe(header);
    expect(found[0].column).toBe(text.indexOf(header) + 1);
  });

  it('maps positions through a diff fragment (lineNumbers)', () => {
    const text = `  password: ${b64(password())}\n`;
    const found = detector.detect({ path: 's.yaml', text, lineNumbers: [42] });
    expect(found.map((f) => f.line)).toEqual([42]);
  });

  it('honours inline allow comments on the encoded line', () => {
    const text = `data:\n  password: ${b64(password())} # leakguard:allow\n`;
    expect(detector.detect({ path: 's.yaml', text })).toEqual([]);
  });

  it('leaves binary base64, hashes, identifiers and non-secret text alone', () => {
    const bin = Buffer.from(Array.from({ length: 48 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');
    const text = [
      `integrity: sha512-${bin}`,
      `image: ${bin}`,
      'const getElementsByClassNameValue = 1;',
      `readme: ${b64('This is just an ordinary sentence about passwords.')}`,
      `tls.crt: ${b64('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n')}`,
    ].join('\n');
    expect(detector.detect({ path: 'x.yaml', text })).toEqual([]);
  });

  it('decodes only canonical base64 of printable text', () => {
    expect(decodeBase64Text(b64('hello world!'))).toBe('hello world!');
    expect(decodeBase64Text('AAAAAAAAAAAAAAAA')).toBeUndefined();
    expect(decodeBase64Text('abcdefghijk')).toBeUndefined();
    const pw = ['pw', '12345'].join(''); // assembled at run time: leakguard scanning this file finds nothing
    expect(syntheticContext(`user:${pw}`, undefined, true)).toContain(`password: "${pw}"`);
    const one = ['x'].join('');
    expect(syntheticContext(one, 'password', false)).toContain(`password: "${one}"`);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { rewriterFor } from '../../../src/migrate/rewrite/index.js';
import type { RewriteResult } from '../../../src/migrate/types.js';
import { awsKeyId, request, secretValue } from './fixtures.js';
import { motoAvailable, motoEnv, startMoto, type Moto } from '../../helpers/moto.js';

const dirs: string[] = [];
function tempRoot(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'lg-js-'));
  dirs.push(d);
  for (const [p, c] of Object.entries(files)) write(d, p, c);
  return d;
}
function write(root: string, rel: string, content: string) {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), content);
}
function nodeCheck(root: string, rel: string): string {
  const r = spawnSync(process.execPath, ['--check', join(root, rel)], { encoding: 'utf8' });
  return r.status === 0 ? '' : r.stderr;
}
function tsSyntaxErrors(fileName: string, text: string): string[] {
  const out = ts.transpileModule(text, { fileName, reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, jsx: ts.JsxEmit.React } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

async function rw(root: string, path: string, text: string, values: Array<{ secret: string; key: string; secretName?: string }>): Promise<RewriteResult> {
  const r = rewriterFor(path, text)!;
  expect(r.id).toBe('javascript');
  return r.rewrite(request(path, text, values, root));
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('JavaScript/TypeScript rewriter', () => {
  it('CommonJS: module-scope literals become getSecretSync via require; rest byte-identical; node --check passes', async () => {
    const a = secretValue();
    const b = secretValue();
    const root = tempRoot();
    const text = `'use strict';\n// db config\nconst path = require('path');\n\nmodule.exports = {\n  db: { password: '${a}' }, // inline\n  url: "postgres://app:${b}@db/app",\n  async load() { return 1; },\n};\n`;
    const res = await rw(root, 'config.js', text, [
      { secret: a, key: 'DB_PASSWORD', secretName: 'app/dev/config-js' },
      { secret: b, key: 'DB_URL_PASSWORD', secretName: 'app/dev/config-js' },
    ]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toBe(
      `'use strict';\nconst { getSecretSync } = require("./leakguard-secrets.cjs");\n// db config\nconst path = require('path');\n\nmodule.exports = {\n  db: { password: getSecretSync("app/dev/config-js", "DB_PASSWORD") }, // inline\n  url: ("postgres://app:" + getSecretSync("app/dev/config-js", "DB_URL_PASSWORD") + "@db/app"),\n  async load() { return 1; },\n};\n`,
    );
    expect(Object.keys(res.extraFiles)).toEqual(['leakguard-secrets.cjs']);
    write(root, 'config.js', res.newText);
    write(root, 'leakguard-secrets.cjs', res.extraFiles['leakguard-secrets.cjs']!);
    expect(nodeCheck(root, 'config.js')).toBe('');
    expect(nodeCheck(root, 'leakguard-secrets.cjs')).toBe('');
  });

  it('ESM (package type module): top level uses await getSecret, sync functions getSecretSync, async functions await', async () => {
    const [a, b, c] = [secretValue(), secretValue(), secretValue()];
    const root = tempRoot({ 'package.json': '{"type":"module"}' });
    const text = `import fs from 'node:fs';\n\nexport const token = \`Bearer ${a}\`;\nexport function sync() { return '${b}'; }\nexport async function later() { return { k: "${c}" }; }\n`;
    const res = await rw(root, 'src/app.js', text, [
      { secret: a, key: 'TOKEN', secretName: 's/app' },
      { secret: b, key: 'B', secretName: 's/app' },
      { secret: c, key: 'C', secretName: 's/app' },
    ]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toBe(
      `import fs from 'node:fs';\nimport { getSecret, getSecretSync } from "./leakguard-secrets.mjs";\n\nexport const token = \`Bearer \${await getSecret("s/app", "TOKEN")}\`;\nexport function sync() { return getSecretSync("s/app", "B"); }\nexport async function later() { return { k: await getSecret("s/app", "C") }; }\n`,
    );
    write(root, 'src/app.js', res.newText);
    write(root, 'src/leakguard-secrets.mjs', res.extraFiles['src/leakguard-secrets.mjs']!);
    expect(nodeCheck(root, 'src/app.js')).toBe('');
    expect(nodeCheck(root, 'src/leakguard-secrets.mjs')).toBe('');
  });

  it('TypeScript and TSX: import syntax kept, extension style follows the file, result parses', async () => {
    const [a, b] = [secretValue(), secretValue()];
    const root = tempRoot();
    const text = `import { helper } from './helper';\n\ninterface Cfg { apiKey: string }\nexport const cfg: Cfg = { apiKey: "${a}" as string };\n`;
    const res = await rw(root, 'src/config.ts', text, [{ secret: a, key: 'API_KEY', secretName: 'app/dev/config-ts' }]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toContain(`import { helper } from './helper';\nimport { getSecretSync } from "./leakguard-secrets";\n`);
    expect(res.newText).toContain(`apiKey: getSecretSync("app/dev/config-ts", "API_KEY") as string`);
    expect(tsSyntaxErrors('config.ts', res.newText)).toEqual([]);
    expect(tsSyntaxErrors('leakguard-secrets.ts', res.extraFiles['src/leakguard-secrets.ts']!)).toEqual([]);

    const tsx = `export const App = () => <Widget apiKey="${b}" label="x">key ${b}</Widget>;\n`;
    const res2 = await rw(root, 'src/App.tsx', tsx, [
      { secret: b, key: 'WIDGET_KEY', secretName: 'app/dev/app-tsx' },
      { secret: b, key: 'WIDGET_KEY', secretName: 'app/dev/app-tsx', nth: 1 } as never,
    ]);
    expect(res2.kind).toBe('edit');
    if (res2.kind !== 'edit') return;
    expect(res2.newText).toContain(`<Widget apiKey={getSecretSync("app/dev/app-tsx", "WIDGET_KEY")} label="x">key {getSecretSync("app/dev/app-tsx", "WIDGET_KEY")}</Widget>`);
    expect(tsSyntaxErrors('App.tsx', res2.newText)).toEqual([]);
  });

  it('refuses module specifiers, property names, comments and type literals, without echoing values', async () => {
    const a = secretValue();
    const root = tempRoot();
    for (const text of [`const x = require('${a}');\n`, `const o = { '${a}': 1 };\n`, `// ${a}\nconst y = 1;\n`]) {
      const res = await rw(root, 'x.js', text, [{ secret: a, key: 'K' }]);
      expect(res.kind).toBe('manual');
      expect(JSON.stringify(res)).not.toContain(a);
    }
    const res = await rw(root, 't.ts', `type T = '${a}';\n`, [{ secret: a, key: 'K' }]);
    expect(res.kind).toBe('manual');
  });
});

describe('JavaScript rewriter, static AWS keys given to an SDK client', () => {
  it('drops the credentials of a v3 client and the keys of a v2 service or AWS.config.update; other literals still become getSecret', async () => {
    const [id1, sec1, id2, sec2, id3, sec3, pw] = [awsKeyId(), secretValue(), awsKeyId(), secretValue(), awsKeyId(), secretValue(), secretValue()];
    const text =
      `const { S3Client } = require('@aws-sdk/client-s3');\nconst AWS = require('aws-sdk');\n` +
      `const s3 = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: '${id1}', secretAccessKey: '${sec1}' } });\n` +
      `const sqs = new AWS.SQS({ accessKeyId: '${id2}', secretAccessKey: '${sec2}', region: 'eu-west-1' });\n` +
      `AWS.config.update({ region: 'us-east-1', accessKeyId: '${id3}', secretAccessKey: '${sec3}' });\n` +
      `const dbPassword = '${pw}';\nmodule.exports = { s3, sqs, dbPassword };\n`;
    const root = tempRoot();
    const res = await rw(root, 'src/aws.js', text, [
      { secret: id1, key: 'AWS_ACCESS_KEY_ID', secretName: 'app/dev/aws-js' },
      { secret: sec1, key: 'AWS_SECRET_ACCESS_KEY', secretName: 'app/dev/aws-js' },
      { secret: id2, key: 'AWS_ACCESS_KEY_ID_2', secretName: 'app/dev/aws-js' },
      { secret: sec2, key: 'AWS_SECRET_ACCESS_KEY_2', secretName: 'app/dev/aws-js' },
      { secret: id3, key: 'AWS_ACCESS_KEY_ID_3', secretName: 'app/dev/aws-js' },
      { secret: sec3, key: 'AWS_SECRET_ACCESS_KEY_3', secretName: 'app/dev/aws-js' },
      { secret: pw, key: 'DB_PASSWORD', secretName: 'app/dev/aws-js' },
    ]);
    expect(res.kind === 'manual' ? res.reason : 'edit').toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toContain(`const s3 = new S3Client({ region: 'us-east-1' });\n`);
    expect(res.newText).toContain(`const sqs = new AWS.SQS({ region: 'eu-west-1' });\n`);
    expect(res.newText).toContain(`AWS.config.update({ region: 'us-east-1' });\n`);
    expect(res.newText).toContain(`const dbPassword = getSecretSync("app/dev/aws-js", "DB_PASSWORD");`);
    for (const v of [id1, sec1, id2, sec2, id3, sec3, pw]) expect(res.newText).not.toContain(v);
    write(root, 'src/aws.js', res.newText);
    expect(nodeCheck(root, 'src/aws.js')).toBe('');
    expect(res.notes.filter((n) => n.includes('default credential chain'))).toHaveLength(6);
  });

  it('a file whose only secrets are client keys gets no loader and no require', async () => {
    const [id, sec] = [awsKeyId(), secretValue()];
    const text = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const db = new DynamoDBClient({\n  credentials: {\n    accessKeyId: '${id}',\n    secretAccessKey: '${sec}',\n  },\n});\n`;
    const res = await rw(tempRoot(), 'db.mjs', text, [
      { secret: id, key: 'AWS_ACCESS_KEY_ID', secretName: 'app/dev/db-mjs' },
      { secret: sec, key: 'AWS_SECRET_ACCESS_KEY', secretName: 'app/dev/db-mjs' },
    ]);
    expect(res.kind).toBe('edit');
    if (res.kind !== 'edit') return;
    expect(res.newText).toBe(`import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const db = new DynamoDBClient({\n  \n});\n`);
    expect(res.extraFiles).toEqual({});
  });
});

describe('JS/TS loaders against moto', () => {
  let moto: Moto | undefined;
  let proxy: Server | undefined;
  let proxyUrl = '';
  const seen: string[] = [];
  beforeAll(async () => {
    if (!motoAvailable()) return;
    moto = await startMoto();
    const target = new URL(moto.url);
    // A counting pass-through in front of moto: proves one GetSecretValue per secret under concurrency.
    proxy = createServer((req, res) => {
      seen.push(String(req.headers['x-amz-target'] ?? ''));
      const up = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (ur) => {
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy!.listen(0, '127.0.0.1', () => r()));
    const addr = proxy.address();
    proxyUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => (proxy ? proxy.close(() => r()) : r()));
    await moto?.stop();
  });

  async function seed(name: string, value: Record<string, string>) {
    const client = new SecretsManagerClient({ region: 'us-east-1', endpoint: moto!.url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
    client.destroy();
  }
  function runNode(cwd: string, args: string[], extraEnv: Record<string, string> = {}) {
    return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...motoEnv(moto!), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('migrated CommonJS, ESM and TypeScript modules return the original values under node', async () => {
    if (!moto) return; // motoAvailable() printed SKIPPED (and throws in CI)
    const [a, b, c] = [secretValue(), secretValue(), secretValue()];
    await seed('app/dev/cfg', { A: a, B: b, C: c });
    const root = tempRoot({ 'esm/package.json': '{"type":"module"}' });
    // Without the SDK in the app, the loader says what to install (it names no path of this machine).
    const bare = await rw(root, 'bare/config.js', `module.exports = { a: '${a}' };\n`, [{ secret: a, key: 'A', secretName: 'app/dev/cfg' }]);
    if (bare.kind !== 'edit') throw new Error('no edit');
    write(root, 'bare/config.js', bare.newText);
    for (const [p, t] of Object.entries(bare.extraFiles)) write(root, p, t);
    const o0 = await runNode(join(root, 'bare'), ['-e', 'require("./config.js")']);
    expect(o0.code).not.toBe(0);
    expect(o0.stderr).toMatch(/leakguard-secrets needs @aws-sdk\/client-secrets-manager in the app: npm i @aws-sdk\/client-secrets-manager/);
    // What `npm install` gives the app: the SDK in its own node_modules.
    mkdirSync(join(root, 'node_modules', '@aws-sdk'), { recursive: true });
    symlinkSync(resolve(__dirname, '../../../node_modules/@aws-sdk/client-secrets-manager'), join(root, 'node_modules', '@aws-sdk', 'client-secrets-manager'));

    const cjs = `module.exports = { a: '${a}', url: 'x://u:${b}@h' };\n`;
    const r1 = await rw(root, 'cjs/config.js', cjs, [{ secret: a, key: 'A', secretName: 'app/dev/cfg' }, { secret: b, key: 'B', secretName: 'app/dev/cfg' }]);
    expect(r1.kind).toBe('edit');
    if (r1.kind !== 'edit') return;
    write(root, 'cjs/config.js', r1.newText);
    for (const [p, t] of Object.entries(r1.extraFiles)) write(root, p, t);
    const o1 = await runNode(join(root, 'cjs'), ['-e', 'const c = require("./config.js"); process.stdout.write(c.a + "|" + c.url)']);
    expect(o1.stdout).toBe(`${a}|x://u:${b}@h`);

    const esm = `export const c = "${c}";\nexport async function both() { return ["${a}", "${c}"]; }\n`;
    const r2 = await rw(root, 'esm/config.js', esm, [
      { secret: c, key: 'C', secretName: 'app/dev/cfg' },
      { secret: a, key: 'A', secretName: 'app/dev/cfg' },
      { secret: c, key: 'C', secretName: 'app/dev/cfg', nth: 1 } as never,
    ]);
    expect(r2.kind).toBe('edit');
    if (r2.kind !== 'edit') return;
    write(root, 'esm/config.js', r2.newText);
    for (const [p, t] of Object.entries(r2.extraFiles)) write(root, p, t);
    seen.length = 0;
    const o2 = await runNode(join(root, 'esm'), ['--input-type=module', '-e', 'const m = await import("./config.js"); const x = await m.both(); process.stdout.write(m.c + "|" + x.join("|"))'], {
      LEAKGUARD_AWS_ENDPOINT_URL: proxyUrl,
    });
    expect(o2.stdout).toBe(`${c}|${a}|${c}`);
    expect(seen.filter((t) => t.endsWith('GetSecretValue'))).toHaveLength(1);

    // concurrency: many simultaneous getSecret calls share one request
    seen.length = 0;
    const o3 = await runNode(join(root, 'esm'), ['--input-type=module', '-e', 'const l = await import("./leakguard-secrets.mjs"); const v = await Promise.all(Array.from({length: 20}, () => l.getSecret("app/dev/cfg", "B"))); process.stdout.write(String(new Set(v).size === 1 && v[0].length))'], {
      LEAKGUARD_AWS_ENDPOINT_URL: proxyUrl,
    });
    expect(o3.stdout).toBe(String(b.length));
    expect(seen.filter((t) => t.endsWith('GetSecretValue'))).toHaveLength(1);

    // TypeScript: transpile the migrated file and its loader (as a TS build would) and run under node
    const tsText = `import * as os from 'os';\nexport const settings = { pw: "${b}", host: os.hostname() ? 'db' : 'db' };\n`;
    const r4 = await rw(root, 'tsapp/config.ts', tsText, [{ secret: b, key: 'B', secretName: 'app/dev/cfg' }]);
    expect(r4.kind).toBe('edit');
    if (r4.kind !== 'edit') return;
    const emit = (src: string) => ts.transpileModule(src, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    write(root, 'tsapp/config.js', emit(r4.newText));
    write(root, 'tsapp/leakguard-secrets.js', emit(r4.extraFiles['tsapp/leakguard-secrets.ts']!));
    const o4 = await runNode(join(root, 'tsapp'), ['-e', 'process.stdout.write(require("./config.js").settings.pw)']);
    expect(o4.stdout).toBe(b);

    // a missing secret fails with a clear message that holds no value
    const o5 = await runNode(join(root, 'cjs'), ['-e', 'require("./leakguard-secrets.cjs").getSecretSync("no/such", "X")']);
    expect(o5.code).not.toBe(0);
    expect(o5.stderr).toMatch(/cannot read secret "no\/such" from AWS Secrets Manager: ResourceNotFoundException/);
  });
});

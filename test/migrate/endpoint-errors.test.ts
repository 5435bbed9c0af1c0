// `migrate --apply` against an endpoint that is not Secrets Manager (a web server answering HTML or
// plain text), or one that rejects the credentials (issue 12, item 5): one line on stderr, exit 2, no
// stack trace, no value anywhere, files untouched. Real processes: the built CLI, a node:http server
// on a free loopback port, and moto with its credential check switched on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { passwordValue } from '../helpers/values.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cleanupTemp, makeRepo, type TempRepo } from '../helpers/git.js';
import { motoAvailable, startMoto, type Moto } from '../helpers/moto.js';
import { expectNoValue, expectUserError, lgAsync, requireBuild } from '../hardening/cli.js';

const pw = (): string => passwordValue('W', 15);

function repoWith(value: string): TempRepo {
  const repo = makeRepo();
  repo.write('.env', `DB_PASSWORD=${value}\n`);
  repo.commitAll('init');
  return repo;
}

/** Credentials from the environment only: nothing from this machine's ~/.aws. */
function awsEnv(dir: string): NodeJS.ProcessEnv {
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(dir, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

async function applyAgainst(url: string, value: string) {
  const repo = repoWith(value);
  const r = await lgAsync(['migrate', '--apply', '--yes', '--endpoint-url', url, '--max-attempts', '2'], repo.dir, { env: awsEnv(repo.dir), timeoutMs: 60_000 });
  return { r, repo };
}

beforeAll(requireBuild);
afterAll(cleanupTemp);

describe('migrate --apply against a web server that is not Secrets Manager', () => {
  let server: Server;
  let base = '';
  let requests = 0;
  beforeAll(async () => {
    // /<status>/<media type> answers that status with a body of that type.
    server = createServer((req, res) => {
      requests++;
      const [, status, ...type] = (req.url ?? '/').split('/');
      req.resume();
      req.on('end', () => {
        const ct = type.join('/') || 'text/html';
        res.writeHead(Number(status) || 200, { 'content-type': ct });
        res.end(ct.includes('html') ? '<!doctype html><html><body><h1>It works!</h1></body></html>' : ct.includes('json') ? '{}' : 'plain words, not JSON');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  });

  for (const [path, shown] of [
    ['/200/text/html', 'HTTP 200 text/html'],
    ['/404/text/html', 'HTTP 404 text/html'],
    ['/503/text/html', 'HTTP 503 text/html'],
    ['/400/text/plain', 'HTTP 400 text/plain'],
  ] as const) {
    it(`${shown}: one line naming the endpoint, exit 2, the file untouched`, async () => {
      const v = pw();
      const before = requests;
      const url = base + path;
      const { r, repo } = await applyAgainst(url, v);
      const err = expectUserError(r, url);
      expect(err).toBe(`leakguard: the endpoint at ${url} is not Secrets Manager: it answered ${shown}, where Secrets Manager answers JSON; check --endpoint-url or AWS_ENDPOINT_URL_SECRETS_MANAGER\n`);
      expect(requests, 'the server was asked').toBeGreaterThan(before);
      expect(r.out).not.toMatch(/SyntaxError|Unexpected token|not valid JSON|Deserialization/);
      expectNoValue(r, [v]);
      expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe(`DB_PASSWORD=${v}\n`);
      expect(repo.git('status', '--porcelain')).toBe('');
    });
  }

  it('HTTP 200 with an empty JSON object to every call: not Secrets Manager (no ARN), one line, exit 2, nothing stored', async () => {
    const v = pw();
    const url = `${base}/200/application/x-amz-json-1.1`;
    const { r, repo } = await applyAgainst(url, v);
    const err = expectUserError(r, url);
    expect(err).toBe(`leakguard: the endpoint at ${url} is not Secrets Manager: its answer to GetSecretValue names no secret (no ARN); check --endpoint-url or AWS_ENDPOINT_URL_SECRETS_MANAGER\n`);
    expectNoValue(r, [v]);
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe(`DB_PASSWORD=${v}\n`);
    expect(repo.git('status', '--porcelain')).toBe('');
  });

  it('HTTP 403 with a page: the credentials were refused, one line, exit 2', async () => {
    const v = pw();
    const url = `${base}/403/text/html`;
    const { r, repo } = await applyAgainst(url, v);
    expect(expectUserError(r, url)).toMatch(new RegExp(`^leakguard: AWS credentials were rejected by the endpoint at ${url.replace(/[./]/g, '\\$&')} \\(HTTP 403 text/html`));
    expectNoValue(r, [v]);
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe(`DB_PASSWORD=${v}\n`);
  });
});

describe.runIf(motoAvailable())('migrate --apply with credentials moto rejects', () => {
  let moto: Moto;
  beforeAll(async () => {
    // With authentication on, moto checks each access key against its IAM users: "testing" is none.
    moto = await startMoto(undefined, { env: { INITIAL_NO_AUTH_ACTION_COUNT: '0' } });
  });
  afterAll(async () => {
    await moto?.stop();
  });

  it('one line saying the credentials were rejected, exit 2, the file untouched', async () => {
    const v = pw();
    const { r, repo } = await applyAgainst(moto.url, v);
    const err = expectUserError(r, 'rejected credentials');
    expect(err).toMatch(/^leakguard: AWS credentials were rejected by the endpoint at http:\/\/127\.0\.0\.1:\d+ \(HTTP 403 .*\); check --profile/);
    expectNoValue(r, [v]);
    expect(readFileSync(join(repo.dir, '.env'), 'utf8')).toBe(`DB_PASSWORD=${v}\n`);
    expect(repo.git('status', '--porcelain')).toBe('');
  });
});

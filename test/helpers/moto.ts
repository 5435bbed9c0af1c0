// Starts moto's server (a real local implementation of the AWS APIs) on a free 127.0.0.1 port for
// integration tests, and stops it afterwards. Without moto: in CI (CI=true) this throws so the suite
// fails; elsewhere `motoAvailable()` is false and the caller says plainly that it skipped.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface Moto {
  url: string;
  port: number;
  /** Stops the server (idempotent). */
  stop(): Promise<void>;
  /** Clears all state (moto's reset API). */
  reset(): Promise<void>;
}

let availability: boolean | undefined;

/** Whether `moto_server` can be run here. In CI a missing moto is an error, not a skip. */
export function motoAvailable(): boolean {
  if (availability === undefined) {
    const r = spawnSync('moto_server', ['--help'], { stdio: 'ignore', timeout: 30_000 });
    availability = r.status === 0;
    if (!availability) {
      const msg = "moto_server is not installed (pip install 'moto[server]'): the AWS integration tests cannot run";
      if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`${msg} — failing because CI=true`);
      process.stderr.write(`\nSKIPPED: ${msg}. These tests were skipped on this machine; they run in CI.\n\n`);
    }
  }
  return availability;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitUp(url: string, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  let lastErr = '';
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`moto_server exited early with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/moto-api/`, { signal: AbortSignal.timeout(1000) });
      if (res.status < 500) return;
    } catch (e) {
      lastErr = e instanceof Error ? e.message : String(e);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`moto_server did not start at ${url}: ${lastErr}`);
}

/**
 * Start moto on a free port; optionally on a given port (to restart after a stop), and with extra
 * environment for the server (INITIAL_NO_AUTH_ACTION_COUNT=0 makes it check credentials).
 */
export async function startMoto(port?: number, opts: { env?: Record<string, string> } = {}): Promise<Moto> {
  const p = port ?? (await freePort());
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(p)], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...opts.env } });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    if (stderr.length < 20_000) stderr += d.toString();
  });
  const url = `http://127.0.0.1:${p}`;
  try {
    await waitUp(url, child, 30_000);
  } catch (e) {
    child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n${stderr.slice(-2000)}`);
  }
  let stopped = false;
  return {
    url,
    port: p,
    async stop() {
      if (stopped) return;
      stopped = true;
      if (child.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          child.kill('SIGKILL');
        }, 5000);
        child.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
    async reset() {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' });
    },
  };
}

/** Environment for the SDK (in-process or a child leakguard) to talk to this moto. */
export function motoEnv(m: Moto): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_ENDPOINT_URL_SECRETS_MANAGER: m.url,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

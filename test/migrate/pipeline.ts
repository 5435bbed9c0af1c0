// The migrate pipeline in-process (scan -> plan -> dirty check -> apply), so tests can hook SDK
// middleware onto the real client. The CLI composes the same pieces.
import { join } from 'node:path';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { scanDirectory } from '../../src/scan/directory.js';
import { buildPlan } from '../../src/migrate/plan/build.js';
import { rewriterFor } from '../../src/migrate/rewrite/index.js';
import { Journal } from '../../src/migrate/journal.js';
import { applyPlan, dirtyPaths, type ApplyReport } from '../../src/migrate/apply.js';
import { repoInfo } from '../../src/migrate/purge/git.js';
import type { MigrationPlan } from '../../src/migrate/plan/build.js';

export interface PipelineResult {
  plan: MigrationPlan;
  report?: ApplyReport;
  dirty: string[];
  log: string[];
  journal: Journal;
}

export async function migrateInProcess(
  dir: string,
  o: { endpoint: string; prefix?: string; hook?: (c: SecretsManagerClient) => void; maxAttempts?: number },
): Promise<PipelineResult> {
  const repo = await repoInfo(dir);
  const scan = await scanDirectory(repo.root);
  const plan = await buildPlan(repo.root, scan.findings, o.prefix ?? 'app/dev', rewriterFor);
  const journal = await Journal.open(join(repo.gitDir!, 'leakguard', 'migrate-journal.json'));
  const dirty = await dirtyPaths(repo.root, journal);
  const log: string[] = [];
  if (dirty.length > 0) return { plan, dirty, log, journal };
  const report = await applyPlan({
    plan,
    journal,
    aws: { endpointUrl: o.endpoint, region: 'us-east-1', configureClient: o.hook, maxAttempts: o.maxAttempts },
    log: (l) => log.push(l),
  });
  return { plan, report, dirty, log, journal };
}

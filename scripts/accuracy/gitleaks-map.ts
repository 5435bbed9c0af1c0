// Maps gitleaks rule ids (corpus `gitleaks/cases.json`) to the kinds of secret leakguard reports.
// A gitleaks rule is scored only when leakguard claims that kind of secret; unmapped rules (vendor
// tokens leakguard has no rule for) are listed as "not covered", never counted as misses or passes.
import type { Finding } from '../../src/types.js';

export interface Family {
  /** Name shown in the table. */
  family: string;
  /** Does this finding report the same kind of secret? */
  same: (f: Finding) => boolean;
}

const byRule = (family: string, re: RegExp): Family => ({ family, same: (f) => re.test(f.ruleId) });
const byKind = (family: string, kinds: string[]): Family => ({ family, same: (f) => kinds.includes(f.kind) });

const AWS_KEY = byKind('aws', ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token']);
const GENERIC = byKind('generic', ['generic-secret', 'api-key', 'token', 'password', 'connection-string', 'aws-secret-access-key']);
const PASSWORD = byKind('password', ['password', 'connection-string', 'generic-secret']);

export function familyFor(gitleaksRule: string): Family | undefined {
  const r = gitleaksRule;
  if (r === 'aws-access-token') return AWS_KEY;
  if (r === 'private-key') return byKind('private-key', ['private-key']);
  if (r === 'jwt') return byRule('jwt', /^jwt$/);
  if (r.startsWith('slack-')) return byRule('slack', /^slack-/);
  if (r === 'stripe-access-token') return byRule('stripe', /^stripe-/);
  if (r.startsWith('github-')) return byRule('github', /^github-/);
  if (r.startsWith('gitlab-')) return byRule('gitlab', /^gitlab-/);
  if (r === 'gcp-api-key') return byRule('google', /^google-/);
  if (r === 'generic-api-key') return GENERIC;
  if (r === 'curl-auth-user' || r === 'hashicorp-tf-password' || r === 'nuget-config-password') return { ...PASSWORD, family: `password (${r})` };
  if (r === 'sidekiq-sensitive-url') return byKind('url-credentials', ['connection-string']);
  return undefined;
}

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

/** gitleaks vendor rules and the leakguard rule (rules/32-vendor-tokens.toml) that finds the same token. */
const VENDOR: Record<string, string> = {
  '1password-secret-key': 'onepassword-secret-key',
  '1password-service-account-token': 'onepassword-service-account-token',
  'age-secret-key': 'age-secret-key',
  'anthropic-admin-api-key': 'anthropic-admin-key',
  'anthropic-api-key': 'anthropic-api-key',
  'artifactory-api-key': 'jfrog-token',
  'artifactory-reference-token': 'jfrog-token',
  'atlassian-api-token': 'atlassian-api-token',
  'aws-amazon-bedrock-api-key-long-lived': 'aws-bedrock-api-key',
  'aws-amazon-bedrock-api-key-short-lived': 'aws-bedrock-api-key',
  'azure-ad-client-secret': 'azure-ad-client-secret',
  'cloudflare-origin-ca-key': 'cloudflare-origin-ca-key',
  'databricks-api-token': 'databricks-token',
  'facebook-page-access-token': 'facebook-access-token',
  'flyio-access-token': 'flyio-token',
  'grafana-cloud-api-token': 'grafana-cloud-token',
  'grafana-service-account-token': 'grafana-service-account-token',
  'hashicorp-tf-api-token': 'terraform-cloud-token',
  'heroku-api-key-v2': 'heroku-api-key',
  'huggingface-access-token': 'huggingface-token',
  'huggingface-organization-api-token': 'huggingface-token',
  'infracost-api-token': 'infracost-api-key',
  'intra42-client-secret': 'intra42-client-secret',
  'maxmind-license-key': 'maxmind-license-key',
  'notion-api-token': 'notion-token',
  'openai-api-key': 'openai-api-key',
  'openshift-user-token': 'openshift-token',
  'perplexity-api-key': 'perplexity-api-key',
  'pulumi-api-token': 'pulumi-token',
  'scalingo-api-token': 'scalingo-token',
  'sentry-org-token': 'sentry-token',
  'sourcegraph-access-token': 'sourcegraph-token',
  'square-access-token': 'square-token',
  'vault-batch-token': 'vault-token',
  'vault-service-token': 'vault-token',
};

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
  const vendor = VENDOR[r];
  // the vendor's rule, and its rule for the token's older format where there is one (vault-token-legacy)
  if (vendor) return byRule(vendor, new RegExp(`^${vendor}(?:-legacy)?$`));
  return undefined;
}

// Files leakguard does not rewrite: each gets a concrete manual step naming the secret and keys (never values).
import type { RewriteRequest, RewriteResult, Rewriter } from '../types.js';
import { baseName } from './locate.js';

interface ManualKind {
  id: string;
  test: (path: string) => boolean;
  reason: string;
  /** Step text; `where` lists "secret <name> key <key>" pairs. */
  step: (where: string, req: RewriteRequest) => string;
}

const lower = (p: string) => p.toLowerCase();
const ext = (p: string) => {
  const b = baseName(p);
  const i = b.lastIndexOf('.');
  return i > 0 ? lower(b.slice(i + 1)) : '';
};

/** CI workflow files, checked before the YAML rewriter claims them. */
export function isCiWorkflow(path: string): boolean {
  const p = lower(path);
  return (
    /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(p) ||
    /(^|\/)\.gitlab-ci\.ya?ml$/.test(p) ||
    /(^|\/)\.circleci\/config\.ya?ml$/.test(p) ||
    /(^|\/)bitbucket-pipelines\.ya?ml$/.test(p) ||
    /(^|\/)azure-pipelines\.ya?ml$/.test(p) ||
    /(^|\/)\.travis\.ya?ml$/.test(p) ||
    /(^|\/)buildspec\.ya?ml$/.test(p) ||
    /(^|\/)jenkinsfile$/.test(p)
  );
}

/** AWS shared credentials / config files. */
export function isAwsCredentialsFile(path: string): boolean {
  const p = lower(path);
  return /(^|\/)\.aws\/(credentials|config)$/.test(p) || /(^|\/)credentials$/.test(p) || /(^|\/)aws[_-]?credentials(\.[a-z]+)?$/.test(p);
}

const KINDS: ManualKind[] = [
  {
    id: 'ci-workflow',
    test: isCiWorkflow,
    reason: 'CI workflow file: tokens belong in the CI system\'s own secret store (a value inside a run: command line is never rewritten)',
    step: (w, req) =>
      /(^|\/)\.github\/workflows\//i.test(req.path)
        ? githubActionsStep(req)
        : `move the value into the CI secret store (GitHub: Settings > Secrets and variables > Actions, then \${{ secrets.NAME }}; GitLab: CI/CD variables, masked) or let the job assume an AWS role through OIDC and read ${w} with "aws secretsmanager get-secret-value"; then delete the literal`,
  },
  {
    id: 'aws-credentials',
    test: isAwsCredentialsFile,
    reason: 'AWS credentials file: static keys should not exist in a repository at all',
    step: (w) =>
      `delete the key lines from the file (the values are kept in ${w}), deactivate and rotate the access key in IAM, and use "aws configure sso", an instance/task role or environment credentials instead`,
  },
  {
    id: 'terraform',
    test: (p) => ['tf', 'tfvars', 'hcl'].includes(ext(p)),
    reason: 'Terraform: provider keys and variables are not rewritten automatically',
    step: (w) =>
      `remove static access_key/secret_key from provider blocks (use AWS_PROFILE or a role); for other values read ${w} with data "aws_secretsmanager_secret_version" and jsondecode(...secret_string)["KEY"], marking the variable sensitive`,
  },
  {
    id: 'java',
    test: (p) => ['java', 'kt', 'kts', 'scala', 'groovy', 'gradle'].includes(ext(p)),
    reason: 'JVM source is not rewritten automatically',
    step: (w) =>
      `replace the literal with a lookup of ${w}: AWS SDK for Java v2 SecretsManagerClient.getSecretValue(GetSecretValueRequest.builder().secretId(NAME).build()).secretString(), parse the JSON and take KEY (or Spring Cloud AWS "spring.config.import=aws-secretsmanager:NAME")`,
  },
  {
    id: 'go',
    test: (p) => ext(p) === 'go',
    reason: 'Go source is not rewritten automatically',
    step: (w) =>
      `replace the literal with a lookup of ${w}: aws-sdk-go-v2 secretsmanager.NewFromConfig(cfg).GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(NAME)}), json.Unmarshal the SecretString and take KEY`,
  },
  {
    id: 'ruby',
    test: (p) => ['rb', 'rake', 'gemspec', 'erb'].includes(ext(p)) || /(^|\/)(gemfile|rakefile)$/.test(lower(p)),
    reason: 'Ruby source is not rewritten automatically',
    step: (w) =>
      `replace the literal with a lookup of ${w}: JSON.parse(Aws::SecretsManager::Client.new.get_secret_value(secret_id: NAME).secret_string)[KEY], or ENV.fetch("KEY") and run the app under "leakguard exec --"`,
  },
  {
    id: 'php',
    test: (p) => ['php', 'phtml'].includes(ext(p)),
    reason: 'PHP source is not rewritten automatically',
    step: (w) =>
      `replace the literal with a lookup of ${w}: (new Aws\\SecretsManager\\SecretsManagerClient([...]))->getSecretValue(['SecretId' => NAME])['SecretString'], json_decode it and take KEY, or getenv('KEY') under "leakguard exec --"`,
  },
  {
    id: 'dotnet-settings',
    // the app reads appsettings.json through .NET configuration: a reference string there would be the value
    test: (p) => /(^|\/)appsettings(\.[\w-]+)?\.json$/i.test(p),
    reason: '.NET appsettings: the app would read a reference as the value; .NET configuration resolves secrets through a provider instead',
    step: (w) =>
      `load ${w} through .NET configuration: Amazon.Extensions.Configuration.SystemsManager with builder.Configuration.AddSystemsManager("/aws/reference/secretsmanager/NAME") (its JSON keys become settings), or override the whole setting from the environment (ConnectionStrings__Default, Section__Key) and start the app under "leakguard exec --"; then delete the literal`,
  },
  {
    id: 'csharp',
    test: (p) => ['cs', 'vb', 'fs', 'config', 'csproj'].includes(ext(p)),
    reason: '.NET source/config is not rewritten automatically',
    step: (w) =>
      `replace the literal with a lookup of ${w}: AmazonSecretsManagerClient.GetSecretValueAsync(new GetSecretValueRequest { SecretId = NAME }), parse SecretString as JSON and take KEY (or Amazon.Extensions.Configuration.SystemsManager)`,
  },
  {
    id: 'shell',
    test: (p) => ['sh', 'bash', 'zsh', 'ksh', 'fish', 'ps1', 'bat', 'cmd'].includes(ext(p)),
    reason: 'shell scripts are not rewritten automatically',
    step: (w) =>
      `replace the literal with "$(aws secretsmanager get-secret-value --secret-id NAME --query SecretString --output text | jq -r .KEY)" for ${w}, or read the variable from the environment and run the script under "leakguard exec --"`,
  },
  {
    id: 'docker',
    test: (p) => /(^|\/)(dockerfile|containerfile)(\.[^/]*)?$/.test(lower(p)),
    reason: 'Dockerfile: values baked into an image cannot be loaded at run time by leakguard',
    step: (w) =>
      `remove the ENV/ARG literal; pass ${w} at run time (docker run --env-file, or "leakguard exec -- docker run -e KEY ...") or as a build secret (RUN --mount=type=secret)`,
  },
  {
    id: 'private-key',
    test: (p) => ['pem', 'key', 'p12', 'pfx', 'ppk', 'jks', 'keystore'].includes(ext(p)) || /(^|\/)id_(rsa|dsa|ecdsa|ed25519)$/.test(lower(p)),
    reason: 'key file: whole-file secrets are not rewritten',
    step: (w) =>
      `delete the file from the repository (add it to .gitignore), load it at run time from ${w} and rotate the key`,
  },
];

/**
 * GitHub Actions resolves Secrets Manager itself: the official aws-actions/aws-secretsmanager-get-secrets step
 * (after aws-actions/configure-aws-credentials with an OIDC role) exports each JSON key as an environment
 * variable named ALIAS_KEY (upper case), which the job then reads instead of the literal.
 */
function githubActionsStep(req: RewriteRequest): string {
  const secrets = [...new Set(req.items.map((i) => i.secretName))];
  const ids = secrets.map((s, i) => `${secrets.length > 1 ? `LG${i + 1}` : 'LG'},${s}`).join(' / ');
  const vars = req.items.map((i) => {
    const alias = secrets.length > 1 ? `LG${secrets.indexOf(i.secretName) + 1}` : 'LG';
    return `${alias}_${i.key.toUpperCase().replace(/[^A-Z0-9_]/g, '_')}`;
  });
  return (
    `before the steps that use it, add "uses: aws-actions/configure-aws-credentials@v4" (role-to-assume: a role the workflow may assume through OIDC, with the IAM policy migrate wrote) ` +
    `and "uses: aws-actions/aws-secretsmanager-get-secrets@v2" with secret-ids: ${ids} and parse-json-secrets: true; it sets ${[...new Set(vars)].join(', ')} (masked in logs): ` +
    `replace each literal with \${{ env.<that variable> }} (in a run: line, "$<that variable>"), then delete it`
  );
}

function describeTargets(req: RewriteRequest): string {
  const bySecret = new Map<string, Set<string>>();
  for (const it of req.items) {
    let s = bySecret.get(it.secretName);
    if (!s) bySecret.set(it.secretName, (s = new Set()));
    s.add(it.key);
  }
  return [...bySecret].map(([name, keys]) => `secret "${name}" key${keys.size > 1 ? 's' : ''} ${[...keys].join(', ')}`).join('; ') || 'the stored secret';
}

function makeManual(kind: ManualKind): Rewriter {
  return {
    id: `manual:${kind.id}`,
    handles: (path) => kind.test(path),
    async rewrite(req): Promise<RewriteResult> {
      return { kind: 'manual', reason: kind.reason, step: kind.step(describeTargets(req), req) };
    },
    async validate() {
      return null;
    },
  };
}

/** Specific manual rewriters, tried before the format rewriters (CI YAML, credentials files, ...). */
export const manualRewriters: Rewriter[] = KINDS.map(makeManual);

/** Fallback for any file no rewriter handles: still a concrete step, never a silent skip. */
export const fallbackManual: Rewriter = makeManual({
  id: 'other',
  test: () => true,
  reason: 'no automatic rewriter for this file type',
  step: (w) =>
    `replace the literal with a run-time lookup of ${w} (SDK GetSecretValue, parse the JSON SecretString, take the key), or read it from an environment variable and start the program with "leakguard exec --"`,
});

/** A manual answer from a format rewriter that found something it cannot edit safely. */
export function manualResult(reason: string, req: RewriteRequest, extra?: string): RewriteResult {
  return {
    kind: 'manual',
    reason,
    step:
      (extra ? extra + '; ' : '') +
      `replace the value by hand with a lookup of ${describeTargets(req)} (see "leakguard exec" and the generated loaders)`,
  };
}

// The manual step for a file no rewriter handles: what it is and what the user should do instead.
import { basename, extname } from 'node:path';

export interface ManualStep {
  reason: string;
  step: string;
}

const LANGS: Record<string, string> = {
  '.go': 'Go (aws-sdk-go-v2 secretsmanager.GetSecretValue)',
  '.java': 'Java (AWS SDK for Java 2.x SecretsManagerClient, or the Secrets Manager JDBC/caching client)',
  '.kt': 'Kotlin (AWS SDK for Kotlin SecretsManagerClient)',
  '.rb': 'Ruby (Aws::SecretsManager::Client#get_secret_value)',
  '.php': 'PHP (Aws\\SecretsManager\\SecretsManagerClient::getSecretValue)',
  '.cs': 'C# (AWSSDK.SecretsManager, or the Secrets Manager caching client)',
  '.rs': 'Rust (aws-sdk-secretsmanager get_secret_value)',
  '.sh': 'shell (aws secretsmanager get-secret-value --query SecretString --output text)',
  '.bash': 'shell (aws secretsmanager get-secret-value --query SecretString --output text)',
  '.ps1': 'PowerShell (Get-SECSecretValue)',
  '.swift': 'Swift (AWS SDK for Swift)',
  '.scala': 'Scala (AWS SDK for Java 2.x)',
};

/** Why the file is not rewritten and what to do, given where its values now live. */
export function manualStepFor(path: string, secretName: string, keys: string[]): ManualStep {
  const file = basename(path).toLowerCase();
  const ext = extname(file);
  const lower = path.toLowerCase();
  const keyList = keys.join(', ');
  const where = `secret '${secretName}' (keys: ${keyList})`;
  if (ext === '.tf' || ext === '.tfvars' || ext === '.hcl') {
    return {
      reason: 'Terraform configuration',
      step:
        `remove the literal from ${path}. Provider credentials: delete access_key/secret_key and let the provider use the ` +
        `standard credential chain (AWS_PROFILE, environment, SSO, instance role). Other values: read them with a ` +
        `data "aws_secretsmanager_secret_version" block for ${where}, or pass them as TF_VAR_ environment variables. ` +
        `Terraform state may also hold the value.`,
    };
  }
  if (lower.endsWith('.aws/credentials') || file === 'credentials' || lower.endsWith('.aws/config')) {
    return {
      reason: 'AWS shared credentials file',
      step:
        `delete ${path} from the repository (git rm --cached, then add it to .gitignore); keep credentials in ` +
        `~/.aws/credentials or use SSO / an instance role. Deactivate and rotate the committed access key.`,
    };
  }
  if (lower.startsWith('.github/workflows/') || lower.includes('/.github/workflows/')) {
    return {
      reason: 'GitHub Actions workflow',
      step:
        `store the value as a repository or environment secret (Settings > Secrets and variables > Actions, or ` +
        `\`gh secret set NAME\`) and reference it as \${{ secrets.NAME }} in ${path}; for AWS prefer OIDC ` +
        `(aws-actions/configure-aws-credentials with role-to-assume) over stored keys.`,
    };
  }
  if (file === '.gitlab-ci.yml' || file === '.travis.yml' || file === 'jenkinsfile' || lower.startsWith('.circleci/') || file === 'azure-pipelines.yml' || file === 'bitbucket-pipelines.yml') {
    return {
      reason: 'CI pipeline definition',
      step: `move the value into the CI system's secret store (masked/protected variable) and reference it by name in ${path}.`,
    };
  }
  if (file === 'dockerfile' || file.endsWith('.dockerfile')) {
    return {
      reason: 'Dockerfile (values baked into image layers)',
      step: `remove the ENV/ARG value from ${path}; pass it at run time (docker run --env-file, or \`leakguard exec\`), or use a BuildKit secret mount for build-time values. Rebuild and delete images that contain it.`,
    };
  }
  if (file.endsWith('.pem') || file.endsWith('.key') || file.startsWith('id_rsa') || file.startsWith('id_ed25519') || file.endsWith('.p12') || file.endsWith('.pfx')) {
    return {
      reason: 'key or certificate file',
      step: `delete ${path} from the repository, load the key at run time from ${where}, and replace the key pair (it is in history).`,
    };
  }
  const lang = LANGS[ext];
  if (lang) {
    return {
      reason: `no automatic rewriter for ${lang.split(' ')[0]}`,
      step: `replace the literal in ${path} with a read of ${where} using ${lang}; cache the result.`,
    };
  }
  return {
    reason: 'no automatic rewriter for this file type',
    step: `replace the literal in ${path} with a run-time read of ${where}, or an environment variable filled by \`leakguard exec\`.`,
  };
}

// The least-privilege IAM policy for the application's role after a migration: read exactly the
// secrets migrate created or filled (GetSecretValue is all the generated loaders and `leakguard
// exec` call), and, when --kms-key-id names a customer managed key, kms:Decrypt on that key only
// through Secrets Manager (kms:ViaService). No value is in it: names, ARNs and the key id.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface PolicyStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface IamPolicy {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/** arn:<partition>:secretsmanager:<region>:<account>:secret:<name>-<6 chars> */
function arnParts(arn: string): { partition: string; region: string; account: string } | undefined {
  const m = /^arn:([a-z-]+):secretsmanager:([a-z0-9-]+):(\d{12}):secret:/.exec(arn);
  return m ? { partition: m[1]!, region: m[2]!, account: m[3]! } : undefined;
}

function kmsStatement(kmsKeyId: string, where: { partition: string; region: string; account: string }): PolicyStatement {
  const viaService = { 'kms:ViaService': `secretsmanager.${where.region}.amazonaws.com` };
  const keyArn = /^arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:key\//.test(kmsKeyId) ? kmsKeyId : undefined;
  const alias = /^(?:arn:[a-z-]+:kms:[a-z0-9-]+:\d{12}:)?(alias\/.+)$/.exec(kmsKeyId)?.[1];
  if (keyArn || !alias) {
    const resource = keyArn ?? `arn:${where.partition}:kms:${where.region}:${where.account}:key/${kmsKeyId}`;
    return { Sid: 'DecryptTheSecretsKeyThroughSecretsManager', Effect: 'Allow', Action: 'kms:Decrypt', Resource: resource, Condition: { StringEquals: viaService } };
  }
  // An alias is not a resource kms:Decrypt can name: any key of the account that carries it.
  return {
    Sid: 'DecryptTheSecretsKeyThroughSecretsManager',
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: `arn:${where.partition}:kms:${where.region}:${where.account}:key/*`,
    Condition: { StringEquals: viaService, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': alias } },
  };
}

/** The policy for these secret ARNs (undefined when there are none). */
export function iamPolicy(arns: string[], kmsKeyId?: string): IamPolicy | undefined {
  const resources = [...new Set(arns.filter((a) => a))].sort();
  if (resources.length === 0) return undefined;
  const statements: PolicyStatement[] = [
    { Sid: 'ReadTheMigratedSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: resources.length === 1 ? resources[0]! : resources },
  ];
  const where = arnParts(resources[0]!);
  if (kmsKeyId && where) statements.push(kmsStatement(kmsKeyId, where));
  return { Version: '2012-10-17', Statement: statements };
}

/** Writes the policy as JSON (it holds no value) and returns its text. */
export async function writePolicy(file: string, policy: IamPolicy): Promise<string> {
  const text = JSON.stringify(policy, null, 2) + '\n';
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, text, { mode: 0o644 });
  await chmod(file, 0o644);
  return text;
}

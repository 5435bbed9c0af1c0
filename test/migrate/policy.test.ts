// The IAM policy migrate writes for the application's role: exactly the secrets' ARNs, and
// kms:Decrypt only through Secrets Manager when a customer managed key was named.
import { describe, expect, it } from 'vitest';
import { iamPolicy } from '../../src/migrate/policy.js';

const A = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/prod/env-AbCdEf';
const B = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/prod/config-yml-GhIjKl';

describe('iamPolicy', () => {
  it('reads exactly the given secrets, nothing else', () => {
    expect(iamPolicy([B, A, A])).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'ReadTheMigratedSecrets', Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [B, A].sort() }],
    });
    expect(iamPolicy([])).toBeUndefined();
  });

  it('adds kms:Decrypt through Secrets Manager for a customer managed key: by ARN, id or alias', () => {
    const via = { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' };
    const keyArn = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    expect(iamPolicy([A], keyArn)!.Statement[1]).toEqual({ Sid: 'DecryptTheSecretsKeyThroughSecretsManager', Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: { StringEquals: via } });
    expect(iamPolicy([A], '1234abcd-12ab-34cd-56ef-1234567890ab')!.Statement[1]!.Resource).toBe(keyArn);
    expect(iamPolicy([A], 'alias/shop-secrets')!.Statement[1]).toEqual({
      Sid: 'DecryptTheSecretsKeyThroughSecretsManager',
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: 'arn:aws:kms:eu-west-1:123456789012:key/*',
      Condition: { StringEquals: via, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': 'alias/shop-secrets' } },
    });
    expect(iamPolicy([A])!.Statement).toHaveLength(1); // the AWS managed key needs no statement
  });
});

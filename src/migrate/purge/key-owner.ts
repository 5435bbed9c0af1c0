// Whose access key it is: `aws iam update-access-key` needs --user-name when the caller is not the key's
// own user. IAM's GetAccessKeyLastUsed answers for any key ID of the account with the caller's credentials
// (iam:GetAccessKeyLastUsed); without them, or for another account's key, the advice keeps a placeholder.
// The SDK is loaded only when there is a committed key to look up.
import type { AwsOptions } from '../store/client.js';
import { resolveEndpoint } from '../store/client.js';

function loopback(endpoint: string): boolean {
  const h = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

/** Key ID -> IAM user name, for the keys whose owner the caller may read; never throws. */
export async function keyOwners(keyIds: string[], o: AwsOptions, env: NodeJS.ProcessEnv = process.env): Promise<Map<string, string>> {
  const owners = new Map<string, string>();
  if (!keyIds.length) return owners;
  try {
    // IAM has its own endpoint: an emulator's (one port for every service) or AWS_ENDPOINT_URL_IAM, never a Secrets Manager VPC endpoint
    const sm = resolveEndpoint(o.endpointUrl, env);
    const endpoint = env.AWS_ENDPOINT_URL_IAM || (sm && loopback(sm) ? sm : undefined);
    const placeholder = endpoint && loopback(endpoint) && !env.AWS_ACCESS_KEY_ID && !o.profile && !env.AWS_PROFILE;
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
    const { IAMClient, GetAccessKeyLastUsedCommand } = await import('@aws-sdk/client-iam');
    const client = new IAMClient({
      region: 'us-east-1', // IAM is global
      ...(o.profile ? { profile: o.profile } : {}),
      ...(endpoint ? { endpoint } : {}),
      ...(placeholder ? { credentials: { accessKeyId: 'leakguard-local', secretAccessKey: 'leakguard-local' } } : {}),
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
    });
    try {
      for (const id of keyIds) {
        try {
          const r = await client.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: id }));
          if (r.UserName) owners.set(id, r.UserName);
        } catch (e) {
          // no credentials or no permission: no point asking for the other keys
          const name = (e as { name?: string }).name ?? '';
          if (/Credentials|AccessDenied|Unauthorized|InvalidClientTokenId|SignatureDoesNotMatch|ExpiredToken|ECONNREFUSED|TimeoutError/i.test(name + String((e as Error).message))) break;
        }
      }
    } finally {
      client.destroy();
    }
  } catch {
    // the SDK could not be loaded or configured: placeholders
  }
  return owners;
}

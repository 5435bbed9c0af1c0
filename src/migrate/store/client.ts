// The Secrets Manager client, built lazily (the SDK is only loaded by `migrate --apply`).
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { UserError } from '../../types.js';

export interface AwsOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  kmsKeyId?: string;
  /** Total attempts per request including retries (throttling, 5xx, network). Default 6. */
  maxAttempts?: number;
  /** Tests hook middleware onto the real client here (fault injection, request counting). */
  configureClient?: (client: SecretsManagerClient) => void;
}

export interface ClientInfo {
  client: SecretsManagerClient;
  endpoint?: string;
  region: string;
  notes: string[];
}

function isLoopback(url: URL): boolean {
  const h = url.hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\./.test(h) || h.endsWith('.localhost');
}

export function resolveEndpoint(opt: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const raw = opt ?? env.AWS_ENDPOINT_URL_SECRETS_MANAGER ?? env.AWS_ENDPOINT_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`invalid endpoint URL '${raw}' (expected e.g. http://127.0.0.1:5000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`invalid endpoint URL '${raw}': use http:// or https://`);
  return raw.replace(/\/+$/, '');
}

export async function createClient(o: AwsOptions): Promise<ClientInfo> {
  const notes: string[] = [];
  const endpoint = resolveEndpoint(o.endpointUrl);
  // The SDK warns on stderr about a future Node requirement; that is not the user's concern here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const sdk = await import('@aws-sdk/client-secrets-manager');
  const region = o.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  let credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  // A local emulator (moto, LocalStack) accepts any credentials; without any configured, use
  // placeholders rather than failing or probing the instance metadata service.
  if (
    endpoint &&
    isLoopback(new URL(endpoint)) &&
    !process.env.AWS_ACCESS_KEY_ID &&
    !o.profile &&
    !process.env.AWS_PROFILE
  ) {
    credentials = { accessKeyId: 'leakguard-local', secretAccessKey: 'leakguard-local' };
    notes.push(`no AWS credentials configured; using placeholder credentials for the local endpoint ${endpoint}`);
  }
  const client = new sdk.SecretsManagerClient({
    ...(region ? { region } : {}),
    ...(o.profile ? { profile: o.profile } : {}),
    ...(endpoint ? { endpoint } : {}),
    ...(credentials ? { credentials } : {}),
    maxAttempts: o.maxAttempts ?? 6,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
  let resolvedRegion: string;
  try {
    resolvedRegion = await client.config.region();
  } catch {
    throw new UserError('no AWS region: pass --region or set AWS_REGION');
  }
  if (!resolvedRegion) throw new UserError('no AWS region: pass --region or set AWS_REGION');
  o.configureClient?.(client);
  return { client, endpoint, region: resolvedRegion, notes };
}

// AWS errors, classified and made safe to print: SDK errors may echo request fields (a secret
// string among them), so every message is scrubbed of known values before it goes anywhere.

export type AwsErrorClass =
  | 'credentials'
  | 'unreachable'
  | 'region'
  | 'access-denied'
  | 'throttled'
  | 'conflict'
  /** The endpoint answered, but not as Secrets Manager does (an HTML page, plain text): wrong --endpoint-url. */
  | 'not-secrets-manager'
  | 'other';

/** An error from the store, already sanitised: `message` holds no value. */
export class StoreError extends Error {
  constructor(
    message: string,
    readonly cls: AwsErrorClass,
    readonly secretName?: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
  /** Errors after which no other secret can succeed either: stop the run (exit 2). */
  get fatal(): boolean {
    return this.cls === 'credentials' || this.cls === 'unreachable' || this.cls === 'region' || this.cls === 'not-secrets-manager';
  }
}

const CREDENTIAL_ERRORS = new Set([
  'CredentialsProviderError',
  'ExpiredTokenException',
  'ExpiredToken',
  'RequestExpired',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
  'TokenRefreshRequired',
  'InvalidAccessKeyId',
]);
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);
const THROTTLE_ERRORS = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);

interface ErrLike {
  name?: string;
  code?: string;
  message?: string;
  errors?: unknown[];
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
  /** Set (hidden) by the SDK when it could not read a response: the raw HTTP response. */
  $response?: { statusCode?: number; headers?: Record<string, string | undefined> };
}

/**
 * The HTTP answer behind an error the SDK raised because it could not read the response: Secrets
 * Manager always answers JSON, so an HTML page or plain text (a web server, a proxy, an emulator's XML
 * error) fails to parse. Only the status and the media type are kept, never the body.
 */
export function foreignResponse(err: unknown): { status?: number; type?: string } | undefined {
  const e = (err ?? {}) as ErrLike;
  if (typeof e !== 'object' || !e.$response) return undefined;
  if (e.name !== 'SyntaxError' && !/Deserialization error/.test(e.message ?? '')) return undefined;
  const status = e.$metadata?.httpStatusCode ?? e.$response.statusCode;
  const headers = e.$response.headers ?? {};
  const raw = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
  const type = /^[\w.+-]+\/[\w.+-]+/.exec(raw ?? '')?.[0].toLowerCase();
  return { status: typeof status === 'number' ? status : undefined, type };
}

function networkCode(e: ErrLike | undefined, depth = 0): string | undefined {
  if (!e || depth > 4) return undefined;
  if (e.code && NETWORK_CODES.has(e.code)) return e.code;
  if (e.name === 'TimeoutError' && !e.$metadata?.httpStatusCode) return 'timeout';
  if (Array.isArray(e.errors)) for (const x of e.errors) {
    const c = networkCode(x as ErrLike, depth + 1);
    if (c) return c;
  }
  return networkCode(e.cause as ErrLike | undefined, depth + 1);
}

export function classifyAwsError(err: unknown): AwsErrorClass {
  if (err instanceof StoreError) return err.cls;
  const e = (err ?? {}) as ErrLike;
  const name = e.name ?? '';
  const msg = e.message ?? '';
  if (CREDENTIAL_ERRORS.has(name) || /could not load credentials|security token included in the request is (invalid|expired)/i.test(msg))
    return 'credentials';
  if (/region is missing/i.test(msg)) return 'region';
  if (networkCode(e)) return 'unreachable';
  const foreign = foreignResponse(e);
  // Refused before Secrets Manager (or an emulator) answered in its own format: most often the
  // credentials (moto with authentication on answers 403 in XML).
  if (foreign) return foreign.status === 401 || foreign.status === 403 ? 'credentials' : 'not-secrets-manager';
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || e.$metadata?.httpStatusCode === 403) return 'access-denied';
  if (THROTTLE_ERRORS.has(name) || e.$metadata?.httpStatusCode === 429) return 'throttled';
  return 'other';
}

/** Replace every known value in `text` with ****. */
export function makeSanitizer(values: Iterable<string>): (text: string) => string {
  const list = [...new Set(values)].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
  return (text: string) => {
    let out = text;
    for (const v of list) if (out.includes(v)) out = out.split(v).join('****');
    // A JSON-escaped value (quotes, backslashes) can appear in echoed request bodies too.
    for (const v of list) {
      const esc = JSON.stringify(v).slice(1, -1);
      if (esc !== v && out.includes(esc)) out = out.split(esc).join('****');
    }
    return out;
  };
}

/** One sanitised line describing an AWS error. */
export function describeAwsError(err: unknown, sanitize: (s: string) => string, endpoint?: string): StoreError {
  if (err instanceof StoreError) return err;
  const cls = classifyAwsError(err);
  const e = (err ?? {}) as ErrLike;
  const first = sanitize(String(e.message ?? err)).split('\n')[0]!.slice(0, 300);
  const name = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
  const foreign = foreignResponse(err);
  const answered = foreign ? `HTTP ${foreign.status ?? '?'}${foreign.type ? ` ${foreign.type}` : ''}` : '';
  const where = endpoint ? ` at ${endpoint}` : '';
  let msg: string;
  switch (cls) {
    case 'credentials':
      msg = foreign
        ? `AWS credentials were rejected by the endpoint${where} (${answered}, not in Secrets Manager's format); check --profile, AWS_PROFILE or the AWS_* environment variables, and --endpoint-url`
        : `AWS credentials were rejected or not found (${name}${first}); check --profile, AWS_PROFILE or the AWS_* environment variables`;
      break;
    case 'not-secrets-manager':
      msg = `the endpoint${where} is not Secrets Manager: it answered ${answered}, where Secrets Manager answers JSON; check --endpoint-url or AWS_ENDPOINT_URL_SECRETS_MANAGER`;
      break;
    case 'unreachable':
      msg = `cannot reach Secrets Manager${where} (${networkCode(e) ?? 'network error'})`;
      break;
    case 'region':
      msg = 'no AWS region: pass --region or set AWS_REGION';
      break;
    case 'access-denied':
      msg = `access denied (${name}${first})`;
      break;
    case 'throttled':
      msg = `throttled by Secrets Manager after retries (${name}${first})`;
      break;
    default:
      msg = `${name}${first}`;
  }
  return new StoreError(sanitize(msg), cls);
}

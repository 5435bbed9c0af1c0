// AWS errors, classified and made safe to print: SDK errors may echo request fields (a secret
// string among them), so every message is scrubbed of known values before it goes anywhere.

export type AwsErrorClass =
  | 'credentials'
  | 'unreachable'
  | 'region'
  | 'access-denied'
  | 'throttled'
  | 'conflict'
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
    return this.cls === 'credentials' || this.cls === 'unreachable' || this.cls === 'region';
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
  let msg: string;
  switch (cls) {
    case 'credentials':
      msg = `AWS credentials were rejected or not found (${name}${first}); check --profile, AWS_PROFILE or the AWS_* environment variables`;
      break;
    case 'unreachable':
      msg = `cannot reach Secrets Manager${endpoint ? ` at ${endpoint}` : ''} (${networkCode(e) ?? 'network error'})`;
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

// Key names inside a secret's JSON object. They come from the name the value was assigned to
// (Finding.key) or, failing that, from the rule's kind plus an index: never from the value.
import type { Finding, SecretKind } from '../../types.js';

const KIND_NAMES: Record<SecretKind, string> = {
  'aws-access-key-id': 'AWS_ACCESS_KEY_ID',
  'aws-secret-access-key': 'AWS_SECRET_ACCESS_KEY',
  'aws-session-token': 'AWS_SESSION_TOKEN',
  password: 'PASSWORD',
  'connection-string': 'CONNECTION_STRING',
  'private-key': 'PRIVATE_KEY',
  token: 'TOKEN',
  'api-key': 'API_KEY',
  'generic-secret': 'SECRET',
};

/** Key name from the assigned name, made safe; undefined when there is none usable. */
export function keyFromAssignedName(finding: Finding): string | undefined {
  const raw = finding.key?.trim();
  if (!raw) return undefined;
  // Strip quotes and brackets around subscripts: settings['DB']["PASSWORD"] -> settings.DB.PASSWORD
  const cleaned = raw
    .replace(/\[\s*['"`]?([^\]'"`]*)['"`]?\s*\]/g, '.$1')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '')
    .slice(0, 128);
  if (!cleaned) return undefined;
  // A name that contains the value (or a value that contains the name, for short values) is not a name.
  if (finding.secret && (cleaned.includes(finding.secret) || raw.includes(finding.secret))) return undefined;
  return cleaned;
}

export function kindKeyBase(kind: SecretKind | string | undefined): string {
  return (kind && KIND_NAMES[kind as SecretKind]) || 'SECRET';
}

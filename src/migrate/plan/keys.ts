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

/**
 * The name a value is assigned to on its line when the rule did not capture one (e.g. an access key
 * ID found by its shape): the identifier right before `=`, `:`, `:=` or `=>` ahead of the value.
 */
export function assigneeOnLine(finding: Finding): string | undefined {
  const before = (finding.lineText ?? '').slice(0, Math.max(0, finding.column - 1));
  return ASSIGNEE_BEFORE.exec(before)?.[1];
}

const ASSIGNEE_BEFORE = /(?:^|[\s{,(;$])["'`]?([A-Za-z_][\w.-]{0,127})["'`]?\]?[ \t]*(?::=|=>|=|:)[ \t]*(?:[rbuf]{0,2}["'`])?[ \t]*$/;

/**
 * A password inside a URL (scheme://user:password@host) is named after the variable or setting
 * that holds the URL (DATABASE_URL), or `password`: never after the user name the rule captured.
 */
function urlHolder(finding: Finding): string | undefined {
  const m = finding.match ?? '';
  if (finding.kind !== 'connection-string' || !/^[a-z][a-z0-9+.-]*:\/\//i.test(m)) return undefined;
  const inMatch = m.indexOf(`:${finding.secret}@`, m.indexOf('://') + 3);
  if (inMatch < 0) return 'password';
  const urlStart = finding.column - 1 - (inMatch + 1);
  const before = (finding.lineText ?? '').slice(0, Math.max(0, urlStart));
  return ASSIGNEE_BEFORE.exec(before)?.[1] ?? 'password';
}

/** Key name from the assigned name, made safe; undefined when there is none usable. */
export function keyFromAssignedName(finding: Finding): string | undefined {
  const raw = (urlHolder(finding) ?? finding.key ?? assigneeOnLine(finding))?.trim();
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

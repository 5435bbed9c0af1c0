// Key names in a migrated secret come from the name the value is assigned to, also when the rule
// found the value by its shape alone (an AWS access key ID) and captured no name.
import { describe, expect, it } from 'vitest';
import { keyFromAssignedName } from '../../src/migrate/plan/keys.js';
import type { Finding } from '../../src/types.js';

function at(lineText: string, secret: string, key?: string): Finding {
  const column = lineText.indexOf(secret) + 1;
  return {
    ruleId: 'aws-access-key-id', description: '', kind: 'aws-access-key-id', path: 'config.py', line: 1, column,
    endLine: 1, endColumn: column + secret.length, secret, match: secret, lineText, entropy: 4, fingerprint: '', key,
  };
}

describe('key names', () => {
  const id = 'AKIA' + 'Q3EGRJ5XVZ7LMN2P';
  it('uses the assignee on the line when the rule captured none', () => {
    expect(keyFromAssignedName(at(`AWS_ACCESS_KEY_ID = "${id}"`, id))).toBe('AWS_ACCESS_KEY_ID');
    expect(keyFromAssignedName(at(`  "accessKeyId": "${id}",`, id))).toBe('accessKeyId');
    expect(keyFromAssignedName(at(`export AWS_ACCESS_KEY_ID=${id}`, id))).toBe('AWS_ACCESS_KEY_ID');
    expect(keyFromAssignedName(at(`aws_access_key_id: ${id}`, id))).toBe('aws_access_key_id');
  });
  it('names a password in a URL after what holds the URL, never after its user name', () => {
    const pw = 'Zq' + 'u8Rk2Lm9Wv4';
    const url = (line: string, user: string): Finding => {
      const column = line.indexOf(`:${pw}@`) + 2;
      const start = line.indexOf('postgres://');
      const match = line.slice(start, line.indexOf('@', start) + 1) + 'db';
      return { ...at(line, pw, user), ruleId: 'url-credentials', kind: 'connection-string', column, match };
    };
    expect(keyFromAssignedName(url(`DATABASE_URL=postgres://admin:${pw}@db/app`, 'admin'))).toBe('DATABASE_URL');
    expect(keyFromAssignedName(url(`  "dsn": "postgres://admin:${pw}@db/app",`, 'admin'))).toBe('dsn');
    expect(keyFromAssignedName(url(`connect("postgres://admin:${pw}@db/app")`, 'admin'))).toBe('password');
  });

  it('prefers the captured name, and has none for a bare value', () => {
    expect(keyFromAssignedName(at(`x = "${id}"`, id, 'DB_KEY'))).toBe('DB_KEY');
    expect(keyFromAssignedName(at(`keys: ["${id}"]`, id))).toBeUndefined();
    expect(keyFromAssignedName(at(`${id}`, id))).toBeUndefined();
  });
});

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
  it('prefers the captured name, and has none for a bare value', () => {
    expect(keyFromAssignedName(at(`x = "${id}"`, id, 'DB_KEY'))).toBe('DB_KEY');
    expect(keyFromAssignedName(at(`keys: ["${id}"]`, id))).toBeUndefined();
    expect(keyFromAssignedName(at(`${id}`, id))).toBeUndefined();
  });
});

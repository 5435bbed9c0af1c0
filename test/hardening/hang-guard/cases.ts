// Adversarial content for the CLI hang guard: inputs shaped to make regexes backtrack or the
// engine do work per candidate on a long line. Each 1 MB file is scanned by the CLI (not a speed
// benchmark: the guard only says "this did not hang"). The file is written under several
// extensions so path-restricted rules (.env, .json, .xml, ...) run on it too.
import { randomBytes } from 'node:crypto';

const MB = 1024 * 1024;
const fill = (unit: string, size = MB) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

// Keywords built from pieces so that leakguard scanning its own tree finds nothing here.
const PW = 'pass' + 'word';
const PWC = 'Pass' + 'word';
const KID = 'AK' + 'IA';

export const CASES: Record<string, () => string> = {
  '<pw>=aaaa… (one 1 MB line)': () => PW + '=' + 'a'.repeat(MB),
  '<pw> = "aaaa… unterminated': () => PW + ' = "' + 'a'.repeat(MB),
  'AKIA repeated': () => fill('AKIA'),
  'AKIA + base32 run': () => 'AKIA' + fill('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'),
  'A/A/A/… run': () => fill('A/'),
  'long base64': () => 'secret: ' + randomBytes((MB * 3) / 4).toString('base64'),
  'long base64 with a key name per line': () => fill('data: ' + randomBytes(600).toString('base64') + '\n'),
  '"<pw>": " unterminated, repeated': () => fill('"' + PW + '": "'),
  "<pw>=' unterminated, repeated": () => fill(PW + "='"),
  '<pw> then 1 MB of spaces': () => PW + ' '.repeat(MB) + 'x',
  '<pw> then 1 MB of tabs': () => 'pwd' + '\t'.repeat(MB),
  '<pw>: then spaces': () => PW + ':' + ' '.repeat(MB),
  '<Pw>=a; repeated (connection strings)': () => fill(PWC + '=a;'),
  '<pw>= repeated': () => fill(PW + '='),
  '<pw><pw>…': () => fill(PW),
  'pass words': () => fill('pass pwd pw '),
  'secret_key= repeated': () => fill('secret_key='),
  'token: " repeated': () => fill('token: "'),
  'scheme://u:p@ repeated': () => fill('https://u:p@'),
  'scheme://user: then a long run': () => 'mysql://root:' + 'a'.repeat(MB),
  'PEM header then a long run': () => '-----BEGIN RSA PRIVATE KEY-----\n' + fill('MIIEpAIBAAKCAQEA'),
  'PEM headers repeated': () => fill('-----BEGIN PRIVATE KEY-----'),
  '<pw> element repeated': () => fill('<' + PW + '>'),
  'XML attribute unterminated': () => '<add key="' + PW + '" value="' + 'a'.repeat(MB),
  'jwt-ish eyJ run': () => 'eyJ' + fill('abcDEF123_-.'),
  'hex run': () => 'secret = ' + fill('0123456789abcdef'),
  'backslashes in a quoted value': () => PW + ' = "' + '\\'.repeat(MB),
  'many short lines with keywords': () => fill('pw=x\n'),
  'mysql -p repeated': () => fill('mysql -p'),
  'aws_secret_access_key then spaces': () => 'aws_secret_access_key' + ' '.repeat(MB),
  'equals signs': () => PW + '='.repeat(MB),
  'colons': () => PW + ':'.repeat(MB),
  'quotes': () => PW + ' = ' + '"'.repeat(MB),
  'ghp_ repeated': () => fill('ghp_'),
  'xoxb- repeated': () => fill('xoxb-'),
  'leakguard:allow on a long line of findings': () => fill('k' + KID + `ZZZZZZZZZZZZZZZZ `) + ' # leakguard:allow',
};

export const EXTENSIONS = ['env', 'py', 'json', 'xml', 'yml', 'txt'];

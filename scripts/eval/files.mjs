// File contents of the generated legacy repo. Each builder returns lines: a plain string (no secret), or an
// object from L`...` (planted secret(s) inside), N(label, text) (a look-alike that must NOT be flagged, labelled
// by class), or A(label, text) (ambiguous: excluded from scoring, reported apart).
import { DOC_EXAMPLE_KEY_ID, DOC_EXAMPLE_SECRET, LOREM } from './values.mjs';

export const S = (kind, value) => ({ __secret: true, kind, value });

/** A line holding planted secret(s): L`password = "${S('password', pw)}"`. */
export function L(strings, ...parts) {
  let t = strings[0];
  const s = [];
  parts.forEach((p, i) => {
    if (p && p.__secret) {
      s.push({ kind: p.kind, value: p.value });
      t += p.value;
    } else t += String(p);
    t += strings[i + 1];
  });
  return s.length ? { t, s } : t;
}
/** A look-alike that must not be flagged; the label names its class in reports. */
export const N = (label, t) => ({ t, neg: label });
/** A tagged look-alike built like L (may interpolate plain values). */
export const NL = (label) => (strings, ...parts) => N(label, String.raw({ raw: strings }, ...parts));
/** Ambiguous line: a reviewer could go either way; not scored. */
export const A = (label, t) => ({ t, amb: label });

/** All values one seed plants; some are replaced later in history (rotation). */
export function plantValues(v) {
  const p = {};
  const pw = (name, kind = 'h') => (p[name] = kind === 'h' ? v.humanPassword() : kind === 'u' ? v.urlPassword() : v.strongPassword(12 + v.int(8)));
  const aws = (name, prefix) => {
    p[name + 'Id'] = v.akid(prefix);
    p[name + 'Secret'] = v.awsSecret();
  };
  for (const n of ['django', 'djangoOld', 'flask', 'web', 'ts', 'java', 'spring', 'go', 'php', 'laravel', 'rails', 'csharp', 'deploy', 'env', 'creds', 'credsCi', 'compose', 'tf', 'k8s', 'json', 'docker', 'tmp', 'envprod', 'boto'])
    aws(n);
  for (const n of ['webCfgAws', 'tuple', 'jsonCamel']) aws(n);
  p.credsCiId = v.akid(['AS', 'IA'].join(''));
  p.sessionToken = v.sessionToken();
  for (const n of ['djangoDb', 'djangoDbOld', 'djangoEmail', 'flaskMail', 'webDb', 'webSmtp', 'tsDb', 'javaDb', 'javaConn', 'springDb', 'springRedis', 'goDb', 'phpDb', 'laravelDb', 'railsProd', 'csharpConst', 'iniDb', 'composePg', 'composeMysql', 'tfDb', 'k8sDb', 'k8sStringData', 'hibernate', 'maven', 'springXml', 'xmlAttr', 'jsonDb', 'dockerDb', 'envDb', 'envRedis', 'yamlCache', 'envprodDb', 'oldIni', 'nodeSmtp', 'pyKwarg', 'jsConst', 'goStruct', 'phpVar', 'phpPdo', 'rubyHash', 'csConn', 'sshpass', 'dockerLogin', 'ansible', 'tfDefault', 'configMap', 'dockerRun', 'myCnf', 'gradle', 'djCache'])
    pw(n, v.int(3) === 0 ? 's' : 'h');
  for (const n of ['flaskUrl', 'webConfigUrl', 'composeUrl', 'mongoUrl', 'redisUrl', 'jdbcUrl', 'csharpConn', 'webConfigConn', 'mysqlCli', 'curlCli', 'pgpassCli', 'netrc', 'pgpass', 'npmPass', 'deployUrl', 'amqpUrl'])
    pw(n, 'u');
  p.flaskSecret = v.hex(48);
  p.railsSecretBase = v.hex(128);
  p.npmToken = v.npmToken();
  p.testLoginPw = v.humanPassword();
  return p;
}

export function buildFiles(v, p) {
  const q = v.quote();
  const f = {};
  const javaUser = v.pick(['billing', 'billing_app', 'svc_billing']);
  const yq = v.pick(['"', '']);
  const eq = v.pick([' = ', '=']);

  f['README.md'] = [
    '# acme-shop',
    '',
    'Legacy monolith: Django storefront, Node web tier, Java billing, Go worker, PHP blog.',
    '',
    '## Setup',
    '',
    N('doc-placeholder', 'Copy `.env.example` to `.env` and set `DB_PASSWORD=<password>` to your local database password.'),
    N('doc-example-key', `For local testing the AWS docs example works: \`aws_access_key_id = ${DOC_EXAMPLE_KEY_ID}\``),
    N('doc-example-key', `and \`aws_secret_access_key = ${DOC_EXAMPLE_SECRET}\` (never a real key).`),
    N('doc-placeholder', 'Connection string format: `postgres://user:password@localhost:5432/shop`.'),
    N('ui-label', 'If login fails, use "Forgot your password?" on the sign-in page.'),
    '',
    N('commit-sha', `Last known good deploy: ${v.hex(40)} (see CHANGELOG).`),
    '',
    LOREM,
  ];

  f['.env.example'] = [
    '# Copy to .env',
    N('empty-value', 'DB_PASSWORD='),
    N('placeholder', 'REDIS_PASSWORD=your-password-here'),
    N('placeholder', 'AWS_ACCESS_KEY_ID=xxxxxxxxxxxxxxxxxxxx'),
    N('placeholder', 'AWS_SECRET_ACCESS_KEY=****************************************'),
    N('placeholder', 'SMTP_PASSWORD=<password>'),
  ];

  f['CHANGELOG.md'] = [
    '# Changelog',
    '',
    N('commit-sha', `- ${v.hex(40)} fix: password reset emails were sent twice`),
    N('commit-sha', `- ${v.hex(40)} chore: bump django`),
    N('uuid', `- migration id ${v.uuid()} applied in prod`),
    N('ui-label', '- feat: "Show password" toggle on the login form'),
  ];

  f['package.json'] = [
    '{',
    '  "name": "acme-web",',
    '  "version": "1.4.2",',
    '  "private": true,',
    '  "main": "web/server.js",',
    '  "dependencies": {',
    '    "express": "^4.18.2",',
    '    "pg": "^8.11.0"',
    '  }',
    '}',
  ];

  const integ = () => 'sha512-' + v.b64(86) + '==';
  f['package-lock.json'] = [
    '{',
    '  "name": "acme-web",',
    '  "version": "1.4.2",',
    '  "lockfileVersion": 3,',
    '  "requires": true,',
    '  "packages": {',
    '    "node_modules/express": {',
    '      "version": "4.18.2",',
    '      "resolved": "https://registry.npmjs.org/express/-/express-4.18.2.tgz",',
    N('integrity-hash', `      "integrity": "${integ()}",`),
    '      "license": "MIT"',
    '    },',
    '    "node_modules/pg": {',
    '      "version": "8.11.0",',
    '      "resolved": "https://registry.npmjs.org/pg/-/pg-8.11.0.tgz",',
    N('integrity-hash', `      "integrity": "${integ()}",`),
    '      "license": "MIT"',
    '    },',
    '    "node_modules/pg-pool": {',
    '      "version": "3.6.1",',
    '      "resolved": "https://registry.npmjs.org/pg-pool/-/pg-pool-3.6.1.tgz",',
    N('integrity-hash', `      "integrity": "sha1-${v.b64(27)}="`),
    '    }',
    '  }',
    '}',
  ];

  // ---- Django --------------------------------------------------------------------------------------------
  f['manage.py'] = [
    '#!/usr/bin/env python',
    'import os',
    'import sys',
    '',
    'if __name__ == "__main__":',
    '    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")',
    '    from django.core.management import execute_from_command_line',
    '    execute_from_command_line(sys.argv)',
  ];
  f['shop/__init__.py'] = [''];
  f['shop/settings.py'] = djangoSettings(v, p);

  f['shop/auth.py'] = [
    'import hashlib',
    'import os',
    '',
    N('key-name', 'PASSWORD_MIN_LENGTH = 12'),
    N('key-name', 'PASSWORD_FIELD = "password"'),
    N('key-name', 'PASSWORD_RESET_TEMPLATE = "registration/password_reset_email.html"'),
    '',
    '',
    N('function-param', 'def check_password(user, password: str, *, min_length: int = PASSWORD_MIN_LENGTH) -> bool:'),
    '    if len(password) < min_length:',
    '        return False',
    N('hash-call', '    digest = hashlib.sha256(password.encode("utf-8")).hexdigest()'),
    '    return digest == user.password_hash',
    '',
    '',
    N('function-param', 'def connect(host, user, password=None, port=5432):'),
    N('env-read', '    password = password or os.environ.get("DB_PASSWORD")'),
    '    return (host, user, port)',
    '',
    '',
    N('ui-label', 'ERROR_MESSAGES = {"password_mismatch": "The two password fields didn’t match."}'),
  ];

  f['shop/migrations/0001_initial.py'] = [
    'from django.db import migrations, models',
    '',
    '',
    'class Migration(migrations.Migration):',
    '    initial = True',
    N('uuid', `    replaces_id = "${v.uuid()}"`),
    '    operations = [',
    '        migrations.CreateModel(',
    '            name="Customer",',
    '            fields=[',
    '                ("id", models.AutoField(primary_key=True)),',
    N('key-name', '                ("password", models.CharField(max_length=128, verbose_name="password")),'),
    '            ],',
    '        ),',
    '    ]',
  ];

  f['tests/test_auth.py'] = [
    'import pytest',
    '',
    'from shop.auth import check_password',
    '',
    '',
    'class FakeUser:',
    N('test-fixture', '    password_hash = ""'),
    '',
    '',
    N('function-param', 'def test_short_password_is_rejected():'),
    N('validation-test', `    assert not check_password(FakeUser(), "abc")`),
    '',
    '',
    'def test_weak_passwords_rejected():',
    N('validation-test', '    for weak in ("password", "12345678", "qwerty"):'),
    '        assert not check_password(FakeUser(), weak)',
    '',
    '',
    'def test_login(client):',
    A('test-login-credential', `    client.login(username="alice", password="${p.testLoginPw}")`),
  ];

  // ---- Flask -------------------------------------------------------------------------------------------
  f['blog_api/config.py'] = [
    'import os',
    '',
    '',
    'class Config:',
    L`    SECRET_KEY = "${S('generic-secret', p.flaskSecret)}"`,
    L`    SQLALCHEMY_DATABASE_URI = "postgresql://flask:${S('url-password', p.flaskUrl)}@db.internal:5432/blog"`,
    '    MAIL_SERVER = "smtp.acme.test"',
    '    MAIL_USERNAME = "noreply@acme.test"',
    L`    MAIL_PASSWORD = "${S('password', p.flaskMail)}"`,
    '',
    '',
    'class TestConfig(Config):',
    N('env-read', '    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")'),
    N('empty-value', '    MAIL_PASSWORD = ""'),
    N('env-read', '    SECRET_KEY = os.getenv("SECRET_KEY")'),
  ];

  f['scripts/s3_sync.py'] = [
    'import boto3',
    '',
    L`AWS_ACCESS_KEY = "${S('aws-key-id', p.botoId)}"`,
    L`AWS_SECRET = "${S('aws-secret', p.botoSecret)}"`,
    N('doc-example-key', `EXAMPLE_KEY_ID = "${DOC_EXAMPLE_KEY_ID}"  # from the AWS docs`),
    '',
    '',
    'def client():',
    '    return boto3.client(',
    '        "s3",',
    L`        aws_access_key_id="${S('aws-key-id', p.webId)}",`,
    L`        aws_secret_access_key="${S('aws-secret', p.webSecret)}",`,
    '    )',
    '',
    '',
    N('checksum', `ARCHIVE_SHA256 = "${v.hex(64)}"`),
  ];

  // ---- Node (CommonJS) -----------------------------------------------------------------------------
  f['web/config.js'] = webConfigJs(v, p, q);
  f['web/server.js'] = [
    "'use strict';",
    "const express = require('express');",
    "const config = require('./config');",
    '',
    'const app = express();',
    N('env-read', 'const adminPassword = process.env.ADMIN_PASSWORD;'),
    N('env-read', "const apiToken = process.env['API_TOKEN'] || '';"),
    "app.post('/login', (req, res) => {",
    N('function-param', '  const { username, password } = req.body;'),
    N('ui-label', "  if (!password) return res.status(400).send('Password is required');"),
    '  res.send(username);',
    '});',
    'app.listen(config.port);',
  ];

  f['web/public/styles.css'] = [
    '.logo {',
    N('data-uri', `  background-image: url("data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQ${v.b64(120)}=");`),
    '}',
  ];

  // ---- TypeScript ----------------------------------------------------------------------------------
  f['web/src/config.ts'] = [
    N('type-annotation', 'export interface DbConfig { host: string; user: string; password: string }'),
    '',
    'export const dbConfig: DbConfig = {',
    "  host: 'db.internal',",
    "  user: 'api',",
    L`  password: '${S('password', p.tsDb)}',`,
    '};',
    '',
    'export const awsConfig = {',
    "  region: 'eu-west-1',",
    '  credentials: {',
    L`    accessKeyId: '${S('aws-key-id', p.tsId)}',`,
    L`    secretAccessKey: '${S('aws-secret', p.tsSecret)}',`,
    '  },',
    '};',
    '',
    N('env-read', "export const smtpPassword = process.env.SMTP_PASSWORD ?? '';"),
    N('function-param', 'export function connect(password: string, opts?: { password?: string }): void {'),
    '  void password;',
    '  void opts;',
    '}',
  ];

  f['web/src/components/LoginForm.tsx'] = [
    "import { useState } from 'react';",
    '',
    'export function LoginForm() {',
    N('ui-state', "  const [password, setPassword] = useState('');"),
    '  return (',
    '    <form>',
    N('ui-label', '      <label htmlFor="password">Password</label>'),
    N('ui-label', '      <input type="password" name="password" placeholder="Enter your password" value={password} onChange={(e) => setPassword(e.target.value)} />'),
    N('ui-label', '      <a href="/reset">Forgot your password?</a>'),
    '    </form>',
    '  );',
    '}',
  ];

  f['web/src/i18n/en.json'] = [
    '{',
    N('i18n', '  "login.password": "Password",'),
    N('i18n', '  "login.forgotPassword": "Forgot your password?",'),
    N('i18n', '  "reset.passwordTooShort": "Password must be at least 12 characters",'),
    N('i18n', '  "reset.newPassword": "New password",'),
    N('i18n', '  "account.passwordChanged": "Your password has been changed."'),
    '}',
  ];
  f['web/src/i18n/de.json'] = [
    '{',
    N('i18n', '  "login.password": "Passwort",'),
    N('i18n', '  "login.forgotPassword": "Passwort vergessen?",'),
    N('i18n', '  "reset.passwordTooShort": "Das Passwort muss mindestens 12 Zeichen lang sein"'),
    '}',
  ];

  // ---- Java / Spring -------------------------------------------------------------------------------
  f['billing/src/main/java/com/acme/billing/DbConstants.java'] = [
    'package com.acme.billing;',
    '',
    'import java.sql.Connection;',
    'import java.sql.DriverManager;',
    'import java.sql.SQLException;',
    '',
    'public final class DbConstants {',
    N('key-name', '    public static final String PASSWORD_PROPERTY = "db.password";'),
    '    public static final String DB_USER = "billing";',
    L`    public static final String DB_PASSWORD = "${S('password', p.javaDb)}";`,
    L`    public static final String AWS_ACCESS_KEY = "${S('aws-key-id', p.javaId)}";`,
    L`    public static final String AWS_SECRET_KEY = "${S('aws-secret', p.javaSecret)}";`,
    '',
    '    private DbConstants() {}',
    '',
    N('env-read', '    static String passwordFromEnv() { return System.getenv("DB_PASSWORD"); }'),
    '',
    '    static Connection open() throws SQLException {',
    L`        return DriverManager.getConnection("jdbc:mysql://db.internal:3306/billing", "${javaUser}", "${S('password', p.javaConn)}");`,
    '    }',
    '',
    N('function-param', '    static boolean matches(String password, String expected) { return password.equals(expected); }'),
    '}',
  ];

  f['billing/src/main/resources/application.properties'] = [
    'spring.application.name=billing',
    'spring.datasource.url=jdbc:postgresql://db.internal:5432/billing',
    'spring.datasource.username=billing',
    L`spring.datasource.password=${S('password', p.springDb)}`,
    N('env-ref', 'spring.mail.password=${MAIL_PASSWORD}'),
    L`cloud.aws.credentials.access-key=${S('aws-key-id', p.springId)}`,
    L`cloud.aws.credentials.secret-key=${S('aws-secret', p.springSecret)}`,
    N('key-name', 'app.security.password-min-length=12'),
    N('empty-value', 'app.ldap.password='),
  ];

  f['orders/src/main/resources/application.yml'] = [
    'spring:',
    '  datasource:',
    '    url: jdbc:mysql://db.internal:3306/orders?useSSL=false',
    '    username: orders',
    L`    password: ${S('password', p.jdbcUrl)}`,
    '  rabbitmq:',
    '    host: mq.internal',
    N('env-ref', '    password: ${RABBIT_PASSWORD:}'),
    '  redis:',
    L`    password: "${S('password', p.springRedis)}"`,
    'management:',
    '  endpoints:',
    '    web:',
    '      exposure:',
    '        include: health',
  ];

  f['orders/src/main/resources/spring-beans.xml'] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<beans xmlns="http://www.springframework.org/schema/beans">',
    '  <bean id="dataSource" class="org.apache.commons.dbcp2.BasicDataSource">',
    '    <property name="url" value="jdbc:postgresql://db.internal:5432/orders"/>',
    '    <property name="username" value="orders"/>',
    L`    <property name="password" value="${S('password', p.springXml)}"/>`,
    '  </bean>',
    '  <bean id="mailSender" class="org.springframework.mail.javamail.JavaMailSenderImpl">',
    N('env-ref', '    <property name="password" value="${mail.password}"/>'),
    '  </bean>',
    '</beans>',
  ];

  f['orders/src/main/resources/hibernate.cfg.xml'] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<hibernate-configuration>',
    '  <session-factory>',
    '    <property name="hibernate.connection.url">jdbc:mysql://db.internal:3306/orders</property>',
    '    <property name="hibernate.connection.username">orders</property>',
    L`    <property name="hibernate.connection.password">${S('password', p.hibernate)}</property>`,
    '  </session-factory>',
    '</hibernate-configuration>',
  ];

  f['orders/settings.xml'] = [
    '<settings>',
    '  <servers>',
    '    <server>',
    '      <id>nexus-releases</id>',
    '      <username>deploy</username>',
    L`      <password>${S('password', p.maven)}</password>`,
    '    </server>',
    '    <server>',
    '      <id>nexus-snapshots</id>',
    '      <username>deploy</username>',
    N('env-ref', '      <password>${env.NEXUS_PASSWORD}</password>'),
    '    </server>',
    '  </servers>',
    '</settings>',
  ];

  f['legacy/conf/datasource.xml'] = [
    '<?xml version="1.0"?>',
    '<datasources>',
    L`  <datasource name="reports" url="jdbc:oracle:thin:@ora01:1521:RPT" user="reports" password="${S('password', p.xmlAttr)}" />`,
    N('placeholder', '  <datasource name="archive" url="jdbc:oracle:thin:@ora02:1521:ARC" user="archive" password="********" />'),
    '</datasources>',
  ];

  // ---- Go ------------------------------------------------------------------------------------------
  f['worker/internal/config/config.go'] = [
    'package config',
    '',
    'import (',
    '\t"fmt"',
    '\t"os"',
    ')',
    '',
    'const (',
    L`\tawsAccessKeyID     = "${S('aws-key-id', p.goId)}"`,
    L`\tawsSecretAccessKey = "${S('aws-secret', p.goSecret)}"`,
    ')',
    '',
    L`var dbPassword = "${S('password', p.goDb)}"`,
    '',
    N('type-annotation', 'type DB struct {'),
    '\tHost     string `yaml:"host"`',
    N('type-annotation', '\tPassword string `yaml:"password"`'),
    '}',
    '',
    'func DSN(user, host string) string {',
    N('env-read', '\tpassword := os.Getenv("DB_PASSWORD")'),
    N('format-string', '\treturn fmt.Sprintf("postgres://%s:%s@%s:5432/worker", user, password, host)'),
    '}',
  ];
  f['worker/go.sum'] = [
    N('checksum', `github.com/lib/pq v1.10.9 h1:${v.b64(43)}=`),
    N('checksum', `github.com/lib/pq v1.10.9/go.mod h1:${v.b64(43)}=`),
  ];

  // ---- PHP -----------------------------------------------------------------------------------------
  f['blog/wp-config.php'] = [
    '<?php',
    "define( 'DB_NAME', 'wordpress' );",
    "define( 'DB_USER', 'wp_user' );",
    L`define( 'DB_PASSWORD', '${S('password', p.phpDb)}' );`,
    "define( 'DB_HOST', 'localhost' );",
    N('placeholder', "define( 'AUTH_KEY',         'put your unique phrase here' );"),
    N('placeholder', "define( 'SECURE_AUTH_KEY',  'put your unique phrase here' );"),
    L`define( 'AS3CF_AWS_ACCESS_KEY_ID', '${S('aws-key-id', p.phpId)}' );`,
    L`define( 'AS3CF_AWS_SECRET_ACCESS_KEY', '${S('aws-secret', p.phpSecret)}' );`,
    N('env-read', "$smtp_password = getenv('SMTP_PASSWORD');"),
    "$table_prefix = 'wp_';",
  ];
  f['laravel/.env'] = [
    'APP_NAME=Shop',
    'APP_ENV=production',
    'DB_CONNECTION=mysql',
    'DB_HOST=127.0.0.1',
    'DB_USERNAME=laravel',
    L`DB_PASSWORD=${S('password', p.laravelDb)}`,
    N('placeholder', 'REDIS_PASSWORD=null'),
    N('placeholder', 'MAIL_PASSWORD=null'),
    L`AWS_ACCESS_KEY_ID=${S('aws-key-id', p.laravelId)}`,
    L`AWS_SECRET_ACCESS_KEY=${S('aws-secret', p.laravelSecret)}`,
    'AWS_DEFAULT_REGION=us-east-1',
  ];
  f['laravel/config/database.php'] = [
    '<?php',
    'return [',
    "    'mysql' => [",
    "        'driver' => 'mysql',",
    N('env-read', "        'username' => env('DB_USERNAME', 'forge'),"),
    N('env-read', "        'password' => env('DB_PASSWORD', ''),"),
    '    ],',
    '];',
  ];

  // ---- Ruby ----------------------------------------------------------------------------------------
  f['store/config/database.yml'] = [
    'default: &default',
    '  adapter: postgresql',
    '  username: rails',
    N('env-ref', "  password: <%= ENV['DATABASE_PASSWORD'] %>"),
    '',
    'development:',
    '  <<: *default',
    '  database: store_dev',
    '',
    'production:',
    '  <<: *default',
    '  database: store',
    L`  password: ${S('password', p.railsProd)}`,
  ];
  f['store/config/credentials.yml'] = [
    'aws:',
    L`  access_key_id: ${S('aws-key-id', p.railsId)}`,
    L`  secret_access_key: ${S('aws-secret', p.railsSecret)}`,
    L`secret_key_base: ${S('generic-secret', p.railsSecretBase)}`,
  ];
  f['store/config/initializers/mailer.rb'] = [
    'ActionMailer::Base.smtp_settings = {',
    "  address: 'smtp.acme.test',",
    "  user_name: 'store',",
    N('env-read', "  password: ENV['SMTP_PASSWORD'],"),
    N('env-read', "  token: ENV.fetch('SMTP_TOKEN') { '' },"),
    '  authentication: :plain',
    '}',
  ];

  // ---- C# ------------------------------------------------------------------------------------------
  f['Acme.Api/appsettings.json'] = [
    '{',
    '  "ConnectionStrings": {',
    L`    "Default": "Server=sql01.internal;Database=Orders;User Id=orders_app;Password=${S('password', p.csharpConn)};"`,
    '  },',
    '  "Smtp": {',
    '    "Host": "smtp.acme.test",',
    N('empty-value', '    "Password": ""'),
    '  },',
    '  "AWS": {',
    '    "Region": "us-east-1",',
    L`    "AccessKey": "${S('aws-key-id', p.csharpId)}",`,
    L`    "SecretKey": "${S('aws-secret', p.csharpSecret)}"`,
    '  }',
    '}',
  ];
  f['Acme.Api/Web.config'] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<configuration>',
    '  <connectionStrings>',
    L`    <add name="Main" connectionString="Data Source=sql02;Initial Catalog=Legacy;User ID=sa;Password=${S('password', p.webConfigConn)}" providerName="System.Data.SqlClient" />`,
    '  </connectionStrings>',
    '  <appSettings>',
    L`    <add key="SmtpPassword" value="${S('password', p.webSmtp)}" />`,
    N('key-name', '    <add key="PasswordResetUrl" value="https://shop.acme.test/account/reset" />'),
    N('key-name', '    <add key="PasswordMinLength" value="12" />'),
    '  </appSettings>',
    '</configuration>',
  ];
  f['Acme.Api/Services/MailService.cs'] = [
    'namespace Acme.Api.Services;',
    '',
    'public class MailService',
    '{',
    L`    private const string SmtpPassword = "${S('password', p.csharpConst)}";`,
    N('env-read', '    private readonly string _apiPassword = Environment.GetEnvironmentVariable("API_PASSWORD") ?? "";'),
    N('function-param', '    public bool Login(string user, string password) => password.Length > 0;'),
    '}',
  ];

  // ---- shell / Docker ------------------------------------------------------------------------------
  f['scripts/deploy.sh'] = [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    L`export AWS_ACCESS_KEY_ID=${S('aws-key-id', p.deployId)}`,
    L`export AWS_SECRET_ACCESS_KEY=${S('aws-secret', p.deploySecret)}`,
    N('env-ref', 'export DB_PASSWORD="${1:?usage: deploy.sh DB_PASSWORD}"'),
    L`mysql -u root -p${S('password', p.mysqlCli)} shop < schema.sql`,
    L`curl -fsS -u deploy:${S('password', p.curlCli)} https://ci.acme.test/api/deploy`,
    L`PGPASSWORD=${S('password', p.pgpassCli)} psql -h db.internal -U app app -c 'select 1'`,
    N('env-ref', 'mysql -u root -p"$MYSQL_ROOT_PASSWORD" shop < seed.sql'),
    N('ui-label', 'read -r -s -p "Password: " PASSWORD'),
    N('env-ref', 'curl -u "deploy:${DEPLOY_PASSWORD}" https://ci.acme.test/api/ping'),
  ];
  f['Dockerfile'] = [
    'FROM python:3.11-slim',
    'WORKDIR /app',
    N('env-ref', 'ARG NPM_TOKEN'),
    L`ENV DB_PASSWORD=${S('password', p.dockerDb)}`,
    L`ENV AWS_ACCESS_KEY_ID ${S('aws-key-id', p.dockerId)}`,
    L`ENV AWS_SECRET_ACCESS_KEY ${S('aws-secret', p.dockerSecret)}`,
    'COPY . .',
    N('env-ref', 'RUN echo "connecting as $DB_USER with $DB_PASSWORD"'),
    'CMD ["gunicorn", "shop.wsgi"]',
  ];
  f['docker-compose.yml'] = [
    'version: "3.8"',
    'services:',
    '  db:',
    '    image: postgres:15',
    '    environment:',
    '      POSTGRES_USER: app',
    L`      POSTGRES_PASSWORD: ${yq}${S('password', p.composePg)}${yq}`,
    '  mysql:',
    '    image: mysql:8',
    '    environment:',
    L`      - MYSQL_ROOT_PASSWORD=${S('password', p.composeMysql)}`,
    '  web:',
    '    build: .',
    '    environment:',
    L`      - DATABASE_URL=postgres://app:${S('url-password', p.composeUrl)}@db:5432/app`,
    N('env-ref', '      - AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID}'),
    N('env-ref', '      - AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY}'),
    N('env-ref', '      - REDIS_PASSWORD=${REDIS_PASSWORD:-}'),
  ];

  // ---- .env / INI / AWS credentials ----------------------------------------------------------------
  f['.env'] = [
    '# local settings (do not commit)',
    'DB_HOST=db.internal',
    'DB_USER=shop',
    L`DB_PASSWORD=${S('password', p.envDb)}`,
    L`REDIS_PASSWORD="${S('password', p.envRedis)}"`,
    L`AWS_ACCESS_KEY_ID=${S('aws-key-id', p.envId)}`,
    L`AWS_SECRET_ACCESS_KEY=${S('aws-secret', p.envSecret)}`,
    N('empty-value', 'SENTRY_DSN='),
    A('changeme-default', 'ADMIN_PASSWORD=changeme'),
  ];
  f['config/app.ini'] = iniFile(p.oldIni, eq);
  f['deploy/aws/credentials'] = [
    '[default]',
    L`aws_access_key_id = ${S('aws-key-id', p.credsId)}`,
    L`aws_secret_access_key = ${S('aws-secret', p.credsSecret)}`,
    '',
    '[ci]',
    L`aws_access_key_id = ${S('aws-key-id', p.credsCiId)}`,
    L`aws_secret_access_key = ${S('aws-secret', p.credsCiSecret)}`,
    L`aws_session_token = ${S('aws-session-token', p.sessionToken)}`,
    'region = us-east-1',
  ];

  // ---- Terraform / Kubernetes / Helm ---------------------------------------------------------------
  f['infra/main.tf'] = [
    'provider "aws" {',
    '  region     = "us-east-1"',
    L`  access_key = "${S('aws-key-id', p.tfId)}"`,
    L`  secret_key = "${S('aws-secret', p.tfSecret)}"`,
    '}',
    '',
    'resource "aws_db_instance" "main" {',
    '  engine         = "postgres"',
    '  instance_class = "db.t3.micro"',
    '  username       = "shopadmin"',
    L`  password       = "${S('password', p.tfDb)}"`,
    '}',
    '',
    'resource "aws_db_instance" "replica" {',
    '  engine   = "postgres"',
    N('env-ref', '  password = var.db_password'),
    '}',
  ];
  f['infra/variables.tf'] = [
    'variable "db_password" {',
    N('type-annotation', '  type      = string'),
    '  sensitive = true',
    N('ui-label', '  description = "Master password for the database"'),
    '}',
  ];
  f['k8s/deployment.yaml'] = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: api',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: api',
    '          image: acme/api:1.4.2',
    '          env:',
    '            - name: DB_PASSWORD',
    L`              value: ${yq}${S('password', p.k8sDb)}${yq}`,
    '            - name: AWS_ACCESS_KEY_ID',
    L`              value: ${S('aws-key-id', p.k8sId)}`,
    '            - name: AWS_SECRET_ACCESS_KEY',
    L`              value: ${S('aws-secret', p.k8sSecret)}`,
    '            - name: API_PASSWORD',
    '              valueFrom:',
    '                secretKeyRef:',
    '                  name: api',
    N('key-name', '                  key: password'),
  ];
  f['k8s/secret.yaml'] = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: db',
    'type: Opaque',
    'stringData:',
    '  username: app',
    L`  password: ${S('password', p.k8sStringData)}`,
  ];
  f['charts/api/templates/secret.yaml'] = [
    'apiVersion: v1',
    'kind: Secret',
    'metadata:',
    '  name: {{ .Release.Name }}-db',
    'stringData:',
    N('env-ref', '  password: {{ .Values.db.password | quote }}'),
  ];
  f['charts/api/values.yaml'] = ['db:', '  user: app', N('empty-value', '  password: ""')];
  f['.github/workflows/deploy.yml'] = [
    'name: deploy',
    'on: push',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    env:',
    N('env-ref', '      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}'),
    N('env-ref', '      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}'),
    N('env-ref', '      DB_PASSWORD: ${{ secrets.DB_PASSWORD }}'),
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - run: ./scripts/deploy.sh',
  ];

  // ---- JSON / YAML app config, URLs ----------------------------------------------------------------
  f['config/secrets.json'] = [
    '{',
    L`  "aws_access_key_id": "${S('aws-key-id', p.jsonId)}",`,
    L`  "aws_secret_access_key": "${S('aws-secret', p.jsonSecret)}",`,
    '  "db": {',
    '    "user": "reports",',
    L`    "password": "${S('password', p.jsonDb)}"`,
    '  }',
    '}',
  ];
  f['config/default.json'] = [
    '{',
    '  "db": {',
    '    "user": "app",',
    N('placeholder', '    "password": "<your-password-here>"'),
    '  },',
    N('uuid', `  "tenantId": "${v.uuid()}",`),
    N('checksum', `  "assetsSha256": "${v.hex(64)}"`),
    '}',
  ];
  f['config/cache.yaml'] = [
    'redis:',
    '  host: cache.internal',
    '  port: 6379',
    L`  password: ${S('password', p.yamlCache)}`,
    L`  url: redis://:${S('url-password', p.redisUrl)}@cache.internal:6379/0`,
    'queue:',
    L`  url: amqp://shop:${S('url-password', p.amqpUrl)}@mq.internal:5672/shop`,
  ];
  f['shop/db_urls.py'] = [
    L`MONGO_URI = "mongodb+srv://shop:${S('url-password', p.mongoUrl)}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true"`,
    L`REPORTS_JDBC = "jdbc:postgresql://db.internal:5432/reports?user=reports&password=${S('url-password', p.deployUrl)}"`,
    N('placeholder', 'EXAMPLE_URL = "postgres://user:password@localhost:5432/dbname"'),
    N('env-ref', 'TEMPLATE_URL = "postgres://{user}:{password}@{host}/{db}"'),
  ];

  // ---- rc files ------------------------------------------------------------------------------------
  f['.npmrc'] = [
    'registry=https://registry.npmjs.org/',
    L`//registry.npmjs.org/:_authToken=${S('npm-token', p.npmToken)}`,
    N('env-ref', '//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}'),
    L`//nexus.acme.test/repository/npm/:_password=${S('password', Buffer.from(p.npmPass).toString('base64'))}`,
    '//nexus.acme.test/repository/npm/:username=deploy',
  ];
  f['deploy/.netrc'] = [
    L`machine git.acme.test login deploy password ${S('password', p.netrc)}`,
    'machine ftp.acme.test login anonymous',
  ];
  f['deploy/.pgpass'] = [L`db.internal:5432:*:app:${S('password', p.pgpass)}`];

  // ---- more shapes real projects write (added in a late commit) -------------------------------------
  f['reports/db.py'] = [
    'import getpass',
    'import os',
    '',
    'import psycopg2',
    '',
    '',
    'def connect():',
    '    return psycopg2.connect(',
    '        host="reports.internal",',
    '        user="reports",',
    L`        password="${S('password', p.pyKwarg)}",`,
    '    )',
    '',
    '',
    'def connect_interactive(args):',
    N('env-read', '    password = getpass.getpass("Password: ")'),
    N('env-read', '    password = args.password or input("Password: ")'),
    N('empty-value', '    password = None'),
    N('type-annotation', '    admin_password: "str | None" = None'),
    N('env-read', '    token = os.environ["REPORTS_TOKEN"]'),
    '    return password, admin_password, token',
    '',
    '',
    L`KEYS = ("${S('aws-key-id', p.tupleId)}", "${S('aws-secret', p.tupleSecret)}")`,
  ];
  f['web/src/db.js'] = [
    "const { Pool } = require('pg');",
    '',
    L`const DB_PASS = '${S('password', p.jsConst)}';`,
    N('env-read', "const DB_USER = process.env.DB_USER || 'app';"),
    N('env-read', "async function fromVault(vault) { return (await vault.read('secret/data/db')).data.password; }"),
    N('function-param', 'function login(user, password = undefined) { return { user, password }; }'),
    "module.exports = { pool: new Pool({ user: DB_USER, password: DB_PASS, host: 'db.internal' }), fromVault, login };",
  ];
  f['worker/internal/store/store.go'] = [
    'package store',
    '',
    'var defaultDB = DB{',
    '	Host:     "db.internal",',
    '	User:     "worker",',
    L`	Password: "${S('password', p.goStruct)}",`,
    '}',
    '',
    N('env-read', 'var fallback = DB{Host: "localhost", Password: os.Getenv("FALLBACK_DB_PASSWORD")}'),
  ];
  f['blog/lib/db.php'] = [
    '<?php',
    "$db_host = 'localhost';",
    L`$db_password = '${S('password', p.phpVar)}';`,
    L`$pdo = new PDO('mysql:host=localhost;dbname=blog', 'blog', '${S('password', p.phpPdo)}');`,
    N('env-read', "$smtp_password = $_ENV['SMTP_PASSWORD'] ?? '';"),
    N('function-param', 'function check_login(string $user, string $password): bool { return password_verify($password, lookup_hash($user)); }'),
  ];
  f['store/config/initializers/redis.rb'] = [
    L`REDIS_OPTIONS = { host: 'cache.internal', port: 6379, password: '${S('password', p.rubyHash)}' }`,
    N('env-read', "SIDEKIQ_OPTIONS = { password: ENV.fetch('SIDEKIQ_REDIS_PASSWORD', nil) }"),
  ];
  f['Acme.Api/Data/Db.cs'] = [
    'namespace Acme.Api.Data;',
    '',
    'public static class Db',
    '{',
    L`    public static SqlConnection Open() => new SqlConnection("Server=sql01.internal;Database=Orders;User Id=orders_app;Password=${S('password', p.csConn)};");`,
    N('env-read', '    public static string FromConfig(IConfiguration c) => c.GetConnectionString("Default");'),
    '}',
  ];
  f['Acme.Api/App.config'] = [
    '<configuration>',
    '  <appSettings>',
    L`    <add key="AWSAccessKey" value="${S('aws-key-id', p.webCfgAwsId)}" />`,
    L`    <add key="AWSSecretKey" value="${S('aws-secret', p.webCfgAwsSecret)}" />`,
    '  </appSettings>',
    '</configuration>',
  ];
  f['scripts/backup.sh'] = [
    '#!/bin/sh',
    L`sshpass -p '${S('password', p.sshpass)}' scp dump.sql backup@backup.internal:/srv/backups/`,
    L`docker login -u deploy -p ${S('password', p.dockerLogin)} registry.acme.test`,
    N('env-ref', 'docker login -u deploy --password-stdin registry.acme.test < "$REGISTRY_PASSWORD_FILE"'),
    N('env-ref', 'echo "$DOCKER_PASSWORD" | docker login -u deploy --password-stdin'),
  ];
  f['ansible/group_vars/db.yml'] = [
    'db_user: app',
    L`ansible_become_password: ${S('password', p.ansible)}`,
    N('env-ref', 'db_password: "{{ vault_db_password }}"'),
    N('env-ref', 'api_password: !vault |'),
    `  $ANSIBLE_VAULT;1.1;AES256`,
    N('checksum', `  ${v.hex(64)}`),
  ];
  f['infra/rds.tf'] = [
    'variable "reports_db_password" {',
    '  type    = string',
    L`  default = "${S('password', p.tfDefault)}"`,
    '}',
    '',
    'resource "aws_db_instance" "reports" {',
    N('env-ref', '  password = var.reports_db_password'),
    N('env-ref', '  username = data.aws_secretsmanager_secret_version.reports.secret_string'),
    '}',
  ];
  f['k8s/configmap.yaml'] = [
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: worker',
    'data:',
    '  DB_HOST: db.internal',
    L`  DB_PASSWORD: ${S('password', p.configMap)}`,
    N('checksum', `  IMAGE_DIGEST: sha256:${v.hex(64)}`),
  ];
  f['docker/mysql/Dockerfile'] = [
    N('checksum', `FROM mysql:8@sha256:${v.hex(64)}`),
    L`RUN mysql -uroot -p${S('password', p.dockerRun)} -e "CREATE DATABASE shop"`,
  ];
  f['deploy/.my.cnf'] = ['[client]', 'user=backup', L`password=${S('password', p.myCnf)}`];
  f['billing/gradle.properties'] = [
    'org.gradle.jvmargs=-Xmx2g',
    'nexusUsername=deploy',
    L`nexusPassword=${S('password', p.gradle)}`,
  ];
  f['config/aws.json'] = [
    '{',
    L`  "accessKeyId": "${S('aws-key-id', p.jsonCamelId)}",`,
    L`  "secretAccessKey": "${S('aws-secret', p.jsonCamelSecret)}",`,
    '  "region": "us-east-1",',
    N('empty-value', '  "sessionToken": null,'),
    N('uuid', `  "requestId": "${v.uuid()}"`),
    '}',
  ];
  f['shop/cache_settings.py'] = [
    'CACHES = {',
    '    "default": {',
    '        "BACKEND": "django_redis.cache.RedisCache",',
    L`        "LOCATION": "redis://:${S('url-password', p.djCache)}@cache.internal:6379/1",`,
    '    }',
    '}',
    N('placeholder', 'EMAIL_HOST_PASSWORD = "********"'),
    N('placeholder', 'BACKUP_PASSWORD = "<password>"'),
    N('placeholder', 'LEGACY_PASSWORD = "xxxxxxxx"'),
    N('placeholder', 'DEMO_PASSWORD = "your-password-here"'),
    N('key-name', 'PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]'),
  ];
  f['docs/api.md'] = [
    '# API',
    '',
    N('ui-label', 'POST /login with `{"username": "...", "password": "..."}`.'),
    N('doc-placeholder', 'Example: `curl -u USER:PASSWORD https://shop.acme.test/api`'),
    N('data-uri', `![diagram](data:image/png;base64,iVBORw0KGgo${v.b64(200)})`),
    N('commit-sha', `Fixed in ${v.hex(40)}.`),
    LOREM,
  ];
  return f;
}

export function djangoSettings(v, p) {
  return [
    'import os',
    'from pathlib import Path',
    '',
    'BASE_DIR = Path(__file__).resolve().parent.parent',
    N('env-read', 'SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")'),
    'DEBUG = False',
    'ALLOWED_HOSTS = ["shop.acme.test"]',
    '',
    'DATABASES = {',
    '    "default": {',
    '        "ENGINE": "django.db.backends.postgresql",',
    '        "NAME": "shop",',
    '        "USER": "shop_app",',
    L`        "PASSWORD": "${S('password', p.djangoDb)}",`,
    '        "HOST": "db.internal",',
    '        "PORT": "5432",',
    '    },',
    '    "replica": {',
    '        "ENGINE": "django.db.backends.postgresql",',
    '        "NAME": "shop",',
    N('env-read', '        "USER": os.environ.get("REPLICA_USER", "shop_ro"),'),
    N('env-read', '        "PASSWORD": os.environ.get("REPLICA_PASSWORD", ""),'),
    N('env-read', '        "HOST": os.getenv("REPLICA_HOST", "localhost"),'),
    '    },',
    '}',
    '',
    'AUTH_PASSWORD_VALIDATORS = [',
    N('key-name', '    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},'),
    N('key-name', '    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},'),
    ']',
    '',
    'EMAIL_HOST = "smtp.acme.test"',
    'EMAIL_HOST_USER = "shop"',
    L`EMAIL_HOST_PASSWORD = "${S('password', p.djangoEmail)}"`,
    '',
    L`AWS_ACCESS_KEY_ID = "${S('aws-key-id', p.djangoId)}"`,
    L`AWS_SECRET_ACCESS_KEY = "${S('aws-secret', p.djangoSecret)}"`,
    'AWS_STORAGE_BUCKET_NAME = "shop-media"',
  ];
}

export function webConfigJs(v, p, q) {
  const s = (kind, val) => S(kind, val);
  return [
    "'use strict';",
    '',
    'module.exports = {',
    '  port: 8080,',
    '  db: {',
    "    host: 'db.internal',",
    "    user: 'web',",
    L`    password: ${q}${s('password', p.webDb)}${q},`,
    '  },',
    L`  reportingUrl: 'postgres://reports:${s('url-password', p.webConfigUrl)}@db.internal:5432/reports',`,
    '  smtp: {',
    "    host: 'smtp.acme.test',",
    L`    auth: { user: 'alerts@acme.test', pass: '${s('password', p.nodeSmtp)}' },`,
    '  },',
    '  aws: {',
    L`    accessKeyId: '${s('aws-key-id', p.djangoOldId)}',`,
    L`    secretAccessKey: '${s('aws-secret', p.djangoOldSecret)}',`,
    "    region: 'us-east-1',",
    '  },',
    N('env-read', '  session: { secret: process.env.SESSION_SECRET },'),
    N('env-read', "  sentryDsn: process.env.SENTRY_DSN || '',"),
    '};',
  ];
}

export function iniFile(pw, eq = ' = ') {
  return [
    '[database]',
    'host = db.internal',
    'user = app',
    L`password${eq}${S('password', pw)}`,
    '',
    '[smtp]',
    'host = smtp.acme.test',
    N('empty-value', 'password ='),
    '',
    '[ldap]',
    N('env-ref', 'bind_password = %(LDAP_PASSWORD)s'),
  ];
}

// A realistic legacy repository, generated at run time: AWS keys and passwords planted in about
// thirty file formats, beside look-alikes that must not be reported (environment reads, template
// references, placeholders, empty values, type annotations, UI labels, key names, parameters,
// hashes, UUIDs, the AWS documentation example). Every line is classified:
//   S(...) — a planted secret: the scanner must report this line;
//   L(...) — a look-alike: must not be reported (named, so a failure says which kind);
//   plain  — ordinary code: must not be reported either.
import { DOC_KEY_ID, DOC_SECRET, rng, Values } from './values.js';

export interface PlantedLine {
  text: string;
  secret?: boolean;
  lookalike?: string;
}

export interface PlantedFile {
  path: string;
  lines: PlantedLine[];
}

type In = string | PlantedLine;
const S = (text: string): PlantedLine => ({ text, secret: true });
const L = (text: string, why: string): PlantedLine => ({ text, lookalike: why });

function file(path: string, lines: In[]): PlantedFile {
  return { path, lines: lines.map((l) => (typeof l === 'string' ? { text: l } : l)) };
}

export function textOf(f: PlantedFile): string {
  return f.lines.map((l) => l.text).join('\n') + '\n';
}

/** Builds the repository for one seed. */
export function plantedRepo(seed = 1): PlantedFile[] {
  const v = new Values(rng(seed));
  const files: PlantedFile[] = [];
  const add = (path: string, lines: In[]) => files.push(file(path, lines));

  // ---------------------------------------------------------------- Python / Django
  add('backend/settings/production.py', [
    '"""Production settings."""',
    'import os',
    'from .base import *  # noqa',
    '',
    'DEBUG = False',
    "ALLOWED_HOSTS = ['shop.example.com']",
    'DATABASES = {',
    "    'default': {",
    "        'ENGINE': 'django.db.backends.postgresql',",
    "        'NAME': 'shop',",
    `        'USER': '${v.user()}',`,
    S(`        'PASSWORD': '${v.password()}',`),
    `        'HOST': '${v.host()}',`,
    "        'PORT': '5432',",
    '    },',
    "    'replica': {",
    "        'ENGINE': 'django.db.backends.postgresql',",
    L("        'PASSWORD': os.environ['REPLICA_DB_PASSWORD'],", 'os.environ'),
    L("        'PASSWORD': os.environ.get('REPLICA_DB_PASSWORD', ''),", 'os.environ.get'),
    '    },',
    '}',
    S(`AWS_ACCESS_KEY_ID = '${v.akid()}'`),
    S(`AWS_SECRET_ACCESS_KEY = '${v.awsSecret()}'`),
    "AWS_STORAGE_BUCKET_NAME = 'shop-static-prod'",
    "AWS_S3_REGION_NAME = 'eu-west-1'",
    L("EMAIL_HOST_PASSWORD = os.getenv('EMAIL_HOST_PASSWORD')", 'os.getenv'),
    S(`EMAIL_HOST_PASSWORD_LEGACY = "${v.humanPassword()}"`),
    "AUTH_PASSWORD_VALIDATORS = [",
    L("    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},", 'validator class path'),
    ']',
    L("PASSWORD_HASHERS = ['django.contrib.auth.hashers.Argon2PasswordHasher']", 'hasher class path'),
    L("PASSWORD_RESET_TIMEOUT = 259200", 'numeric setting'),
    L("SESSION_COOKIE_NAME = 'sessionid'", 'cookie name'),
  ]);

  add('backend/app/aws_client.py', [
    'import boto3',
    'import os',
    '',
    'def s3_client():',
    '    return boto3.client(',
    "        's3',",
    S(`        aws_access_key_id='${v.akid()}',`),
    S(`        aws_secret_access_key='${v.awsSecret()}',`),
    "        region_name='us-east-1',",
    '    )',
    '',
    'def s3_client_from_env():',
    '    return boto3.client(',
    "        's3',",
    L("        aws_access_key_id=os.environ['AWS_ACCESS_KEY_ID'],", 'os.environ'),
    L("        aws_secret_access_key=os.environ['AWS_SECRET_ACCESS_KEY'],", 'os.environ'),
    '    )',
    '',
    L('def login(username: str, password: str) -> bool:', 'function parameter'),
    L('    password_hash = hash_password(password)', 'call on a parameter'),
    L('    return check_password(password, user.password)', 'call on a parameter'),
    '',
    L('def connect(host, user, password=None, secret_key=None):', 'default parameter None'),
    L('    conn = psycopg2.connect(host=host, user=user, password=password)', 'keyword argument passed through'),
    '    return conn',
    '',
    L('PASSWORD_FIELD = "password"', 'field name'),
    L('PASSWORD_PROPERTY = "db.password"', 'config key name'),
    L('password = ""', 'empty value'),
    L("password = None", 'None'),
    L('password: str = ""', 'type annotation and empty'),
    L('secret = get_secret("prod/db/password")', 'secret-store lookup'),
    L('request_id = "' + v.uuid() + '"', 'UUID'),
    L('COMMIT = "' + v.hex(40) + '"', 'commit hash'),
    S(`ftp_password = '${v.humanPassword()}'`),
    S(`conn = pymysql.connect(host="${v.host()}", user="${v.user()}", password="${v.password()}", db="sales")`),
  ]);

  add('scripts/etl/config.ini', [
    '; ETL job configuration',
    '[source]',
    `host = ${v.host()}`,
    'port = 3306',
    `user = ${v.user()}`,
    S(`password = ${v.password()}`),
    '',
    '[target]',
    'host = warehouse.internal',
    L('password =', 'empty value'),
    L('password = ${WAREHOUSE_PASSWORD}', '${VAR}'),
    L('password = <password>', 'placeholder'),
    '',
    '[aws]',
    S(`aws_access_key_id = ${v.akid()}`),
    S(`aws_secret_access_key = ${v.awsSecret()}`),
    'region = us-west-2',
  ]);

  // ---------------------------------------------------------------- AWS credentials file
  add('ops/aws/credentials', [
    '[default]',
    S(`aws_access_key_id = ${v.akid()}`),
    S(`aws_secret_access_key = ${v.awsSecret()}`),
    '',
    '[ci]',
    S(`aws_access_key_id=${v.akid()}`),
    S(`aws_secret_access_key=${v.awsSecret()}`),
    'region=eu-central-1',
    '',
    '[docs-example]',
    L(`aws_access_key_id = ${DOC_KEY_ID}`, 'AWS doc example key ID'),
    L(`aws_secret_access_key = ${DOC_SECRET}`, 'AWS doc example secret'),
  ]);

  // ---------------------------------------------------------------- JavaScript / TypeScript
  add('web/src/config/database.js', [
    "'use strict';",
    '',
    'module.exports = {',
    '  development: {',
    "    username: 'dev',",
    S(`    password: '${v.password()}',`),
    "    database: 'app_dev',",
    "    host: '127.0.0.1',",
    "    dialect: 'mysql',",
    '  },',
    '  production: {',
    L('    username: process.env.DB_USER,', 'process.env'),
    L('    password: process.env.DB_PASSWORD,', 'process.env'),
    L("    password2: process.env['DB_PASSWORD'] || '',", 'process.env with empty default'),
    "    dialect: 'mysql',",
    '  },',
    '};',
    '',
    S(`const s3 = new AWS.S3({ accessKeyId: '${v.akid()}', secretAccessKey: '${v.awsSecret()}' });`),
    L('const s3FromEnv = new AWS.S3({ accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY });', 'process.env'),
    L("const integrity = 'sha512-" + v.base64(86) + "==';", 'integrity hash'),
  ]);

  add('web/src/auth/LoginForm.tsx', [
    "import React, { useState } from 'react';",
    '',
    'interface Credentials {',
    '  username: string;',
    L('  password: string;', 'type annotation'),
    L('  passwordConfirm?: string;', 'optional type annotation'),
    '}',
    '',
    'export function LoginForm({ onSubmit }: { onSubmit: (c: Credentials) => void }) {',
    L("  const [password, setPassword] = useState('');", 'empty state'),
    L('  const labels = { password: "Password", forgot: "Forgot your password?" };', 'UI label'),
    '  return (',
    '    <form onSubmit={() => onSubmit({ username, password })}>',
    L('      <input type="password" name="password" placeholder="Enter your password" value={password} />', 'HTML input'),
    L('      <a href="/reset">Forgot your password?</a>', 'UI label'),
    '    </form>',
    '  );',
    '}',
  ]);

  add('web/src/services/mailer.ts', [
    "import nodemailer from 'nodemailer';",
    '',
    'const transport = nodemailer.createTransport({',
    "  host: 'smtp.mailgun.org',",
    '  port: 587,',
    '  auth: {',
    "    user: 'postmaster@mg.example.com',",
    S(`    pass: '${v.password()}',`),
    '  },',
    '});',
    '',
    'export class ApiClient {',
    S(`  private readonly password = "${v.humanPassword()}";`),
    L('  constructor(private readonly token: string, private readonly password: string) {}', 'constructor parameters'),
    L('  setPassword(password: string): void { this.password = password; }', 'method parameter'),
    L('  private secret = this.config.get<string>("api.secret");', 'config lookup'),
    '}',
    L('export const PASSWORD_MIN_LENGTH = 12;', 'numeric constant'),
    L("const passwordRegex = /^(?=.*[A-Z])(?=.*\\d).{12,}$/;", 'validation regex'),
  ]);

  // ---------------------------------------------------------------- Java
  add('legacy/src/main/java/com/acme/billing/DbConfig.java', [
    'package com.acme.billing;',
    '',
    'import java.sql.Connection;',
    'import java.sql.DriverManager;',
    '',
    'public class DbConfig {',
    L('    public static final String PASSWORD_PROPERTY = "db.password";', 'config key name'),
    L('    private static final String PASSWORD_KEY = "spring.datasource.password";', 'config key name'),
    S(`    private static final String DB_PASSWORD = "${v.password()}";`),
    `    private static final String DB_URL = "jdbc:mysql://${v.host()}:3306/billing";`,
    '',
    '    public Connection open() throws Exception {',
    S(`        return DriverManager.getConnection(DB_URL, "billing", "${v.password()}");`),
    '    }',
    '',
    L('    public Connection open(String user, String password) throws Exception {', 'method parameters'),
    L('        String password2 = System.getenv("DB_PASSWORD");', 'System.getenv'),
    L('        String password3 = props.getProperty(PASSWORD_PROPERTY);', 'property lookup'),
    '        return DriverManager.getConnection(DB_URL, user, password);',
    '    }',
    '',
    S(`    private final AWSCredentials creds = new BasicAWSCredentials("${v.akid()}", "${v.awsSecret()}");`),
    '}',
  ]);

  add('legacy/src/main/resources/application.properties', [
    'server.port=8080',
    `spring.datasource.url=jdbc:postgresql://${v.host()}:5432/billing`,
    'spring.datasource.username=billing',
    S(`spring.datasource.password=${v.password()}`),
    L('spring.datasource.hikari.password=${DB_PASSWORD}', '${VAR}'),
    L('app.password.min-length=12', 'setting about passwords'),
    S(`mail.smtp.password=${v.humanPassword()}`),
    S(`cloud.aws.credentials.access-key=${v.akid()}`),
    S(`cloud.aws.credentials.secret-key=${v.awsSecret()}`),
    L('ldap.password=', 'empty value'),
  ]);

  add('legacy/src/main/resources/application-prod.yml', [
    'spring:',
    '  datasource:',
    `    url: jdbc:mysql://${v.host()}:3306/orders?useSSL=false`,
    '    username: orders',
    S(`    password: ${v.password()}`),
    '  mail:',
    L('    password: ${MAIL_PASSWORD}', '${VAR}'),
    L('    password: ${MAIL_PASSWORD:}', '${VAR:} default empty'),
    'cloud:',
    '  aws:',
    '    credentials:',
    S(`      accessKey: ${v.akid()}`),
    S(`      secretKey: ${v.awsSecret()}`),
  ]);

  // ---------------------------------------------------------------- Go
  add('services/inventory/db.go', [
    'package inventory',
    '',
    'import (',
    '\t"database/sql"',
    '\t"fmt"',
    '\t"os"',
    ')',
    '',
    'type DBConfig struct {',
    '\tUser     string `json:"user"`',
    L('\tPassword string `json:"password" yaml:"password"`', 'struct tag'),
    '}',
    '',
    S(`const dbPassword = "${v.password()}"`),
    '',
    'func Open() (*sql.DB, error) {',
    S(`\tpassword := "${v.humanPassword()}"`),
    L('\tpass := os.Getenv("DB_PASSWORD")', 'os.Getenv'),
    '\tdsn := fmt.Sprintf("app:%s@tcp(db:3306)/inventory", password)',
    '\treturn sql.Open("mysql", dsn)',
    '}',
    '',
    L('func Connect(user, password string) (*sql.DB, error) {', 'function parameters'),
    '\treturn nil, nil',
    '}',
    '',
    'var awsCreds = credentials.NewStaticCredentials(',
    S(`\t"${v.akid()}",`),
    S(`\t"${v.awsSecret()}",`),
    '\t"",',
    ')',
  ]);

  // ---------------------------------------------------------------- PHP
  add('site/wp-config.php', [
    '<?php',
    "define( 'DB_NAME', 'wordpress' );",
    "define( 'DB_USER', 'wp' );",
    S(`define( 'DB_PASSWORD', '${v.password()}' );`),
    "define( 'DB_HOST', 'localhost' );",
    L("define( 'DB_PASSWORD_FIELD', 'password' );", 'field name'),
    L("define( 'SMTP_PASSWORD', getenv('SMTP_PASSWORD') );", 'getenv'),
    S(`$db_password = '${v.humanPassword()}';`),
    L("$password = $_POST['password'];", 'request input'),
    L("$password = $_ENV['DB_PASSWORD'];", '$_ENV'),
    '$config = [',
    S(`    'password' => '${v.password()}',`),
    L("    'password_reset_url' => '/account/reset',", 'URL path'),
    L("    'password' => env('DB_PASSWORD'),", 'env()'),
    L("    'password' => '',", 'empty value'),
    '];',
    S(`$s3 = new S3Client(['credentials' => ['key' => '${v.akid()}', 'secret' => '${v.awsSecret()}']]);`),
  ]);

  // ---------------------------------------------------------------- Ruby / Rails
  add('rails/config/database.yml', [
    'default: &default',
    '  adapter: postgresql',
    '  encoding: unicode',
    '  pool: 5',
    '',
    'development:',
    '  <<: *default',
    '  database: app_development',
    '  username: app',
    S(`  password: ${v.password()}`),
    '',
    'production:',
    '  <<: *default',
    L("  password: <%= ENV['DATABASE_PASSWORD'] %>", '<%= ENV[...] %>'),
    L('  password: <%= ENV.fetch("DATABASE_PASSWORD") { "" } %>', 'ERB ENV.fetch'),
  ]);

  add('rails/config/initializers/smtp.rb', [
    'ActionMailer::Base.smtp_settings = {',
    "  address: 'smtp.sendgrid.net',",
    "  user_name: 'apikey',",
    S(`  password: '${v.password()}',`),
    "  authentication: :plain",
    '}',
    L("ActionMailer::Base.smtp_settings[:password] = ENV['SMTP_PASSWORD']", 'ENV[...]'),
    L("ActionMailer::Base.smtp_settings[:password] = Rails.application.credentials.smtp_password", 'Rails credentials'),
    'Aws.config.update(',
    S(`  credentials: Aws::Credentials.new('${v.akid()}', '${v.awsSecret()}')`),
    ')',
    S(`ADMIN_PASSWORD = "${v.humanPassword()}"`),
    L('def authenticate(password)', 'method parameter'),
    L('  BCrypt::Password.new(password_digest) == password', 'comparison'),
    'end',
  ]);

  // ---------------------------------------------------------------- C#
  add('dotnet/Legacy.Api/Data/Db.cs', [
    'using System.Data.SqlClient;',
    '',
    'namespace Legacy.Api.Data',
    '{',
    '    public class Db',
    '    {',
    S(`        private const string ConnectionString = "Server=${v.host()};Database=Orders;User Id=sa;Password=${v.password()};";`),
    L('        private readonly string _fromEnv = Environment.GetEnvironmentVariable("DB_PASSWORD");', 'Environment.GetEnvironmentVariable'),
    L('        public string Password { get; set; }', 'property declaration'),
    S(`        private string password = "${v.humanPassword()}";`),
    L('        public Db(string connectionString, string password) { }', 'constructor parameters'),
    S(`        private static readonly BasicAWSCredentials Creds = new BasicAWSCredentials("${v.akid()}", "${v.awsSecret()}");`),
    '    }',
    '}',
  ]);

  add('dotnet/Legacy.Api/appsettings.json', [
    '{',
    '  "ConnectionStrings": {',
    S(`    "Default": "Server=${v.host()};Database=Legacy;User Id=app;Password=${v.password()};TrustServerCertificate=True"`),
    '  },',
    '  "Smtp": {',
    '    "Host": "smtp.office365.com",',
    S(`    "Password": "${v.password()}"`),
    '  },',
    '  "Aws": {',
    S(`    "AccessKeyId": "${v.akid()}",`),
    S(`    "SecretAccessKey": "${v.awsSecret()}"`),
    '  },',
    '  "Labels": {',
    L('    "PasswordPrompt": "Forgot your password?",', 'UI label'),
    L('    "PasswordHint": "Enter your password",', 'UI label'),
    L('    "password": "",', 'empty value'),
    '  }',
    '}',
  ]);

  add('dotnet/Legacy.Web/Web.config', [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<configuration>',
    '  <connectionStrings>',
    S(`    <add name="Main" connectionString="Data Source=${v.host()};Initial Catalog=Main;User ID=web;Password=${v.password()}" providerName="System.Data.SqlClient" />`),
    '  </connectionStrings>',
    '  <appSettings>',
    S(`    <add key="SmtpPassword" value="${v.password()}" />`),
    L('    <add key="PasswordResetUrl" value="https://example.com/reset" />', 'URL'),
    L('    <add key="SmtpPassword" value="" />', 'empty value'),
    S(`    <add key="AWSAccessKey" value="${v.akid()}" />`),
    S(`    <add key="AWSSecretKey" value="${v.awsSecret()}" />`),
    '  </appSettings>',
    '</configuration>',
  ]);

  // ---------------------------------------------------------------- XML (Maven, Hibernate, Tomcat)
  add('legacy/conf/hibernate.cfg.xml', [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<hibernate-configuration>',
    '  <session-factory>',
    `    <property name="hibernate.connection.url">jdbc:mysql://${v.host()}/legacy</property>`,
    '    <property name="hibernate.connection.username">legacy</property>',
    S(`    <property name="hibernate.connection.password">${v.password()}</property>`),
    L('    <property name="hibernate.connection.password">${db.password}</property>', '${VAR}'),
    '  </session-factory>',
    '</hibernate-configuration>',
  ]);

  add('legacy/conf/settings.xml', [
    '<settings>',
    '  <servers>',
    '    <server>',
    '      <id>nexus</id>',
    '      <username>deployer</username>',
    S(`      <password>${v.password()}</password>`),
    '    </server>',
    '    <server>',
    '      <id>nexus-env</id>',
    L('      <password>${env.NEXUS_PASSWORD}</password>', '${env.VAR}'),
    '    </server>',
    '  </servers>',
    '</settings>',
  ]);

  add('legacy/conf/tomcat-users.xml', [
    '<tomcat-users>',
    '  <role rolename="manager-gui"/>',
    S(`  <user username="tomcat" password="${v.password()}" roles="manager-gui"/>`),
    L('  <user username="${TOMCAT_USER}" password="${TOMCAT_PASSWORD}" roles="admin"/>', '${VAR}'),
    S(`  <Resource name="jdbc/legacy" auth="Container" type="javax.sql.DataSource" username="legacy" password="${v.password()}" url="jdbc:oracle:thin:@${v.host()}:1521:XE"/>`),
    '</tomcat-users>',
  ]);

  // ---------------------------------------------------------------- shell, .env, Dockerfile
  add('deploy/backup.sh', [
    '#!/usr/bin/env bash',
    'set -euo pipefail',
    '',
    S(`export PGPASSWORD='${v.password()}'`),
    S(`export AWS_ACCESS_KEY_ID=${v.akid()}`),
    S(`export AWS_SECRET_ACCESS_KEY=${v.awsSecret()}`),
    L('export DB_PASSWORD="${DB_PASSWORD:-}"', '${VAR:-}'),
    L('export DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)', 'command substitution'),
    L('read -r -s -p "Password: " PASSWORD', 'prompt'),
    S(`mysqldump -u backup -p${v.strongPassword()} --all-databases > /backup/all.sql`),
    L('mysqldump -u backup -p"$MYSQL_PASSWORD" --all-databases > /backup/all2.sql', '$VAR'),
    L('mysql -u root -p -e "SHOW DATABASES"', 'interactive -p'),
    S(`curl -u deploy:${v.urlPassword()} https://nexus.example.com/repository/releases/`),
    L('curl -u "deploy:$NEXUS_PASSWORD" https://nexus.example.com/repository/releases/', '$VAR'),
    'aws s3 sync /backup s3://acme-backups/$(date +%F)/',
  ]);

  add('.env', [
    'APP_ENV=production',
    'APP_DEBUG=false',
    `DB_HOST=${v.host()}`,
    'DB_USERNAME=app',
    S(`DB_PASSWORD=${v.password()}`),
    S(`REDIS_PASSWORD="${v.password()}"`),
    L('SMTP_PASSWORD=', 'empty value'),
    L('SMTP_PASSWORD_FILE=/run/secrets/smtp_password', 'file path'),
    S(`AWS_ACCESS_KEY_ID=${v.akid()}`),
    S(`AWS_SECRET_ACCESS_KEY=${v.awsSecret()}`),
    'AWS_DEFAULT_REGION=us-east-1',
    S(`DATABASE_URL=postgres://app:${v.urlPassword()}@${v.host()}:5432/app`),
  ]);

  add('.env.example', [
    'DB_HOST=localhost',
    L('DB_PASSWORD=your-password-here', 'placeholder'),
    L('REDIS_PASSWORD=<password>', 'placeholder'),
    L('SMTP_PASSWORD=xxxxxxxx', 'placeholder'),
    L('ADMIN_PASSWORD=********', 'placeholder'),
    L('AWS_ACCESS_KEY_ID=' + DOC_KEY_ID, 'AWS doc example'),
    L('AWS_SECRET_ACCESS_KEY=' + DOC_SECRET, 'AWS doc example'),
    L('DATABASE_URL=postgres://user:password@localhost:5432/app', 'placeholder URL'),
    L('MAIL_PASSWORD=${MAIL_PASSWORD}', '${VAR}'),
  ]);

  add('docker/Dockerfile', [
    'FROM python:3.8-slim',
    'WORKDIR /app',
    L('ARG DB_PASSWORD', 'ARG without value'),
    S(`ENV DB_PASSWORD=${v.password()}`),
    S(`ENV AWS_ACCESS_KEY_ID=${v.akid()} AWS_DEFAULT_REGION=us-east-1`),
    S(`ENV AWS_SECRET_ACCESS_KEY=${v.awsSecret()}`),
    L('ENV ADMIN_PASSWORD=${ADMIN_PASSWORD}', '${VAR}'),
    S(`RUN mysql -h db -u root -p${v.strongPassword()} < /app/schema.sql`),
    'COPY . .',
    'CMD ["gunicorn", "app.wsgi"]',
  ]);

  add('docker/docker-compose.yml', [
    "version: '3.8'",
    'services:',
    '  db:',
    '    image: mysql:5.7',
    '    environment:',
    S(`      MYSQL_ROOT_PASSWORD: ${v.password()}`),
    S(`      MYSQL_PASSWORD: "${v.password()}"`),
    '      MYSQL_USER: app',
    '  pg:',
    '    image: postgres:13',
    '    environment:',
    S(`      - POSTGRES_PASSWORD=${v.password()}`),
    L('      - PGADMIN_PASSWORD=${PGADMIN_PASSWORD}', '${VAR}'),
    L('      POSTGRES_PASSWORD_FILE: /run/secrets/db_password', 'file path'),
    '  app:',
    '    build: .',
    '    environment:',
    L('      DB_PASSWORD: ${DB_PASSWORD:?set it}', '${VAR:?}'),
    S(`      AWS_ACCESS_KEY_ID: ${v.akid()}`),
    S(`      AWS_SECRET_ACCESS_KEY: ${v.awsSecret()}`),
    'secrets:',
    '  db_password:',
    L('    file: ./secrets/db_password.txt', 'secret file path'),
  ]);

  // ---------------------------------------------------------------- Kubernetes / Helm
  add('k8s/helm/templates/deployment.yaml', [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          env:',
    '            - name: DB_PASSWORD',
    L('              value: {{ .Values.db.password | quote }}', '{{ .Values.x }}'),
    '            - name: API_PASSWORD',
    '              valueFrom:',
    '                secretKeyRef:',
    '                  name: api',
    L('                  key: password', 'secret key name'),
    '            - name: CI_PASSWORD',
    L('              value: ${{ secrets.CI_PASSWORD }}', 'secrets.X'),
  ]);

  add('k8s/helm/values.yaml', [
    'replicaCount: 2',
    'db:',
    '  host: postgres',
    S(`  password: "${v.password()}"`),
    L('  passwordSecretName: db-credentials', 'secret name'),
    L('  existingSecretPasswordKey: password', 'key name'),
  ]);

  // ---------------------------------------------------------------- Terraform
  add('infra/main.tf', [
    'provider "aws" {',
    '  region     = "us-east-1"',
    S(`  access_key = "${v.akid()}"`),
    S(`  secret_key = "${v.awsSecret()}"`),
    '}',
    '',
    'resource "aws_db_instance" "legacy" {',
    '  engine         = "mysql"',
    '  instance_class = "db.t3.micro"',
    '  username       = "admin"',
    S(`  password       = "${v.password()}"`),
    '}',
    '',
    'resource "aws_db_instance" "reports" {',
    L('  password = var.db_password', 'var.x'),
    '}',
    '',
    'resource "aws_db_instance" "audit" {',
    L('  password = random_password.audit.result', 'resource reference'),
    L('  password = data.aws_secretsmanager_secret_version.audit.secret_string', 'data source'),
    '}',
    '',
    'variable "db_password" {',
    L('  type      = string', 'type'),
    L('  sensitive = true', 'flag'),
    '}',
  ]);

  add('infra/terraform.tfvars', [
    'environment = "prod"',
    S(`db_password = "${v.password()}"`),
    L('db_password_length = 24', 'number'),
  ]);

  // ---------------------------------------------------------------- .npmrc, .netrc, .pgpass, .my.cnf
  add('.npmrc', [
    'registry=https://registry.npmjs.org/',
    S(`//npm.internal.example.com/:_password=${Buffer.from(v.password()).toString('base64')}`),
    '//npm.internal.example.com/:username=ci',
    L('//registry.npmjs.org/:_authToken=${NPM_TOKEN}', '${VAR}'),
    'always-auth=true',
  ]);

  add('ops/netrc', [
    S(`machine ftp.example.com login deploy password ${v.password()}`),
    'machine api.example.com',
    '  login ci',
    S(`  password ${v.password()}`),
  ]);

  add('ops/.pgpass', [
    '# hostname:port:database:username:password',
    S(`${v.host()}:5432:billing:billing:${v.password()}`),
    S(`*:*:*:postgres:${v.strongPassword()}`),
  ]);

  add('ops/my.cnf', [
    '[client]',
    'user = root',
    S(`password = "${v.password()}"`),
    'host = localhost',
    '[mysqld]',
    'max_connections = 500',
  ]);

  // ---------------------------------------------------------------- connection strings and URLs in code
  add('backend/app/db_urls.py', [
    S(`SQLALCHEMY_DATABASE_URI = "postgresql://app:${v.urlPassword()}@${v.host()}:5432/app"`),
    S(`MONGO_URL = "mongodb+srv://svc:${v.urlPassword()}@cluster0.ab1cd.mongodb.net/prod?retryWrites=true"`),
    S(`CELERY_BROKER_URL = "redis://:${v.urlPassword()}@cache01:6379/0"`),
    S(`AMQP_URL = 'amqp://worker:${v.urlPassword()}@rabbit.internal:5672/'`),
    L('LOCAL_DB = "postgresql://localhost:5432/app"', 'URL without credentials'),
    L('TEMPLATE_URL = "postgresql://{user}:{password}@{host}/{db}"', 'format template'),
    L('ENV_URL = f"postgresql://{USER}:{os.environ[\'DB_PASSWORD\']}@db/app"', 'f-string env read'),
    L('REPO = "https://github.com/acme/legacy.git"', 'plain URL'),
    L('GIT_SSH = "git@github.com:acme/legacy.git"', 'ssh remote'),
  ]);

  add('legacy/src/main/java/com/acme/billing/Jdbc.java', [
    'class Jdbc {',
    S(`  static final String URL = "jdbc:mysql://${v.host()}:3306/billing?user=billing&password=${v.urlPassword()}";`),
    S(`  static final String SQLSERVER = "jdbc:sqlserver://${v.host()}:1433;databaseName=legacy;user=sa;password=${v.password()};";`),
    L('  static final String TEMPLATE = "jdbc:mysql://%s:3306/%s?user=%s&password=%s";', 'format template'),
    '}',
  ]);

  // ---------------------------------------------------------------- SQL and docs
  add('db/migrations/003_users.sql', [
    'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, password_hash text NOT NULL);',
    S(`CREATE USER reporting WITH PASSWORD '${v.password()}';`),
    S(`CREATE USER 'etl'@'%' IDENTIFIED BY '${v.password()}';`),
    L("ALTER TABLE users ADD COLUMN password_reset_token text;", 'column name'),
    L("COMMENT ON COLUMN users.password_hash IS 'bcrypt hash of the password';", 'comment text'),
  ]);

  add('docs/SETUP.md', [
    '# Setting up a development machine',
    '',
    'Configure the AWS CLI with your own keys (this is the example from the AWS docs):',
    '',
    '```',
    L(`aws_access_key_id = ${DOC_KEY_ID}`, 'AWS doc example'),
    L(`aws_secret_access_key = ${DOC_SECRET}`, 'AWS doc example'),
    '```',
    '',
    L('Set `DB_PASSWORD` in your `.env` file (ask a teammate for the password).', 'prose'),
    L('The password must be at least 12 characters long.', 'prose'),
    L('| password | string | The database password |', 'docs table'),
    L('Run `mysql -u root -p` and enter the password when asked.', 'interactive -p'),
  ]);

  add('web/package-lock.json', [
    '{',
    '  "name": "web",',
    '  "lockfileVersion": 2,',
    '  "packages": {',
    '    "node_modules/left-pad": {',
    '      "version": "1.3.0",',
    '      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",',
    L(`      "integrity": "sha512-${v.base64(86)}=="`, 'integrity hash'),
    '    },',
    '    "node_modules/password-validator": {',
    '      "version": "5.3.0",',
    L(`      "integrity": "sha1-${v.base64(27)}="`, 'integrity hash'),
    '    }',
    '  }',
    '}',
  ]);

  add('ci/.gitlab-ci.yml', [
    'deploy:',
    '  stage: deploy',
    '  variables:',
    L('    DB_PASSWORD: $PROD_DB_PASSWORD', '$VAR'),
    L('    AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}', 'secrets.X'),
    '  script:',
    L('    - mysql -h db -u app -p"$DB_PASSWORD" < schema.sql', '$VAR'),
    L('    - echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.com', '--password-stdin'),
    `    - git checkout ${v.hex(40)}`,
  ]);

  add('web/src/i18n/en.json', [
    '{',
    L('  "login.password": "Password",', 'UI label'),
    L('  "login.forgotPassword": "Forgot your password?",', 'UI label'),
    L('  "signup.passwordTooShort": "Your password must be at least 12 characters.",', 'UI label'),
    L('  "settings.changePassword": "Change password",', 'UI label'),
    '}',
  ]);

  add('backend/tests/test_login.py', [
    'from app.auth import login',
    '',
    L('def test_rejects_wrong_password(client, password="<password>"):', 'placeholder default'),
    L('    resp = client.post("/login", data={"username": "a", "password": password})', 'variable'),
    '    assert resp.status_code == 401',
  ]);

  return files;
}

// A realistic legacy repository, generated at run time: AWS keys and passwords planted in about
// thirty file formats, beside look-alikes that must not be reported (environment reads, template
// references, placeholders, empty values, type annotations, UI labels, key names, parameters,
// hashes, UUIDs, the AWS documentation example). Every line is classified:
//   S(...) — a planted secret: the scanner must report this line;
//   L(why, ...) — a look-alike: must not be reported (named, so a failure says which kind);
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
const L = (why: string, text: string): PlantedLine => ({ text, lookalike: why });

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
    L('os.environ', "        'PASSWORD': os.environ['REPLICA_DB_PASSWORD'],"),
    L('os.environ.get', "        'PASSWORD': os.environ.get('REPLICA_DB_PASSWORD', ''),"),
    '    },',
    '}',
    S(`AWS_ACCESS_KEY_ID = '${v.akid()}'`),
    S(`AWS_SECRET_ACCESS_KEY = '${v.awsSecret()}'`),
    "AWS_STORAGE_BUCKET_NAME = 'shop-static-prod'",
    "AWS_S3_REGION_NAME = 'eu-west-1'",
    L('os.getenv', "EMAIL_HOST_PASSWORD = os.getenv('EMAIL_HOST_PASSWORD')"),
    S(`EMAIL_HOST_PASSWORD_LEGACY = "${v.humanPassword()}"`),
    "AUTH_PASSWORD_VALIDATORS = [",
    L('validator class path', "    {'NAME': 'django.contrib.auth.password_validation.MinimumLengthValidator'},"),
    ']',
    L('hasher class path', "PASSWORD_HASHERS = ['django.contrib.auth.hashers.Argon2PasswordHasher']"),
    L('numeric setting', "PASSWORD_RESET_TIMEOUT = 259200"),
    L('cookie name', "SESSION_COOKIE_NAME = 'sessionid'"),
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
    L('os.environ', "        aws_access_key_id=os.environ['AWS_ACCESS_KEY_ID'],"),
    L('os.environ', "        aws_secret_access_key=os.environ['AWS_SECRET_ACCESS_KEY'],"),
    '    )',
    '',
    L('function parameter', 'def login(username: str, password: str) -> bool:'),
    L('call on a parameter', '    password_hash = hash_password(password)'),
    L('call on a parameter', '    return check_password(password, user.password)'),
    '',
    L('default parameter None', 'def connect(host, user, password=None, secret_key=None):'),
    L('keyword argument passed through', '    conn = psycopg2.connect(host=host, user=user, password=password)'),
    '    return conn',
    '',
    L('field name', 'PASSWORD_FIELD = "password"'),
    L('config key name', 'PASSWORD_PROPERTY = "db.password"'),
    L('empty value', 'password = ""'),
    L('None', "password = None"),
    L('type annotation and empty', 'password: str = ""'),
    L('secret-store lookup', 'secret = get_secret("prod/db/password")'),
    L('UUID', 'request_id = "' + v.uuid() + '"'),
    L('commit hash', 'COMMIT = "' + v.hex(40) + '"'),
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
    L('empty value', 'password ='),
    L('${VAR}', 'password = ${WAREHOUSE_PASSWORD}'),
    L('placeholder', 'password = <password>'),
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
    L('AWS doc example key ID', `aws_access_key_id = ${DOC_KEY_ID}`),
    L('AWS doc example secret', `aws_secret_access_key = ${DOC_SECRET}`),
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
    L('process.env', '    username: process.env.DB_USER,'),
    L('process.env', '    password: process.env.DB_PASSWORD,'),
    L('process.env with empty default', "    password2: process.env['DB_PASSWORD'] || '',"),
    "    dialect: 'mysql',",
    '  },',
    '};',
    '',
    S(`const s3 = new AWS.S3({ accessKeyId: '${v.akid()}', secretAccessKey: '${v.awsSecret()}' });`),
    L('process.env', 'const s3FromEnv = new AWS.S3({ accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY });'),
    L('integrity hash', "const integrity = 'sha512-" + v.base64(86) + "==';"),
  ]);

  add('web/src/auth/LoginForm.tsx', [
    "import React, { useState } from 'react';",
    '',
    'interface Credentials {',
    '  username: string;',
    L('type annotation', '  password: string;'),
    L('optional type annotation', '  passwordConfirm?: string;'),
    '}',
    '',
    'export function LoginForm({ onSubmit }: { onSubmit: (c: Credentials) => void }) {',
    L('empty state', "  const [password, setPassword] = useState('');"),
    L('UI label', '  const labels = { password: "Password", forgot: "Forgot your password?" };'),
    '  return (',
    '    <form onSubmit={() => onSubmit({ username, password })}>',
    L('HTML input', '      <input type="password" name="password" placeholder="Enter your password" value={password} />'),
    L('UI label', '      <a href="/reset">Forgot your password?</a>'),
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
    L('constructor parameters', '  constructor(private readonly token: string, private readonly password: string) {}'),
    L('method parameter', '  setPassword(password: string): void { this.password = password; }'),
    L('config lookup', '  private secret = this.config.get<string>("api.secret");'),
    '}',
    L('numeric constant', 'export const PASSWORD_MIN_LENGTH = 12;'),
    L('validation regex', "const passwordRegex = /^(?=.*[A-Z])(?=.*\\d).{12,}$/;"),
  ]);

  // ---------------------------------------------------------------- Java
  add('legacy/src/main/java/com/acme/billing/DbConfig.java', [
    'package com.acme.billing;',
    '',
    'import java.sql.Connection;',
    'import java.sql.DriverManager;',
    '',
    'public class DbConfig {',
    L('config key name', '    public static final String PASSWORD_PROPERTY = "db.password";'),
    L('config key name', '    private static final String PASSWORD_KEY = "spring.datasource.password";'),
    S(`    private static final String DB_PASSWORD = "${v.password()}";`),
    `    private static final String DB_URL = "jdbc:mysql://${v.host()}:3306/billing";`,
    '',
    '    public Connection open() throws Exception {',
    S(`        return DriverManager.getConnection(DB_URL, "billing", "${v.password()}");`),
    '    }',
    '',
    L('method parameters', '    public Connection open(String user, String password) throws Exception {'),
    L('System.getenv', '        String password2 = System.getenv("DB_PASSWORD");'),
    L('property lookup', '        String password3 = props.getProperty(PASSWORD_PROPERTY);'),
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
    L('${VAR}', 'spring.datasource.hikari.password=${DB_PASSWORD}'),
    L('setting about password length', 'app.password.min-length=12'),
    S(`mail.smtp.password=${v.humanPassword()}`),
    S(`cloud.aws.credentials.access-key=${v.akid()}`),
    S(`cloud.aws.credentials.secret-key=${v.awsSecret()}`),
    L('empty value', 'ldap.password='),
  ]);

  add('legacy/src/main/resources/application-prod.yml', [
    'spring:',
    '  datasource:',
    `    url: jdbc:mysql://${v.host()}:3306/orders?useSSL=false`,
    '    username: orders',
    S(`    password: ${v.password()}`),
    '  mail:',
    L('${VAR}', '    password: ${MAIL_PASSWORD}'),
    L('${VAR:} default empty', '    password: ${MAIL_PASSWORD:}'),
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
    L('struct tag', '\tPassword string `json:"password" yaml:"password"`'),
    '}',
    '',
    S(`const dbPassword = "${v.password()}"`),
    '',
    'func Open() (*sql.DB, error) {',
    S(`\tpassword := "${v.humanPassword()}"`),
    L('os.Getenv', '\tpass := os.Getenv("DB_PASSWORD")'),
    '\tdsn := fmt.Sprintf("app:%s@tcp(db:3306)/inventory", password)',
    '\treturn sql.Open("mysql", dsn)',
    '}',
    '',
    L('function parameters', 'func Connect(user, password string) (*sql.DB, error) {'),
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
    L('field name', "define( 'DB_PASSWORD_FIELD', 'password' );"),
    L('getenv', "define( 'SMTP_PASSWORD', getenv('SMTP_PASSWORD') );"),
    S(`$db_password = '${v.humanPassword()}';`),
    L('request input', "$password = $_POST['password'];"),
    L('$_ENV', "$password = $_ENV['DB_PASSWORD'];"),
    '$config = [',
    S(`    'password' => '${v.password()}',`),
    L('URL path', "    'password_reset_url' => '/account/reset',"),
    L('env()', "    'password' => env('DB_PASSWORD'),"),
    L('empty value', "    'password' => '',"),
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
    L('<%= ENV[...] %>', "  password: <%= ENV['DATABASE_PASSWORD'] %>"),
    L('ERB ENV.fetch', '  password: <%= ENV.fetch("DATABASE_PASSWORD") { "" } %>'),
  ]);

  add('rails/config/initializers/smtp.rb', [
    'ActionMailer::Base.smtp_settings = {',
    "  address: 'smtp.sendgrid.net',",
    "  user_name: 'apikey',",
    S(`  password: '${v.password()}',`),
    "  authentication: :plain",
    '}',
    L('ENV[...]', "ActionMailer::Base.smtp_settings[:password] = ENV['SMTP_PASSWORD']"),
    L('Rails credentials', "ActionMailer::Base.smtp_settings[:password] = Rails.application.credentials.smtp_password"),
    'Aws.config.update(',
    S(`  credentials: Aws::Credentials.new('${v.akid()}', '${v.awsSecret()}')`),
    ')',
    S(`ADMIN_PASSWORD = "${v.humanPassword()}"`),
    L('method parameter', 'def authenticate(password)'),
    L('comparison', '  BCrypt::Password.new(password_digest) == password'),
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
    L('Environment.GetEnvironmentVariable', '        private readonly string _fromEnv = Environment.GetEnvironmentVariable("DB_PASSWORD");'),
    L('property declaration', '        public string Password { get; set; }'),
    S(`        private string password = "${v.humanPassword()}";`),
    L('constructor parameters', '        public Db(string connectionString, string password) { }'),
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
    L('UI label', '    "PasswordPrompt": "Forgot your password?",'),
    L('UI label', '    "PasswordHint": "Enter your password",'),
    L('empty value', '    "password": "",'),
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
    L('URL', '    <add key="PasswordResetUrl" value="https://example.com/reset" />'),
    L('empty value', '    <add key="SmtpPassword" value="" />'),
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
    L('${VAR}', '    <property name="hibernate.connection.password">${db.password}</property>'),
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
    L('${env.VAR}', '      <password>${env.NEXUS_PASSWORD}</password>'),
    '    </server>',
    '  </servers>',
    '</settings>',
  ]);

  add('legacy/conf/tomcat-users.xml', [
    '<tomcat-users>',
    '  <role rolename="manager-gui"/>',
    S(`  <user username="tomcat" password="${v.password()}" roles="manager-gui"/>`),
    L('${VAR}', '  <user username="${TOMCAT_USER}" password="${TOMCAT_PASSWORD}" roles="admin"/>'),
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
    L('${VAR:-}', 'export DB_PASSWORD="${DB_PASSWORD:-}"'),
    L('command substitution', 'export DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)'),
    L('prompt', 'read -r -s -p "Password: " PASSWORD'),
    S(`mysqldump -u backup -p${v.strongPassword()} --all-databases > /backup/all.sql`),
    L('$VAR', 'mysqldump -u backup -p"$MYSQL_PASSWORD" --all-databases > /backup/all2.sql'),
    L('interactive -p', 'mysql -u root -p -e "SHOW DATABASES"'),
    S(`curl -u deploy:${v.urlPassword()} https://nexus.example.com/repository/releases/`),
    L('$VAR', 'curl -u "deploy:$NEXUS_PASSWORD" https://nexus.example.com/repository/releases/'),
    'aws s3 sync /backup s3://acme-backups/$(date +%F)/',
  ]);

  add('.env', [
    'APP_ENV=production',
    'APP_DEBUG=false',
    `DB_HOST=${v.host()}`,
    'DB_USERNAME=app',
    S(`DB_PASSWORD=${v.password()}`),
    S(`REDIS_PASSWORD="${v.password()}"`),
    L('empty value', 'SMTP_PASSWORD='),
    L('file path', 'SMTP_PASSWORD_FILE=/run/secrets/smtp_password'),
    S(`AWS_ACCESS_KEY_ID=${v.akid()}`),
    S(`AWS_SECRET_ACCESS_KEY=${v.awsSecret()}`),
    'AWS_DEFAULT_REGION=us-east-1',
    S(`DATABASE_URL=postgres://app:${v.urlPassword()}@${v.host()}:5432/app`),
  ]);

  add('.env.example', [
    'DB_HOST=localhost',
    L('placeholder', 'DB_PASSWORD=your-password-here'),
    L('placeholder', 'REDIS_PASSWORD=<password>'),
    L('placeholder', 'SMTP_PASSWORD=xxxxxxxx'),
    L('placeholder', 'ADMIN_PASSWORD=********'),
    L('AWS doc example', 'AWS_ACCESS_KEY_ID=' + DOC_KEY_ID),
    L('AWS doc example', 'AWS_SECRET_ACCESS_KEY=' + DOC_SECRET),
    L('placeholder URL', 'DATABASE_URL=postgres://user:password@localhost:5432/app'),
    L('${VAR}', 'MAIL_PASSWORD=${MAIL_PASSWORD}'),
  ]);

  add('docker/Dockerfile', [
    'FROM python:3.8-slim',
    'WORKDIR /app',
    L('ARG without value', 'ARG DB_PASSWORD'),
    S(`ENV DB_PASSWORD=${v.password()}`),
    S(`ENV AWS_ACCESS_KEY_ID=${v.akid()} AWS_DEFAULT_REGION=us-east-1`),
    S(`ENV AWS_SECRET_ACCESS_KEY=${v.awsSecret()}`),
    L('${VAR}', 'ENV ADMIN_PASSWORD=${ADMIN_PASSWORD}'),
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
    L('${VAR}', '      - PGADMIN_PASSWORD=${PGADMIN_PASSWORD}'),
    L('file path', '      POSTGRES_PASSWORD_FILE: /run/secrets/db_password'),
    '  app:',
    '    build: .',
    '    environment:',
    L('${VAR:?}', '      DB_PASSWORD: ${DB_PASSWORD:?set it}'),
    S(`      AWS_ACCESS_KEY_ID: ${v.akid()}`),
    S(`      AWS_SECRET_ACCESS_KEY: ${v.awsSecret()}`),
    'secrets:',
    '  db_password:',
    L('secret file path', '    file: ./secrets/db_password.txt'),
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
    L('{{ .Values.x }}', '              value: {{ .Values.db.password | quote }}'),
    '            - name: API_PASSWORD',
    '              valueFrom:',
    '                secretKeyRef:',
    '                  name: api',
    L('secret key name', '                  key: password'),
    '            - name: CI_PASSWORD',
    L('secrets.X', '              value: ${{ secrets.CI_PASSWORD }}'),
  ]);

  add('k8s/helm/values.yaml', [
    'replicaCount: 2',
    'db:',
    '  host: postgres',
    S(`  password: "${v.password()}"`),
    L('secret name', '  passwordSecretName: db-credentials'),
    L('key name', '  existingSecretPasswordKey: password'),
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
    L('var.x', '  password = var.db_password'),
    '}',
    '',
    'resource "aws_db_instance" "audit" {',
    L('resource reference', '  password = random_password.audit.result'),
    L('data source', '  password = data.aws_secretsmanager_secret_version.audit.secret_string'),
    '}',
    '',
    'variable "db_password" {',
    L('type', '  type      = string'),
    L('flag', '  sensitive = true'),
    '}',
  ]);

  add('infra/terraform.tfvars', [
    'environment = "prod"',
    S(`db_password = "${v.password()}"`),
    L('number', 'db_password_length = 24'),
  ]);

  // ---------------------------------------------------------------- .npmrc, .netrc, .pgpass, .my.cnf
  add('.npmrc', [
    'registry=https://registry.npmjs.org/',
    S(`//npm.internal.example.com/:_password=${Buffer.from(v.password()).toString('base64')}`),
    '//npm.internal.example.com/:username=ci',
    L('${VAR}', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}'),
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
    L('URL without credentials', 'LOCAL_DB = "postgresql://localhost:5432/app"'),
    L('format template', 'TEMPLATE_URL = "postgresql://{user}:{password}@{host}/{db}"'),
    L('f-string env read', 'ENV_URL = f"postgresql://{USER}:{os.environ[\'DB_PASSWORD\']}@db/app"'),
    L('plain URL', 'REPO = "https://github.com/acme/legacy.git"'),
    L('ssh remote', 'GIT_SSH = "git@github.com:acme/legacy.git"'),
  ]);

  add('legacy/src/main/java/com/acme/billing/Jdbc.java', [
    'class Jdbc {',
    S(`  static final String URL = "jdbc:mysql://${v.host()}:3306/billing?user=billing&password=${v.urlPassword()}";`),
    S(`  static final String SQLSERVER = "jdbc:sqlserver://${v.host()}:1433;databaseName=legacy;user=sa;password=${v.password()};";`),
    L('format template', '  static final String TEMPLATE = "jdbc:mysql://%s:3306/%s?user=%s&password=%s";'),
    '}',
  ]);

  // ---------------------------------------------------------------- SQL and docs
  add('db/migrations/003_users.sql', [
    'CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, password_hash text NOT NULL);',
    S(`CREATE USER reporting WITH PASSWORD '${v.password()}';`),
    S(`CREATE USER 'etl'@'%' IDENTIFIED BY '${v.password()}';`),
    L('column name', "ALTER TABLE users ADD COLUMN password_reset_token text;"),
    L('comment text', "COMMENT ON COLUMN users.password_hash IS 'bcrypt hash of the password';"),
  ]);

  add('docs/SETUP.md', [
    '# Setting up a development machine',
    '',
    'Configure the AWS CLI with your own keys (this is the example from the AWS docs):',
    '',
    '```',
    L('AWS doc example', `aws_access_key_id = ${DOC_KEY_ID}`),
    L('AWS doc example', `aws_secret_access_key = ${DOC_SECRET}`),
    '```',
    '',
    L('prose', 'Set `DB_PASSWORD` in your `.env` file (ask a teammate for the password).'),
    L('prose', 'The password must be at least 12 characters long.'),
    L('docs table', '| password | string | The database password |'),
    L('interactive -p', 'Run `mysql -u root -p` and enter the password when asked.'),
  ]);

  add('web/package-lock.json', [
    '{',
    '  "name": "web",',
    '  "lockfileVersion": 2,',
    '  "packages": {',
    '    "node_modules/left-pad": {',
    '      "version": "1.3.0",',
    '      "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",',
    L('integrity hash', `      "integrity": "sha512-${v.base64(86)}=="`),
    '    },',
    '    "node_modules/password-validator": {',
    '      "version": "5.3.0",',
    L('integrity hash', `      "integrity": "sha1-${v.base64(27)}="`),
    '    }',
    '  }',
    '}',
  ]);

  add('ci/.gitlab-ci.yml', [
    'deploy:',
    '  stage: deploy',
    '  variables:',
    L('$VAR', '    DB_PASSWORD: $PROD_DB_PASSWORD'),
    L('secrets.X', '    AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}'),
    '  script:',
    L('$VAR', '    - mysql -h db -u app -p"$DB_PASSWORD" < schema.sql'),
    L('stdin flag', '    - echo "$REGISTRY_PASSWORD" | docker login -u ci --password-stdin registry.example.com'),
    `    - git checkout ${v.hex(40)}`,
  ]);

  add('web/src/i18n/en.json', [
    '{',
    L('UI label', '  "login.password": "Password",'),
    L('UI label', '  "login.forgotPassword": "Forgot your password?",'),
    L('UI label', '  "signup.passwordTooShort": "Your password must be at least 12 characters.",'),
    L('UI label', '  "settings.changePassword": "Change password",'),
    '}',
  ]);

  add('backend/tests/test_login.py', [
    'from app.auth import login',
    '',
    L('placeholder default', 'def test_rejects_wrong_password(client, password="<password>"):'),
    L('variable', '    resp = client.post("/login", data={"username": "a", "password": password})'),
    '    assert resp.status_code == 401',
  ]);

  // ---------------------------------------------------------------- more shells, rc files, gradle, ansible
  add('deploy/restore.sh', [
    '#!/bin/sh',
    S(`PGPASSWORD=${v.password()} psql -h ${v.host()} -U app -d app -f dump.sql`),
    S(`docker run -d -e MYSQL_ROOT_PASSWORD=${v.strongPassword()} mysql:5.7`),
    L('env var read', 'PGPASSWORD="$DB_PASSWORD" psql -h db -U app'),
    L('env var read', 'docker run -d -e MYSQL_ROOT_PASSWORD="${MYSQL_ROOT_PASSWORD}" mysql:5.7'),
    S(`redis-cli -h cache01 -a ${v.strongPassword()} FLUSHALL`),
    S(`sqlcmd -S ${v.host()} -U sa -P ${v.strongPassword()} -i schema.sql`),
    L('file path', 'MYSQL_PWD_FILE=/run/secrets/mysql ./start.sh'),
    L('retry count', 'PASSWORD_RETRIES=3 ./login.sh'),
  ]);

  add('ops/mail/.fetchmailrc', [
    'poll imap.example.com protocol IMAP',
    '  user "ops@example.com"',
    S(`  password "${v.password()}"`),
  ]);

  add('ops/mail/esmtprc', [
    'hostname smtp.example.com:587',
    'username "ops@example.com"',
    S(`password ${v.strongPassword()}`),
    'starttls required',
  ]);

  add('android/app/build.gradle', [
    'android {',
    '  signingConfigs {',
    '    release {',
    "      storeFile file('release.keystore')",
    S(`      storePassword '${v.password()}'`),
    "      keyAlias 'release'",
    S(`      keyPassword "${v.password()}"`),
    '    }',
    '    ci {',
    L('env read', "      storePassword System.getenv('STORE_PASSWORD')"),
    L('property read', "      keyPassword project.findProperty('keyPassword') ?: ''"),
    '    }',
    '  }',
    '}',
  ]);

  add('ansible/group_vars/db.yml', [
    'postgres_user: app',
    S(`postgres_password: ${v.password()}`),
    S(`ansible_become_pass: "${v.password()}"`),
    L('vault reference', 'mysql_root_password: "{{ vault_mysql_root_password }}"'),
    L('lookup', "api_password: \"{{ lookup('env', 'API_PASSWORD') }}\""),
  ]);

  add('ops/dbeaver/data-sources.xml', [
    '<data-sources>',
    S(`  <connection host="${v.host()}" port="5432" database="app" user="app" password="${v.password()}"/>`),
    S('  <connection host="localhost" port="5432" database="dev" user="postgres" password="password"/>'),
    '</data-sources>',
  ]);

  add('docs/examples/docker-compose.example.yml', [
    'services:',
    '  db:',
    '    environment:',
    L('default word in an example', '      POSTGRES_PASSWORD: password'),
    L('placeholder', '      MYSQL_PASSWORD: changeme'),
  ]);

  add('backend/tests/fixtures/users.py', [
    L('default word in a test', 'ADMIN = {"username": "admin", "password": "password"}'),
    L('placeholder', 'OTHER = {"username": "bob", "password": "<password>"}'),
  ]);

  add('backend/app/pg.py', [
    'import psycopg2',
    S(`conn = psycopg2.connect("host=${v.host()} dbname=app user=app password=${v.urlPassword()}")`),
    L('keyword args', 'conn2 = psycopg2.connect(host=host, dbname=db, user=user, password=password)'),
    L('f-string env', 'dsn = f"host={HOST} user={USER} password={os.environ[\'PGPASSWORD\']}"'),
    L('csrf token', 'CSRF_TOKEN_HEADER = "X-CSRFToken"'),
    L('public key', 'STRIPE_PUBLISHABLE_KEY = "pk_live_' + v.chars('abcdefghijklmnopqrstuvwxyz0123456789', 24) + '"'),
    L('hostname', 'AUTH_SERVER = "auth01.int.example.com"'),
    L('dependency version', 'token_lib = "io.jsonwebtoken:jjwt-jackson:0.11.2"'),
  ]);

  add('docker/Dockerfile.legacy', [
    'FROM tomcat:8',
    S(`ENV DB_PASSWORD ${v.password()}`),
    L('ENV without value', 'ENV DB_PASSWORD_FILE /run/secrets/db'),
    L('$VAR', 'ENV ADMIN_PASSWORD $ADMIN_PASSWORD'),
  ]);

  add('web/src/sdk/client.ts', [
    L('import list', "import { AwsSdkSigV4AuthInputConfig, AwsSdkSigV4AuthResolvedConfig } from '@aws-sdk/core';"),
    L('header name constant', 'export const METADATA_TOKEN_HEADER = "x-aws-ec2-metadata-token";'),
    L('header name constant', 'const SESSION_TOKEN_PARAM = "X-Amz-Security-Token";'),
    L('type annotation', '  tokenOutput: CreateOAuth2TokenResponseBody | undefined;'),
    L('KDF call with a literal', "const derived = scryptSync('password', 'salt', 64);"),
    L('option list', "const styles = ['default', 'password', 'invisible'];"),
    L('test status', 'const result = { pass: "passed", fail: "failed" };'),
    L('SDK doc placeholder', '//   RandomPassword: "STRING_VALUE",'),
    L('AWS doc example token', `//   SessionToken: "AQoEXAMPLE${v.base64(120)}",`),
    L('secret ARN', 'const arn = "arn:aws:secretsmanager:us-west-2:123456789012:secret:MySecret1-a1b2c3";'),
    S(`props.put("db.password", "${v.password()}");`),
    S(`System.setProperty("mail.smtp.password", "${v.humanPassword()}");`),
  ]);

  add('services/billing/legacy.go', [
    'package billing',
    S(`var smtpPassword string = "${v.password()}"`),
    L('typed declaration without value', 'var smtpPassword2 string'),
  ]);

  add('web/src/config/typed.ts', [
    S(`export const adminPassword: string = "${v.password()}";`),
    L('typed env read', 'export const dbPassword: string = process.env.DB_PASSWORD ?? "";'),
    S(`const dbPass = '${v.humanPassword()}';`),
    L('bypass flag', "const bypass = 'cache';"),
  ]);

  add('android/app/src/main/java/com/acme/Config.kt', [
    S(`    val apiPassword: String = "${v.password()}"`),
    L('lateinit', '    lateinit var password: String'),
  ]);

  add('legacy/vb/Db.vb', [
    S(`Dim password As String = "${v.password()}"`),
    L('declaration only', 'Dim userPassword As String'),
  ]);

  add('legacy/conf/server.xml', [
    '<Server port="8005">',
    S(`  <Connector port="8443" SSLEnabled="true" keystoreFile="conf/keystore.jks" keystorePass="${v.password()}" />`),
    L('env reference', '  <Connector port="8444" keystorePass="${KEYSTORE_PASSWORD}" />'),
    '</Server>',
  ]);

  add('site/includes/db.php', [
    '<?php',
    S(`$link = mysqli_connect('${v.host()}', 'shop', '${v.password()}', 'shop');`),
    S(`$pdo = new PDO('mysql:host=db;dbname=shop', 'shop', '${v.password()}');`),
    L('variables', '$link2 = mysqli_connect($host, $user, $pass, $db);'),
  ]);

  add('ops/windows/deploy.ps1', [
    S(`$secure = ConvertTo-SecureString "${v.password()}" -AsPlainText -Force`),
    L('read from env', '$secure2 = ConvertTo-SecureString $env:DEPLOY_PASSWORD -AsPlainText -Force'),
    S(`$env:DB_PASSWORD = "${v.password()}"`),
    L('prompt', '$cred = Get-Credential -Message "Enter the service password"'),
  ]);

  add('firmware/src/config.h', [
    '#ifndef CONFIG_H',
    S(`#define WIFI_PASSWORD "${v.password()}"`),
    L('length constant', '#define PASSWORD_MAX_LEN 64'),
    L('env-style macro', '#define ADMIN_PASSWORD getenv("ADMIN_PASSWORD")'),
    '#endif',
  ]);

  add('k8s/legacy/deployment.yaml', [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: legacy',
    '          env:',
    '            - name: DB_HOST',
    '              value: db.internal',
    '            - name: DB_PASSWORD',
    S(`              value: "${v.password()}"`),
    '            - name: SMTP_PASSWORD',
    L('value from a secret', '              valueFrom:'),
    '                secretKeyRef: { name: smtp, key: password }',
    '            - name: AWS_SECRET_ACCESS_KEY',
    S(`              value: ${v.awsSecret()}`),
    '            - name: LOG_LEVEL',
    '              value: info',
  ]);

  add('ops/ecs/task-definition.json', [
    '{',
    '  "containerDefinitions": [{',
    '    "environment": [',
    '      { "name": "DB_USER", "value": "legacy" },',
    S(`      { "name": "DB_PASSWORD", "value": "${v.password()}" },`),
    L('reference', '      { "name": "API_PASSWORD", "value": "${API_PASSWORD}" }'),
    '    ]',
    '  }]',
    '}',
  ]);

  add('hadoop/conf/core-site.xml', [
    '<configuration>',
    '  <property>',
    '    <name>fs.s3a.access.key</name>',
    S(`    <value>${v.akid()}</value>`),
    '  </property>',
    '  <property>',
    '    <name>fs.s3a.secret.key</name>',
    S(`    <value>${v.awsSecret()}</value>`),
    '  </property>',
    '  <property>',
    '    <name>javax.jdo.option.ConnectionPassword</name>',
    S(`    <value>${v.password()}</value>`),
    '  </property>',
    '  <property>',
    '    <name>hadoop.security.credential.provider.path</name>',
    L('a path', '    <value>jceks://hdfs/user/hive/hive.jceks</value>'),
    '  </property>',
    '</configuration>',
  ]);

  add('config/aws.yml', [
    'production:',
    S(`  aws_key: ${v.akid()}`),
    S(`  aws_secret_key: "${v.awsSecret()}"`),
    L('region', '  aws_region: us-east-1'),
  ]);

  add('deploy/templates/app.config.tpl', [
    L('Octopus variable', 'DbPassword=#{DbPassword}'),
    L('Maven filter', 'db.password=@db.password@'),
    L('token replacement', 'SMTP_PASSWORD=__SMTP_PASSWORD__'),
    L('Azure DevOps variable', 'API_PASSWORD=$(ApiPassword)'),
    L('1Password reference', 'REDIS_PASSWORD=op://prod/redis/password'),
    L('SSM parameter ARN', 'DB_PASSWORD=arn:aws:ssm:us-east-1:123456789012:parameter/prod/db/password'),
    L('Key Vault reference', 'MAIL_PASSWORD=@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/mail)'),
    L('Ansible vault tag', 'ldap_password: !vault |'),
    L('CloudFormation dynamic reference', 'MasterUserPassword: "{{resolve:secretsmanager:prod/db:SecretString:password}}"'),
  ]);

  add('scripts/legacy/cleanup.py', [
    'import shutil',
    S(`# NOTE: the old root password is ${v.humanPassword()}`),
    L('prose', '# password is required for the admin account'),
    L('prose', '// password: see the team vault'),
    L('prose', '# Password must be at least 12 characters.'),
    L('reference', '# password: ${DB_PASSWORD}'),
    'shutil.rmtree("/tmp/cache")',
  ]);

  add('web/static/docs/sso.xml', [
    L('URN attribute', '<AuthenticationStatement AuthenticationMethod="urn:mace:shibboleth:authmethod">'),
    L('author query', '* search `https://github.com/search?q=author:GITHUB_ID+org:acme`'),
    L('HTML attributes', '<a class="mark" href="#dep0010-cryptocreatecredentials" id="dep0010-cryptocreatecredentials">#</a>'),
  ]);

  add('legacy/perl/FieldMap.pm', [
    L('field-name mapping', "my %fields = ( login => 'login', password => 'password' );"),
  ]);

  add('notebooks/exploration.ipynb', [
    '{',
    ' "cells": [',
    '  {',
    '   "cell_type": "code",',
    '   "source": [',
    '    "import boto3\\n",',
    S(`    "s3 = boto3.client('s3', aws_access_key_id='${v.akid()}',\\n",`),
    S(`    "    aws_secret_access_key=\\"${v.awsSecret()}\\")\\n",`),
    S(`    "conn = psycopg2.connect(host='db', password=\\"${v.password()}\\")\\n",`),
    L('env read', '    "pw = os.environ[\\"DB_PASSWORD\\"]\\n"'),
    '   ]',
    '  }',
    ' ]',
    '}',
  ]);

  add('docs/ops-notes.txt', [
    'Production database',
    `host: ${v.host()}`,
    'user: app',
    S(`password: ${v.humanPassword()}`),
    L('placeholder', 'password: <ask the DBA>'),
    L('prose', 'Password: see the team vault'),
    L('prose', 'password: 12 characters minimum'),
  ]);

  // ---------------------------------------------------------------- Terraform variable defaults (name on an earlier line)
  add('infra/variables.tf', [
    'variable "region" {',
    '  type    = string',
    L('not a secret name', '  default = "eu-west-1"'),
    '}',
    '',
    'variable "reports_db_password" {',
    '  type      = string',
    '  sensitive = true',
    S(`  default   = "${v.strongPassword()}"`),
    '}',
    '',
    'variable "legacy_admin_pass" {',
    '  description = "Password of the legacy admin account"',
    S(`  default     = "${v.humanPassword()}"`),
    '}',
    '',
    'variable "app_db_password" {',
    '  type      = string',
    L('empty default', '  default   = ""'),
    '}',
    '',
    'variable "password_min_length" {',
    L('meta name', '  default = "12"'),
    '}',
    '',
    'variable "db_password_secret_name" {',
    L('secret name, not a secret', '  default = "prod/reports/db"'),
    '}',
    '',
    'variable "mail_password" {',
    '  type = string',
    '}',
    'locals {',
    L('default outside a variable block', `  default = "${v.hex(6)}x"`),
    '}',
  ]);

  // ---------------------------------------------------------------- container registry logins
  add('scripts/push-images.sh', [
    '#!/bin/sh',
    S(`docker login -u deploy -p ${v.strongPassword().replace(/[$`"']/g, 'x')} registry.acme.test`),
    S(`podman login --password "${v.password()}" -u deploy quay.io`),
    S(`helm registry login registry.acme.test -u deploy --password=${v.urlPassword()}`),
    L('stdin', 'docker login -u deploy --password-stdin registry.acme.test < "$REGISTRY_PASSWORD_FILE"'),
    L('stdin', 'echo "$DOCKER_PASSWORD" | docker login -u deploy --password-stdin'),
    L('env var', 'docker login -u deploy -p "$DOCKER_PASSWORD" registry.acme.test'),
    L('CI secret', 'docker login -u deploy -p ${{ secrets.REGISTRY_PASSWORD }} registry.acme.test'),
    L('placeholder', 'docker login -u <user> -p <password> registry.acme.test'),
  ]);

  // ---------------------------------------------------------------- generated passwords with a dot (not module.Class)
  add('config/app.ini', [
    '[database]',
    'host = db.internal',
    'user = app',
    S(`password = ${v.dottedPassword()}`),
    '',
    '[smtp]',
    L('empty', 'password ='),
    L('class reference', 'password_hasher = hashers.Argon2Hasher'),
  ]);

  add('deploy/.env.production', [
    `DB_HOST=${v.host()}`,
    S(`DB_PASSWORD=${v.dottedPassword()}`),
    L('settings reference', 'CACHE_PASSWORD=settings.CachePassword'),
  ]);

  // ---------------------------------------------------------------- locale files and UI keys
  add('web/src/i18n/de.json', [
    '{',
    L('UI label (German)', '  "login.password": "Passwort",'),
    L('UI label (German)', '  "login.forgotPassword": "Passwort vergessen?",'),
    L('UI sentence with a number', '  "reset.passwordTooShort": "Das Passwort muss mindestens 12 Zeichen lang sein",'),
    L('UI sentence with a number', '  "signup.passwordTooShort": "Password must be at least 12 characters"'),
    '}',
  ]);

  add('web/src/locales/fr.yml', [
    'fr:',
    '  login:',
    L('UI label (French)', '    password: Mot de passe'),
    L('UI label (French)', '    password_confirmation: Confirmez le mot de passe'),
  ]);

  add('src/main/resources/messages_es.properties', [
    L('UI label (Spanish)', 'login.password=Contraseña'),
    L('UI sentence', 'login.passwordHint=Use al menos 12 caracteres'),
  ]);

  add('web/src/components/forms.json', [
    '{',
    L('UI label under a dotted key', '  "form.fields.password": "Kennwort",'),
    L('UI label under a dotted key', '  "settings.passwordLabel": "Neues Passwort"'),
    '}',
  ]);

  add('config/services.json', [
    '{',
    S(`  "db.password": "${v.humanPassword()}",`),
    '  "database": {',
    S(`    "password": "${v.password()}"`),
    '  },',
    S(`  "admin.password": "${v.strongPassword()}"`),
    '}',
  ]);

  // ---------------------------------------------------------------- code that only looks like an assignment
  add('reports/settings_model.py', [
    'class Settings(BaseSettings):',
    L('quoted type annotation', '    admin_password: "str | None" = None'),
    L('quoted type annotation', '    smtp_password: "SecretStr" = None'),
    L('quoted type annotation', '    ldap_password: "Optional[str]" = None'),
    S(`    legacy_password: str = "${v.password()}"`),
    '',
    'def load(password=None, args=None):',
    L('expression', '    password = password or os.environ.get("DB_PASSWORD")'),
    L('expression', '    password = args.password or input("Password: ")'),
  ]);

  add('backend/tests/test_validators.py', [
    'def test_weak_passwords_rejected():',
    L('list of weak passwords', '    for weak in ("password", "12345678", "qwerty"):'),
    '        assert not check_password(FakeUser(), weak)',
  ]);

  add('tools/lint-rules.toml', [
    '[[rules]]',
    'id = "jwt"',
    L('quoted list items', 'keywords = ["jwt", "secret_key_base", "signing", "token_secret", "tokensecret"]'),
    L('placeholder words', 'description = "Password on a command line (mysql -pSECRET, --password=SECRET, sshpass -p PASSWORD)"'),
  ]);

  add('scripts/report.mjs', [
    L('ternary', "log(`  ${ok ? 'PASS' : 'FAIL'}  ${name}`);"),
    L('run-time concatenation', "const password = 'ab' + 'c123';"),
    L('prose', '// of it (a password "password", a user name equal to a directory) is masked'),
    L('placeholder in docs', '// mysql -pSECRET, --password=PASSWORD, sshpass -p VALUE'),
  ]);

  return files;
}

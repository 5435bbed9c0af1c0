// Helpers for migrate tests that talk to moto through the real SDK: request counting and fault
// injection as SDK middleware on the real client.
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FinalizeHandler, FinalizeHandlerArguments, HandlerExecutionContext, MetadataBearer } from '@smithy/types';

type Next = FinalizeHandler<object, MetadataBearer>;
import { SecretsManagerClient as Client, GetSecretValueCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';

export const WRITE_COMMANDS = new Set(['CreateSecret', 'PutSecretValue', 'UpdateSecret', 'RestoreSecret', 'TagResource', 'DeleteSecret']);

/** Records every command sent (once per command, not per retry) and every HTTP attempt. */
export function countRequests(client: SecretsManagerClient): { commands: string[]; attempts: string[] } {
  const rec = { commands: [] as string[], attempts: [] as string[] };
  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      rec.commands.push(String(ctx.commandName).replace(/Command$/, ""));
      return next(args);
    },
    { step: 'initialize', name: 'testCountCommands' },
  );
  client.middlewareStack.addRelativeTo(
    (next: Next, ctx: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<object>) => {
      rec.attempts.push(String(ctx.commandName).replace(/Command$/, ""));
      return next(args);
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'testCountAttempts' },
  );
  return rec;
}

export interface Fault {
  /** Command to fail, e.g. "CreateSecret"; "*" for any. */
  command: string;
  /** Error name, e.g. "ThrottlingException", "AccessDeniedException". */
  error: string;
  status: number;
  /** How many attempts to fail (Infinity for all). */
  times: number;
  /** Only when the SecretId/Name equals this. */
  secret?: string;
  /** Text to put in the error message (e.g. to prove messages are sanitised). */
  message?: string;
}

/** Injects service errors below the retry middleware, so the SDK's retry strategy sees them. */
export function injectFaults(client: SecretsManagerClient, faults: Fault[]): { fired: number } {
  const state = { fired: 0 };
  client.middlewareStack.addRelativeTo(
    (next: Next, ctx: HandlerExecutionContext) => async (args: FinalizeHandlerArguments<object>) => {
      const input = (args as { input?: { SecretId?: string; Name?: string } }).input ?? {};
      const target = input.SecretId ?? input.Name;
      for (const f of faults) {
        if ((f.command === '*' || f.command === String(ctx.commandName).replace(/Command$/, "")) && f.times > 0 && (!f.secret || f.secret === target)) {
          f.times--;
          state.fired++;
          const err = Object.assign(new Error(f.message ?? `${f.error} injected by test`), {
            name: f.error,
            $fault: f.status >= 500 ? 'server' : 'client',
            $metadata: { httpStatusCode: f.status, attempts: 1, totalRetryDelay: 0 },
          });
          throw err;
        }
      }
      return next(args);
    },
    { relation: 'after', toMiddleware: 'retryMiddleware', name: 'testInjectFaults' },
  );
  return state;
}

/** A plain client for test assertions (reads only). */
export function testClient(endpoint: string): SecretsManagerClient {
  return new Client({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
}

export async function readSecret(client: SecretsManagerClient, name: string): Promise<Record<string, string>> {
  const out = await client.send(new GetSecretValueCommand({ SecretId: name }));
  return JSON.parse(out.SecretString ?? '{}') as Record<string, string>;
}

export async function describeSecret(client: SecretsManagerClient, name: string) {
  return client.send(new DescribeSecretCommand({ SecretId: name }));
}

/** A random value that looks like nothing in particular (not a credential pattern). */
export function randomValue(prefix = 'v'): string {
  return `${prefix}${Math.random().toString(36).slice(2, 12)}${Math.random().toString(36).slice(2, 12)}`;
}

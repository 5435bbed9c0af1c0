// Every secret value the process has seen is registered here so that any text leaving the
// process by an unexpected path (an error message, a --debug stack) can be scrubbed of it.
// Kept on globalThis: the bundle can hold two copies of this module (dist/cli.cjs and the command
// files, see scripts/build.mjs), and both must scrub what either registered.
const KEY = Symbol.for('leakguard.secretRegistry');
const holder = globalThis as unknown as Record<symbol, Set<string> | undefined>;
const known: Set<string> = (holder[KEY] ??= new Set<string>());

export function registerSecret(value: string): void {
  if (value.length >= 4) known.add(value);
}

/** Replace every registered value in `text` with ****. */
export function scrub(text: string): string {
  if (known.size === 0) return text;
  let out = text;
  for (const v of known) if (out.includes(v)) out = out.split(v).join('****');
  return out;
}

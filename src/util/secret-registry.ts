// Every secret value the process has seen is registered here so that any text leaving the
// process by an unexpected path (an error message, a --debug stack) can be scrubbed of it.
const known = new Set<string>();

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

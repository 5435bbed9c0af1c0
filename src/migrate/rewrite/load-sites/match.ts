// Which migrated config file a string literal in code names: the literal is a path (relative, absolute, or
// a last piece joined onto a directory) whose trailing segments are the trailing segments of the config's
// repo path, e.g. "config.yaml", "./conf/app.yml", "/srv/app/config/settings.json" for config/settings.json.
// A literal that names only a file name matches every config file of that name (wrapping a load that
// turns out to read another file is harmless: resolve_secrets leaves a config without references as it is).

export type ConfigMatcher = (literal: string) => string[];

function segments(p: string): string[] {
  return p.replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
}

export function configMatcher(configPaths: string[]): ConfigMatcher {
  const byName = new Map<string, Array<{ path: string; segs: string[] }>>();
  for (const path of configPaths) {
    const segs = segments(path);
    const name = segs[segs.length - 1];
    if (!name) continue;
    const list = byName.get(name) ?? [];
    list.push({ path, segs });
    byName.set(name, list);
  }
  return (literal) => {
    if (literal.length > 1024 || /[\n*?{}$%]/.test(literal)) return [];
    const segs = segments(literal).filter((s) => s !== '..');
    const name = segs[segs.length - 1];
    const candidates = name ? byName.get(name) : undefined;
    if (!candidates) return [];
    return candidates
      .filter(({ segs: c }) => {
        // compare from the end: every segment both have must agree (the literal may hold more, e.g. an absolute prefix)
        const n = Math.min(c.length, segs.length);
        for (let i = 1; i <= n; i++) if (c[c.length - i] !== segs[segs.length - i]) return false;
        return true;
      })
      .map((c) => c.path);
  };
}

/** Cheap pre-test: the file's text names one of the configs' file names at all. */
export function mentionsAny(text: string, configPaths: string[]): boolean {
  return configPaths.some((p) => text.includes(segments(p).pop() ?? '\0'));
}

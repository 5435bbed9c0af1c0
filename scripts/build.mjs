// Bundles the CLI with esbuild (see the two builds below): dist/main.js holds the CLI and the scan
// command; other commands (migrate, the AWS SDK, install...) are separate files loaded only when run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// esbuild is a runtime dependency: an install from git has no dist/ and builds it on its first run
// (bin/first-run-build.js, which says why the package has no `prepare` script).
async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    process.stderr.write('build: esbuild is not installed (run `npm install` in the leakguard package)\n');
    process.exit(2);
  }
}
const { build } = await loadEsbuild();

// Development aid while commands are written in parallel: a command module that does not exist yet
// becomes one that says so. Off unless LEAKGUARD_PARTIAL_BUILD=1.
const partialCommands = {
  name: 'partial-commands',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
      const ts = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      return existsSync(ts) ? undefined : { path: args.path, namespace: 'missing-command' };
    });
    b.onLoad({ filter: /.*/, namespace: 'missing-command' }, () => ({
      contents: 'export async function run() { process.stderr.write("leakguard: command not available in this build\\n"); return 2; }',
      loader: 'js',
    }));
  },
};

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// LEAKGUARD_OUTDIR: build somewhere else (benchmarks build a private copy so a parallel rebuild of dist/ cannot disturb them).
const outdir = process.env.LEAKGUARD_OUTDIR || join(root, 'dist');
rmSync(outdir, { recursive: true, force: true });

// A module of the sources, bundled to a temporary file and imported (the build runs the same code the
// CLI would).
async function importSource(rel) {
  const tmp = join(root, 'node_modules', '.cache', 'leakguard-build');
  mkdirSync(tmp, { recursive: true });
  const file = join(tmp, `${rel.replace(/[^\w]+/g, '-')}-${process.pid}.mjs`);
  await build({ entryPoints: [join(root, rel)], outfile: file, bundle: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'warning' });
  try {
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(file, { force: true });
  }
}

// The built-in rules, parsed from rules/*.toml now (with the same code the CLI would run) and
// inlined into the bundle with their prefilter facts, so no scan reads or parses TOML or analyses
// the rules' regexes at start-up.
async function builtinRulesJson() {
  const mod = await importSource('src/config/builtin.ts');
  const rules = mod.parseBuiltinRules(join(root, 'rules'));
  return { rules: JSON.stringify(rules), facts: JSON.stringify(await mod.builtinRegexFacts(rules.rules)), judge: JSON.stringify(await judgeDataJson()), precheck: await precheckLines(rules.rules) };
}

// The pre-commit hook's pre-check patterns (src/hooks/precheck.ts), from the same parsed rules:
// written to dist/precheck.ere below, or undefined when a rule cannot be summarised.
async function precheckLines(rules) {
  const mod = await importSource('src/hooks/precheck.ts');
  return { name: mod.PRECHECK_FILE, lines: mod.precheckPatterns(rules) };
}

// The judge's data (rules/confidence/), parsed now like the rules and inlined as __LEAKGUARD_JUDGE_DATA__.
async function judgeDataJson() {
  const { parse } = await import('smol-toml');
  const dir = join(root, 'rules', 'confidence');
  return {
    judge: parse(readFileSync(join(dir, 'judge.toml'), 'utf8')),
    wordness: JSON.parse(readFileSync(join(dir, 'wordness.json'), 'utf8')),
  };
}

// Two builds into one directory:
//  1. dist/cli.cjs (run by the small dist/main.js): the CLI entry with the `scan` command and
//     everything a scan needs in one file, not code-split (loading a dozen chunk files costs the
//     pre-commit path more than the scan). Other commands stay outside it: main.ts imports them as
//     ./commands/<name>.js at run time.
//  2. dist/commands/<name>.js for every other command, plus dist/history-worker.js (the worker
//     thread of the parallel history scan, src/scan/parallel.ts), code-split among themselves,
//     so migrate's AWS SDK and parsers are only loaded by migrate.
// Modules the two builds share exist twice; the little process-wide state there is
// (src/util/secret-registry.ts) lives on globalThis, and main.ts tells a UserError by its name.

// Small dependencies are bundled: loading them from node_modules (CommonJS through the ESM loader)
// costs more start-up time than the scan itself. In build 1 also what directory scans use, because
// an unsplit bundle hoists every static import of an external package to its top, where it would
// load on every run; bundled CommonJS is initialised only when first required.
const BUNDLED = ['picomatch', 'smol-toml'];
const BUNDLED_MAIN = [
  ...BUNDLED,
  'fast-glob', '@nodelib/fs.stat', '@nodelib/fs.scandir', '@nodelib/fs.walk', 'fastq', 'reusify', 'run-parallel', 'queue-microtask',
  'merge2', 'micromatch', 'braces', 'fill-range', 'to-regex-range', 'is-number', 'glob-parent', 'is-glob', 'is-extglob',
];
function externalOthers(bundled) {
  return {
    name: 'external-others',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith('node:')) return { path: args.path, external: true };
        const pkg = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
        if (bundled.includes(pkg) && args.importer.includes('/src/')) return undefined;
        if (bundled.some((d) => args.importer.includes(`/node_modules/${d}/`))) return undefined;
        return { path: args.path, external: true };
      });
    },
  };
}

// Build 1: main.ts's `./commands/<name>.js` imports stay imports of build 2's files (scan is bundled).
const commandsOutside = {
  name: 'commands-outside',
  setup(b) {
    b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
      if (!args.importer.endsWith(join('src', 'cli', 'main.ts')) || args.path === './commands/scan.js') return undefined;
      const ts = join(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      if (existsSync(ts)) return { path: args.path, external: true };
      return undefined; // a command not written yet: partial-commands (if enabled) stubs it
    });
  },
};

// Build 1 only: modules the pre-commit path never calls, loaded on first use instead of at start.
// picomatch (58 KB; only configs with globs use it) is called as a function; node:fs/promises
// (directory scans) and node:crypto (fingerprints: only a scan with findings hashes; loading it
// costs a clean pre-commit scan a dozen internal modules) only for their functions.
const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    b.onResolve({ filter: /^(picomatch|node:fs\/promises|node:crypto)$/ }, (args) => ({ path: args.path, namespace: 'lazy-module' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy-module' }, async (args) => {
      const load = `import { createRequire } from 'node:module';\nlet m;\nconst get = () => (m ??= createRequire(import.meta.url)(${JSON.stringify(args.path)}));\n`;
      if (args.path === 'picomatch') return { contents: `${load}export default function picomatch(...a) { return get()(...a); }\n`, loader: 'js' };
      const real = await import(args.path);
      const names = Object.keys(real).filter((k) => k !== 'default' && typeof real[k] === 'function');
      return { contents: load + names.map((n) => `export function ${n}(...a) { return get().${n}(...a); }`).join('\n') + '\n', loader: 'js' };
    });
  },
};

const partial = process.env.LEAKGUARD_PARTIAL_BUILD === '1';
const builtin = await builtinRulesJson();
const common = {
  define: { __LEAKGUARD_BUILTIN_RULES__: builtin.rules, __LEAKGUARD_REGEX_FACTS__: builtin.facts, __LEAKGUARD_JUDGE_DATA__: builtin.judge },
  // Bundled CommonJS code may call require() for Node built-ins.
  banner: { js: "import { createRequire as __lgCreateRequire } from 'node:module'; const require = __lgCreateRequire(import.meta.url);" },
  outdir,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: false,
  logLevel: 'warning',
};

// Build 1 is CommonJS (dist/cli.cjs), so dist/main.js can compile it with V8's code cache
// (dist/cli.cjs.cache, written by the first run): no parsing and no lazy compilation of the
// functions a scan runs, which is most of leakguard's own start-up time.
await build({
  ...common,
  entryPoints: { cli: join(root, 'src/cli/main.ts') },
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  splitting: false,
  // import() stays import() (commands and yargs are ES modules); import.meta.url is the file's URL.
  supported: { 'dynamic-import': true },
  define: { ...common.define, 'import.meta.url': '__lgMetaUrl' },
  // __lgImport: dynamic import() for code compiled by dist/main.js through node:vm (which cannot
  // import() by itself without an experimental flag); plain import() when cli.cjs is require()d.
  banner: {
    js: '"use strict";\nvar __lgMetaUrl = require("node:url").pathToFileURL(__filename).href;\nvar __lgImport = typeof __lgImportFn === "function" ? __lgImportFn : (s) => import(s);',
  },
  plugins: [commandsOutside, ...(partial ? [partialCommands] : []), lazyModules, externalOthers(BUNDLED_MAIN)],
});
{
  // Every `import("...")` of the bundle goes through __lgImport (see the banner above).
  const cli = join(outdir, 'cli.cjs');
  const code = readFileSync(cli, 'utf8');
  const rewritten = code.replace(/(?<![\w$.])import\("/g, '__lgImport("');
  if (/(?<![\w$.])import\((?!s\))/.test(rewritten)) throw new Error('build: cli.cjs has an import() that is not a string literal');
  writeFileSync(cli, rewritten);
}
// dist/precheck.ere: read by the pre-commit hook (src/hooks/script.ts) before it starts Node.
if (builtin.precheck.lines) writeFileSync(join(outdir, builtin.precheck.name), builtin.precheck.lines.join('\n') + '\n');
else process.stderr.write('build: a built-in rule cannot be summarised for the hook pre-check (src/hooks/precheck.ts); the hook will always run the full scan\n');
// dist/main.js: for callers that import the ES module path; it runs dist/main.cjs below.
writeFileSync(
  join(outdir, 'main.js'),
  `// Generated by scripts/build.mjs: runs main.cjs (the loader bin/leakguard.js requires).
import { createRequire } from 'node:module';

createRequire(import.meta.url)('./main.cjs');
`,
);
// dist/main.cjs: the loader, as CommonJS, which bin/leakguard.js (CommonJS too, see
// bin/package.json) requires: a CommonJS entry does not start Node's ES module loader (and the
// fs/promises, readline and stream modules it loads), a few milliseconds of every pre-commit hook.
writeFileSync(
  join(outdir, 'main.cjs'),
  `// Generated by scripts/build.mjs: runs cli.cjs, compiled with V8's code cache when this Node can.
'use strict';
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { dirname, join } = require('node:path');

const file = join(__dirname, 'cli.cjs');
// One cache per set of Node options (V8 refuses a cache made under other flags): cli.cjs.cache for
// the CLI, cli.cjs.<options>.cache for each hook's (src/hooks/node-flags.ts).
const options = process.execArgv.join(' ').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
const cacheFile = file + (options ? '.' + options : '') + '.cache';
const req = createRequire(file);
if (process.env.LEAKGUARD_NO_CODE_CACHE === '1') {
  req(file);
} else {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {}
  const source = readFileSync(file, 'utf8');
  const vm = require('node:vm');
  const script = new vm.Script('(function (exports, require, module, __filename, __dirname, __lgImportFn) {' + source + '\\n})', {
    filename: file,
    cachedData,
  });
  if (process.env.LEAKGUARD_DEBUG_CODE_CACHE === '1') process.stderr.write('leakguard: code cache ' + (!cachedData ? 'missing' : script.cachedDataRejected ? 'rejected' : 'used') + '\\n');
  if (!cachedData || script.cachedDataRejected) {
    // Written when the process ends, so the cache holds the functions this run compiled.
    process.once('exit', () => {
      try {
        const tmp = cacheFile + '.' + process.pid;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {}
    });
  }
  const mod = { exports: {} };
  // import() of the other bundle files (ES modules), resolved from this directory.
  script.runInThisContext()(mod.exports, req, mod, file, dirname(file), (specifier) => import(specifier));
}
`,
);

// Warm every code cache of dist/ (the CLI's and the hooks') with the pre-commit path: one `scan --staged` in a throwaway repo, so the
// cache holds the functions a scan runs (a cache written by, say, `--help` would not). Best effort:
// without git or a writable temp dir, the first real run writes the cache instead.
try {
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { randomBytes } = await import('node:crypto');
  const repo = mkdtempSync(join(tmpdir(), 'leakguard-warm-'));
  try {
    // Nothing is committed (only staged), so no identity is needed; a hook's GIT_* must not leak in.
    const env = { ...process.env };
    for (const k of Object.keys(env)) if (k.startsWith('GIT_')) delete env[k];
    execFileSync('git', ['init', '-q', repo], { env, stdio: 'ignore' });
    const lines = [];
    for (let i = 0; i < 40; i++) {
      const v = randomBytes(12).toString('base64');
      lines.push(`const key${i} = process.env.KEY_${i}; // api key`, `db_password = "${v}"`, `token: ${v}`, `url = "https://user:${v}@example.test/x"`, `aws_access_key_id = ${'AKIA' + randomBytes(10).toString('hex').toUpperCase().slice(0, 16)}`);
    }
    writeFileSync(join(repo, 'warm.py'), lines.join('\n') + '\n');
    execFileSync('git', ['add', 'warm.py'], { cwd: repo, env, stdio: 'ignore' });
    // Every way Node is started: plain (the CLI) and with each hook's options.
    const { HOOK_NODE_FLAG_SETS } = await importSource('src/hooks/node-flags.ts');
    for (const flags of [[], ...HOOK_NODE_FLAG_SETS.map((f) => f.split(' '))]) {
      try {
        execFileSync(process.execPath, [...flags, join(outdir, 'main.js'), 'scan', '--staged', '-q'], { cwd: repo, env, stdio: 'ignore' });
      } catch {
        // exit 1 (findings) is expected; anything else just means no warm cache
      }
    }
  } catch {
    // no repository to warm the cache in: the first real run writes it
  } finally {
    rmSync(repo, { recursive: true, force: true });
  }
} catch {
  /* no warm cache */
}

const commandEntries = Object.fromEntries(
  readdirSync(join(root, 'src/cli/commands'))
    .filter((f) => f.endsWith('.ts') && f !== 'scan.ts' && f !== 'scan-args.ts')
    .map((f) => [`commands/${f.replace(/\.ts$/, '')}`, join(root, 'src/cli/commands', f)]),
);
await build({
  ...common,
  entryPoints: { ...commandEntries, 'history-worker': join(root, 'src/scan/parallel-worker.ts') },
  splitting: true,
  plugins: [externalOthers(BUNDLED)],
});

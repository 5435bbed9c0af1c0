// Bundles the CLI with esbuild: one ESM entry (dist/main.js) plus code-split chunks, so commands
// imported lazily (migrate, the AWS SDK, install...) are not parsed on the pre-commit path.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

// `npm install -g <git url>` (how the pre-commit framework installs node hooks) runs `prepare` in a
// clone without installing any dependencies (npm/cli#8440, npm_config_global leaks into the nested
// install). Then install them locally first; every other install path finds esbuild directly.
async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
    execFileSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--include=dev', '--ignore-scripts', '--global=false'], {
      cwd: pkg,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, npm_config_global: 'false' },
    });
    return await import(pathToFileURL(join(pkg, 'node_modules', 'esbuild', 'lib', 'main.js')).href);
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

// The built-in rules, parsed from rules/*.toml now (with the same code the CLI would run) and
// inlined into the bundle, so no scan reads or parses TOML at start-up.
async function builtinRulesJson() {
  const tmp = join(root, 'node_modules', '.cache', 'leakguard-build');
  mkdirSync(tmp, { recursive: true });
  const file = join(tmp, `builtin-${process.pid}.mjs`);
  await build({ entryPoints: [join(root, 'src/config/builtin.ts')], outfile: file, bundle: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'warning' });
  try {
    const mod = await import(pathToFileURL(file).href);
    return JSON.stringify(mod.parseBuiltinRules(join(root, 'rules')));
  } finally {
    rmSync(file, { force: true });
  }
}

// Small dependencies on the scan path are bundled: loading them from node_modules (CommonJS
// through the ESM loader) costs more start-up time than the scan itself.
const BUNDLED = ['picomatch', 'smol-toml'];
const externalOthers = {
  name: 'external-others',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const pkg = args.path.startsWith('@') ? args.path.split('/').slice(0, 2).join('/') : args.path.split('/')[0];
      if (BUNDLED.includes(pkg) && args.importer.includes('/src/')) return undefined;
      if (BUNDLED.some((d) => args.importer.includes(`/node_modules/${d}/`))) return undefined;
      return { path: args.path, external: true };
    });
  },
};

await build({
  // history-worker.js: the worker thread of the parallel history scan (src/scan/parallel.ts).
  entryPoints: { main: join(root, 'src/cli/main.ts'), 'history-worker': join(root, 'src/scan/parallel-worker.ts') },
  define: { __LEAKGUARD_BUILTIN_RULES__: await builtinRulesJson() },
  // Bundled CommonJS code may call require() for Node built-ins.
  banner: { js: "import { createRequire as __lgCreateRequire } from 'node:module'; const require = __lgCreateRequire(import.meta.url);" },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay in node_modules; lazily imported ones are only loaded when used.
  sourcemap: false,
  logLevel: 'warning',
  plugins: process.env.LEAKGUARD_PARTIAL_BUILD === '1' ? [partialCommands, externalOthers] : [externalOthers],
});

// Bundles the CLI with esbuild: one ESM entry (dist/main.js) plus code-split chunks, so commands
// imported lazily (migrate, the AWS SDK, install...) are not parsed on the pre-commit path.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

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
rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Dependencies stay in node_modules; lazily imported ones are only loaded when used.
  packages: 'external',
  sourcemap: false,
  logLevel: 'warning',
  plugins: process.env.LEAKGUARD_PARTIAL_BUILD === '1' ? [partialCommands] : [],
});

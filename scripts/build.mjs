// Bundles the CLI with esbuild: one ESM entry (dist/main.js) plus code-split chunks, so commands
// imported lazily (migrate, the AWS SDK, install...) are not parsed on the pre-commit path.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

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
});

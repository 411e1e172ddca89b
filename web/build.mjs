// Builds the control page into viam/web/static/ (served by viam-server, shipped in the wheel):
// src/main.ts and the official TypeScript SDK bundled by esbuild into app.js, beside index.html
// and style.css. Everything the page loads comes from the server itself (works offline).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'viam', 'web', 'static');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(here, 'src', 'main.ts')],
  bundle: true,
  format: 'esm',
  target: ['es2022'],
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  outfile: join(out, 'app.js'),
  logLevel: 'warning',
});
for (const file of ['index.html', 'style.css']) {
  copyFileSync(join(here, file), join(out, file));
}
writeFileSync(join(out, 'BUILT_FROM.txt'), 'built by web/build.mjs from web/src (npm ci from web/package-lock.json)\n');

// After tsc and copy-build-assets: bundle the server (src/main.ts and everything it imports) into dist/main.js, so
// a start reads and links one file instead of resolving and loading hundreds. The rest of dist/ stays as tsc
// wrote it (the worker and the other commands run from there, and prepare-start.mjs imports it).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = `${root}src/`;

// Packages that cannot be bundled: native addons and WebAssembly (read from files next to their own code), and
// the large ones imported only on first use (docs/architecture.md), which bundling would only make slower to build.
// iconv-lite is loaded at start (body-parser), but its half-megabyte of encoding tables only to decode a body that
// is not UTF-8: bundled, every start would parse them.
const external = [
  '@electric-sql/pglite',
  '@electric-sql/pglite/*',
  '@node-rs/argon2',
  '@resvg/resvg-js',
  '@langchain/*',
  'bullmq',
  'chokidar',
  'iconv-lite',
  'nodemailer',
  'pg',
  'twilio',
];

// The code reads files next to itself (the chat page, the safety lexicon, the models: copy-build-assets.mjs),
// finding them from its own import.meta.url. In one bundle that would be dist/main.js for every module, so each
// module's import.meta.url is written as the address its compiled file has in dist/.
const ownModuleUrls = {
  name: 'own-module-urls',
  setup(bundler) {
    bundler.onLoad({ filter: /\.ts$/ }, ({ path }) => {
      const source = readFileSync(path, 'utf8');
      if (!path.startsWith(src) || !source.includes('import.meta.url')) return undefined;
      const compiled = `./${relative(src, path).replace(/\.ts$/, '.js')}`;
      return { contents: source.replaceAll('import.meta.url', `new URL(${JSON.stringify(compiled)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

// What main.ts imports only on first use (the records database, BullMQ, LangChain) goes in chunks beside it,
// loaded when asked for, as before; the last build's chunks are removed first.
const dist = `${root}dist/`;
const chunk = /^main-.+-[A-Z0-9]{8}\.js(\.map)?$/;
for (const file of readdirSync(dist)) if (chunk.test(file)) rmSync(`${dist}${file}`);

await build({
  entryPoints: [`${src}main.ts`],
  outdir: dist,
  // Chunks sit beside main.js: the addresses written for import.meta.url are relative to dist/.
  chunkNames: 'main-[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external,
  // Bundled CommonJS packages call require() for node's own modules: give the bundle one.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  plugins: [ownModuleUrls],
  logLevel: 'warning',
});

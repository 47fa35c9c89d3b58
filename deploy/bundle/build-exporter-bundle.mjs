#!/usr/bin/env node
/* global process, URL */
// Builds the exporter as ONE file that needs nothing but Node >= 20: every dependency (dbus-next too)
// inlined, the shebang's V8 flags kept. With --sea, also a single executable that needs no Node at all.
//
//   node deploy/bundle/build-exporter-bundle.mjs [--out DIR] [--sea]
//
// Writes DIR/hostwatch-exporter.mjs and DIR/hostwatch-exporter.LICENSES.txt (default DIR:
// deploy/bundle/dist); with --sea also DIR/hostwatch-exporter. Exit status: 0 done, 1 the bundle failed,
// 3 the bundle was written but the SEA binary could not be built here (the message says why).
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bundledLicences } from './bundled-licenses.mjs';
import { SeaUnavailableError, buildExporterSea } from './build-exporter-sea.mjs';
import { exporterSourceRewrites, readExporterVersion } from './exporter-source-rewrites.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const exporterDir = new URL('../../exporter/', import.meta.url);
const entryPoint = fileURLToPath(new URL('src/main.ts', exporterDir));

// dbus-next's optional transports, never installed: usocket (a native module; dbus-next falls back to
// net when it cannot load it) and x11 (finds a session bus through X11; the exporter uses the system bus).
const OPTIONAL_NATIVE = ['usocket', 'x11'];

async function loadEsbuild() {
  try {
    return await import('esbuild');
  } catch {
    throw new Error('esbuild is not installed: run `npm ci` in the repository (it comes with tsx, a dev dependency)');
  }
}

/** Options both bundles share; `format` and what it needs are added by the caller. */
function commonOptions(version) {
  return {
    entryPoints: [entryPoint],
    absWorkingDir: repoRoot,
    bundle: true,
    platform: 'node',
    target: 'node20',
    external: OPTIONAL_NATIVE,
    plugins: [exporterSourceRewrites({ version })],
    minifyWhitespace: true,
    minifySyntax: true,
    // Error class names show in logs (pino's err.type) and in messages.
    keepNames: true,
    legalComments: 'none', // written to the LICENSES file instead
    metafile: true,
    write: false,
    logLevel: 'warning',
  };
}

async function writeOutput(result, file, mode) {
  const [output] = result.outputFiles;
  await writeFile(file, output.contents, { mode });
  await chmod(file, mode); // writeFile's mode only applies to a new file
  return output.contents.byteLength;
}

/** The ESM bundle: esbuild keeps the entry's shebang first, then this banner. */
async function buildEsmBundle(esbuild, version, outDir) {
  const outfile = path.join(outDir, 'hostwatch-exporter.mjs');
  const result = await esbuild.build({
    ...commonOptions(version),
    format: 'esm',
    outfile,
    // CommonJS dependencies call require() for Node's built-ins, which an ES module lacks.
    banner: { js: "import { createRequire as __hostwatchCreateRequire } from 'node:module';\nconst require = __hostwatchCreateRequire(import.meta.url);" },
  });
  const size = await writeOutput(result, outfile, 0o755);
  await writeFile(path.join(outDir, 'hostwatch-exporter.LICENSES.txt'), await bundledLicences(result.metafile, repoRoot));
  return { file: outfile, size };
}

/** The SEA's entry must be CommonJS. */
async function buildCjsBundle(esbuild, version, outDir) {
  const dir = path.join(outDir, 'sea');
  await mkdir(dir, { recursive: true });
  const outfile = path.join(dir, 'hostwatch-exporter.cjs');
  const result = await esbuild.build({ ...commonOptions(version), format: 'cjs', outfile });
  await writeOutput(result, outfile, 0o644);
  return outfile;
}

async function main() {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, sea: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    process.stdout.write('usage: build-exporter-bundle.mjs [--out DIR] [--sea]\n');
    return 0;
  }
  const outDir = path.resolve(values.out ?? fileURLToPath(new URL('dist/', import.meta.url)));
  await mkdir(outDir, { recursive: true });
  const esbuild = await loadEsbuild();
  const version = await readExporterVersion(exporterDir);

  const bundle = await buildEsmBundle(esbuild, version, outDir);
  process.stdout.write(`wrote ${bundle.file} (${bundle.size} bytes, exporter ${version})\n`);
  if (!values.sea) return 0;

  const cjsEntry = await buildCjsBundle(esbuild, version, outDir);
  try {
    const binary = await buildExporterSea({ cjsEntry, outFile: path.join(outDir, 'hostwatch-exporter'), repoRoot });
    process.stdout.write(`wrote ${binary} (single executable application)\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof SeaUnavailableError)) throw error;
    process.stderr.write(`build-exporter-bundle: SEA binary not built: ${error.message}\n`);
    return 3;
  }
}

main().then(
  (status) => process.exit(status),
  (error) => {
    // esbuild has already printed its messages with locations; this says which step failed.
    process.stderr.write(`build-exporter-bundle: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

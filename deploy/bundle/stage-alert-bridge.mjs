#!/usr/bin/env node
/* global process, URL */
// Lays out the built alert bridge as a directory that runs on its own: dist/, package.json and the
// production node_modules. The bridge cannot be one file like the exporter: better-sqlite3 is a
// native module. install-alert-bridge.sh and deploy/docker/alert-bridge.Dockerfile install this.
//
//   node deploy/bundle/stage-alert-bridge.mjs [--out DIR]     (default DIR: deploy/bundle/dist)
//
// Writes DIR/alert-bridge/. Needs `npm run build` first. The native module is the one built in this
// checkout's node_modules: stage on a machine with the target's Node major version and C library.
import { access, cp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { productionDependencies } from './production-dependencies.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const WORKSPACE = 'alert-bridge';

const exists = (file) =>
  access(file).then(
    () => true,
    () => false,
  );

/** In a native module (it has binding.gyp), what the compiler needed but Node does not: sources and objects. */
async function nativeBuildLeftovers(packageDir) {
  if (!(await exists(path.join(packageDir, 'binding.gyp')))) return () => false;
  return (relative) => {
    const [top, second, ...rest] = relative.split(path.sep);
    if (top === 'deps' || top === 'src') return true;
    if (top !== 'build' || second === undefined) return false;
    // build/Release/*.node is what the package loads; the rest (objects, Makefiles) only built it.
    return !((second === 'Release' || second === 'Debug') && (rest.length === 0 || (rest.length === 1 && rest[0].endsWith('.node'))));
  };
}

/** Copies one package without its own node_modules (the ones needed are copied on their own). */
async function copyPackage(source, destination) {
  const leftover = await nativeBuildLeftovers(source);
  await cp(source, destination, {
    recursive: true,
    dereference: true,
    filter: (file) => {
      const relative = path.relative(source, file);
      return !relative.split(path.sep).includes('node_modules') && !leftover(relative);
    },
  });
}

async function stage(outDir) {
  const workspaceDir = path.join(repoRoot, WORKSPACE);
  if (!(await exists(path.join(workspaceDir, 'dist', 'main.js')))) {
    throw new Error(`${WORKSPACE}/dist/main.js is missing: run \`npm run build\` first`);
  }
  const lockfile = JSON.parse(await readFile(path.join(repoRoot, 'package-lock.json'), 'utf8'));
  const locations = productionDependencies(lockfile, WORKSPACE);

  const target = path.join(outDir, WORKSPACE);
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  await cp(path.join(workspaceDir, 'dist'), path.join(target, 'dist'), {
    recursive: true,
    filter: (file) => !file.endsWith('.tsbuildinfo'),
  });
  await cp(path.join(workspaceDir, 'package.json'), path.join(target, 'package.json'));

  // "alert-bridge/node_modules/x" and "node_modules/x" both land in the stage's node_modules.
  const placed = new Map();
  let copied = 0;
  for (const location of locations) {
    const relative = location.startsWith(`${WORKSPACE}/`) ? location.slice(WORKSPACE.length + 1) : location;
    if (placed.has(relative)) throw new Error(`${location} and ${placed.get(relative)} would both be ${relative}`);
    placed.set(relative, location);
    const source = path.join(repoRoot, location);
    if (!(await exists(source))) {
      if (lockfile.packages[location].optional) continue; // an optional package for another platform
      throw new Error(`${location} is in package-lock.json but not installed: run npm ci`);
    }
    await copyPackage(source, path.join(target, relative));
    copied += 1;
  }
  const names = await readdir(path.join(target, 'node_modules')).catch(() => []);
  await writeFile(
    path.join(target, 'STAGED.txt'),
    `Staged by deploy/bundle/stage-alert-bridge.mjs with Node ${process.version} (ABI ${process.versions.modules}) on ${process.platform}-${process.arch}.\n`,
  );
  return { target, copied, topLevel: names.length };
}

async function main() {
  const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    process.stdout.write('usage: stage-alert-bridge.mjs [--out DIR]\n');
    return;
  }
  const outDir = path.resolve(values.out ?? fileURLToPath(new URL('dist/', import.meta.url)));
  const { target, copied } = await stage(outDir);
  process.stdout.write(`staged ${target} (${copied} packages)\n`);
}

main().catch((error) => {
  process.stderr.write(`stage-alert-bridge: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

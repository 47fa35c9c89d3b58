/* global process */
// Node's single executable application (https://nodejs.org/docs/latest-v20.x/api/single-executable-applications.html):
// a copy of the node binary with the exporter's CommonJS bundle injected as the NODE_SEA_BLOB resource.
// Node 20 cannot inject by itself; postject (an npm package) does it.
import { execFile } from 'node:child_process';
import { access, chmod, copyFile, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The marker postject flips in the node binary; its presence says the binary supports SEA. */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

/** A missing tool or an unsuitable node binary: the SEA step cannot run here. */
export class SeaUnavailableError extends Error {}

async function exists(file) {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** postject from the repository's node_modules/.bin, else from PATH; undefined when neither has it. */
export async function findPostject(repoRoot) {
  const local = path.join(repoRoot, 'node_modules', '.bin', 'postject');
  if (await exists(local)) return local;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'postject');
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Builds `outFile` from `cjsEntry` (a self-contained CommonJS bundle: a SEA's require() only loads
 * Node's built-in modules). Throws SeaUnavailableError naming what is missing.
 */
export async function buildExporterSea({ cjsEntry, outFile, repoRoot, nodeBinary = process.execPath }) {
  const binary = await readFile(nodeBinary);
  if (!binary.includes(SEA_FUSE)) {
    throw new SeaUnavailableError(`${nodeBinary} was built without single executable application support (no ${SEA_FUSE})`);
  }
  // The blob first: it needs only node, so this much is checked even where postject is missing.
  const dir = path.dirname(cjsEntry);
  const seaConfig = path.join(dir, 'sea-config.json');
  const blob = path.join(dir, 'sea-prep.blob');
  // The bundle needs no assets; code cache is left off because it ties the blob to one V8 build and flags.
  await writeFile(seaConfig, JSON.stringify({ main: cjsEntry, output: blob, disableExperimentalSEAWarning: true }, null, 2));
  await run(nodeBinary, ['--experimental-sea-config', seaConfig]);

  const postject = await findPostject(repoRoot);
  if (!postject) {
    throw new SeaUnavailableError(
      `postject is not installed (npm package "postject", needed by Node 20 to inject ${path.basename(blob)} into a copy of node): ` +
        'add it with `npm install --save-dev postject`, or put a `postject` on PATH',
    );
  }
  await rm(outFile, { force: true });
  await copyFile(nodeBinary, outFile);
  await chmod(outFile, 0o755);
  await run(postject, [outFile, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE]);
  return outFile;
}

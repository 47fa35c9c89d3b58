/* global URL */
// An esbuild plugin for the exporter's single-file bundle. Two things in exporter/src only work next to
// the package's own files, and a bundle has none:
//  - version.ts reads ../package.json at start-up: the bundle carries the version as a constant;
//  - `createRequire(import.meta.url)('dbus-next/lib/connection.js')` (dbus/systemd-bus.ts) resolves at
//    run time, so esbuild would leave dbus-next out: it becomes a static import, which esbuild inlines.
// Each rewrite must happen exactly where expected; if the source changes shape, the build fails and says
// which file to look at, rather than producing a bundle that breaks on the first systemd scrape.
import { readFile } from 'node:fs/promises';

const VERSION_FILE = /[\\/]exporter[\\/]src[\\/]version\.ts$/;
const CREATE_REQUIRE_CALL = /createRequire\(import\.meta\.url\)\((['"])([^'"]+)\1\)/g;
const EXPORTER_SOURCE = /[\\/]exporter[\\/]src[\\/].*\.ts$/;

/** Names the static import that replaces the nth createRequire call of a file. */
const importName = (index) => `__hostwatchBundled${index}`;

/**
 * Rewrites one exporter source file's run-time `createRequire(import.meta.url)(specifier)` calls into
 * static default imports (esbuild gives a CommonJS module's module.exports as the default export).
 * Exported for the test of the bundle; returns the new text and the specifiers it now imports.
 */
export function inlineCreateRequireCalls(source) {
  const specifiers = [];
  const body = source.replace(CREATE_REQUIRE_CALL, (_call, _quote, specifier) => {
    specifiers.push(specifier);
    return importName(specifiers.length - 1);
  });
  const imports = specifiers.map((specifier, index) => `import ${importName(index)} from ${JSON.stringify(specifier)};\n`);
  return { contents: imports.join('') + body, specifiers };
}

/** The plugin; `version` is the exporter package's version. */
export function exporterSourceRewrites({ version }) {
  return {
    name: 'hostwatch-exporter-source-rewrites',
    setup(build) {
      let versionInlined = false;
      let dbusInlined = false;

      build.onLoad({ filter: EXPORTER_SOURCE }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        if (VERSION_FILE.test(args.path)) {
          if (!source.includes("new URL('../package.json', import.meta.url)")) {
            return { errors: [{ text: `${args.path} no longer reads ../package.json; update deploy/bundle/exporter-source-rewrites.mjs` }] };
          }
          versionInlined = true;
          return { contents: `export const exporterVersion: string = ${JSON.stringify(version)};\n`, loader: 'ts' };
        }
        const { contents, specifiers } = inlineCreateRequireCalls(source);
        if (specifiers.length === 0) return undefined; // esbuild loads it as usual
        if (specifiers.includes('dbus-next/lib/connection.js')) dbusInlined = true;
        return { contents, loader: 'ts' };
      });

      build.onEnd((result) => {
        if (result.errors.length > 0) return undefined;
        const missing = [
          versionInlined ? undefined : 'exporter/src/version.ts was not bundled, so the version could not be inlined',
          dbusInlined ? undefined : "no exporter source loads dbus-next/lib/connection.js with createRequire any more: check that the systemd collector's D-Bus client is still bundled",
        ].filter(Boolean);
        return { errors: missing.map((text) => ({ text })) };
      });
    },
  };
}

/** The exporter package's version, from exporter/package.json. */
export async function readExporterVersion(exporterDir) {
  const manifest = JSON.parse(await readFile(new URL('package.json', exporterDir), 'utf8'));
  return manifest.version;
}

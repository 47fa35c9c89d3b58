// Which installed packages one workspace needs at run time, read from package-lock.json (v2/v3): its
// dependencies, theirs, and so on, each resolved the way Node resolves it (the nearest node_modules
// up the tree). What `npm ci --omit=dev --workspace X` would install, taken from the node_modules
// already here, so that the copy has the native modules built for this machine and needs no network.

/** node_modules paths Node would try, nearest first, for `name` required from `location`. */
export function resolutionCandidates(location, name) {
  const segments = location === '' ? [] : location.split('/');
  const candidates = [];
  for (let i = segments.length; i >= 0; i -= 1) {
    if (i > 0 && segments[i - 1] === 'node_modules') continue; // "…/node_modules/node_modules" is no place
    const base = segments.slice(0, i).join('/');
    candidates.push(base ? `${base}/node_modules/${name}` : `node_modules/${name}`);
  }
  return candidates;
}

/** The dependencies a package entry needs installed: regular, optional, and peers not marked optional. */
function requiredNames(entry) {
  const optionalPeers = new Set(Object.entries(entry.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional).map(([name]) => name));
  const names = new Map();
  for (const name of Object.keys(entry.dependencies ?? {})) names.set(name, false);
  for (const name of Object.keys(entry.optionalDependencies ?? {})) names.set(name, true);
  for (const name of Object.keys(entry.peerDependencies ?? {})) if (!names.has(name)) names.set(name, optionalPeers.has(name));
  return names; // name -> optional
}

/**
 * The lockfile locations ("node_modules/koa", "alert-bridge/node_modules/x") of every package the
 * workspace at `workspace` ("alert-bridge") needs, sorted. Throws naming a dependency the lockfile
 * cannot resolve, or one that is a workspace link (not supported: it would need its own build).
 */
export function productionDependencies(lockfile, workspace) {
  const packages = lockfile.packages;
  if (!packages || !packages[workspace]) throw new Error(`package-lock.json has no workspace "${workspace}" (lockfileVersion 2 or 3 needed)`);
  const found = new Set();
  const queue = [workspace];
  while (queue.length > 0) {
    const location = queue.shift();
    for (const [name, optional] of requiredNames(packages[location])) {
      const resolved = resolutionCandidates(location, name).find((candidate) => packages[candidate]);
      if (!resolved) {
        if (optional) continue;
        throw new Error(`${location || 'the root'} needs ${name}, which package-lock.json does not resolve: run npm install`);
      }
      if (packages[resolved].link) throw new Error(`${location} needs the workspace package ${name}; copying workspaces is not supported`);
      if (found.has(resolved)) continue;
      found.add(resolved);
      queue.push(resolved);
    }
  }
  return [...found].sort();
}

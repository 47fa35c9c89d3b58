// Test-side reader of the silence form's filter, to check the renderer's links against.

/** Alertmanager's matcher list `{name="value",…}` back to labels (pkg/labels/parse.go's escapes: \\ \" \n). */
export function parseMatchers(filter: string): Record<string, string> {
  const labels: Record<string, string> = {};
  const body = /^\{(.*)\}$/s.exec(filter)?.[1];
  if (body === undefined) throw new Error(`not a matcher list: ${filter}`);
  const matcher = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"(,|$)/gsy;
  let end = 0;
  for (let match = matcher.exec(body); match; match = matcher.exec(body)) {
    labels[match[1] ?? ''] = (match[2] ?? '').replace(/\\(.)/gs, (_, char: string) => (char === 'n' ? '\n' : char));
    end = matcher.lastIndex;
    if (match[3] === '') break;
  }
  if (end !== body.length) throw new Error(`matcher list not understood from ${end}: ${body}`);
  return labels;
}

/** The labels a silence link's filter names. */
export function silenceLinkLabels(link: string): Record<string, string> {
  const filter = /#\/silences\/new\?filter=(.*)$/.exec(link)?.[1];
  if (filter === undefined) throw new Error(`not a silence link: ${link}`);
  return parseMatchers(decodeURIComponent(filter));
}

/** The page at `/`, after exporter-toolkit's landing page: a name, a version and where the metrics are. */
export function renderLandingPage(version: string, telemetryPath: string): string {
  const escaped = telemetryPath.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Hostwatch Exporter</title></head>
<body>
<h1>Hostwatch Exporter</h1>
<p>Version ${version}. Host metrics with node_exporter's names, for Prometheus.</p>
<ul><li><a href="${escaped}">Metrics</a></li></ul>
</body>
</html>
`;
}

// Clients of the upstreams the bot asks on a person's behalf: Prometheus (host status) and Alertmanager
// (alerts and silences). Every failure is an UpstreamError whose message can be shown as it is.
export { AlertmanagerClient, type AlertmanagerAlert, type AlertmanagerSilence, type AlertsQuery, type Matcher, type NewSilence } from './alertmanager.js';
export { SilenceNotFoundError, UpstreamError, type UpstreamFailureReason, type UpstreamName } from './errors.js';
export {
  DEFAULT_THRESHOLD_PERCENT,
  type DiskUsage,
  type HostStatus,
  type Resource,
  type ResourceUsage,
} from './host-status.js';
export { DEFAULT_UPSTREAM_TIMEOUT_MS, type UpstreamClientOptions } from './json-http-client.js';
export { PrometheusClient, type Sample } from './prometheus.js';
export { parseUpstreamUrl, UpstreamUrlError } from './upstream-url.js';

// prom-client's index also loads its cluster aggregator (cluster, child_process, dgram), Pushgateway
// (https, tls) and Summary: 2 MB of resident memory an exporter never uses (BENCHMARKS.md). The
// package has no exports map, so the three modules the exporter needs are imported on their own.
import Registry from 'prom-client/lib/registry.js';
import Gauge from 'prom-client/lib/gauge.js';
import collectDefaultMetrics from 'prom-client/lib/defaultMetrics.js';

export { Registry, Gauge, collectDefaultMetrics };

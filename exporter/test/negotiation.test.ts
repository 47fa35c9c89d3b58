import t from 'tap';
import { acceptsGzip, negotiateFormat } from '../src/negotiation.js';

const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

t.test('remembered answers follow the header of each request', async (t) => {
  for (let round = 0; round < 3; round += 1) {
    t.equal(negotiateFormat(PROMETHEUS_ACCEPT), 'openmetrics', 'Prometheus');
    t.equal(negotiateFormat('*/*'), 'text', 'curl');
    t.equal(negotiateFormat(undefined), 'text', 'no Accept header');
    t.equal(acceptsGzip('gzip'), true);
    t.equal(acceptsGzip('gzip;q=0, identity'), false);
    t.equal(acceptsGzip(undefined), false);
  }
});

t.test('many distinct headers (more than are remembered) are still each negotiated', async (t) => {
  for (let i = 0; i < 40; i += 1) {
    t.equal(negotiateFormat(`application/openmetrics-text;version=1.0.0;q=0.${i % 9 + 1},text/plain;version=0.0.4;q=0.05`), 'openmetrics');
    t.equal(negotiateFormat(`text/plain;version=0.0.4;q=0.${i % 9 + 1}`), 'text');
  }
});

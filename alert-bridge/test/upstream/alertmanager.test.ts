import t, { type Test } from 'tap';
import { AlertmanagerClient } from '../../src/upstream/alertmanager.js';
import { SilenceNotFoundError, UpstreamError } from '../../src/upstream/errors.js';
import { serveLoopback, upstreamFailure } from '../helpers/loopback-server.js';

// Error answers only, as Alertmanager 0.25 gives them (recorded from Debian 12's prometheus-alertmanager);
// what a real Alertmanager says on success is exercised in test/bridge-upstream.test.ts.

const ID = '3f8a2c41-5e1b-4c7d-9a0e-2b6f4d8c1e97';

/** A loopback Alertmanager stand-in: every request gets `status` and `body`, as JSON unless `raw`. */
function serve(t: Test, status: number, body: unknown, raw = false): Promise<string> {
  return serveLoopback(t, (_request, response) => {
    const text = body === undefined ? '' : raw ? String(body) : JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': 'application/json' }).end(text);
  });
}

const failure = upstreamFailure;

const silence = {
  matchers: [{ name: 'instance', value: 'web1:9100', isRegex: false, isEqual: true }],
  startsAt: new Date('2030-01-01T00:00:00Z'),
  endsAt: new Date('2030-01-01T02:00:00Z'),
  createdBy: 'test',
  comment: 'test',
};

t.test('an unknown silence: 404 from newer Alertmanagers, 500 "silence not found" from 0.25', async (t) => {
  for (const [status, body] of [
    [404, undefined],
    [500, 'silence not found'],
  ] as const) {
    const client = new AlertmanagerClient({ url: await serve(t, status, body) });
    const error = await failure(client.expireSilence(ID));
    t.type(error, SilenceNotFoundError, `DELETE answered ${status}`);
    t.type(error, UpstreamError);
    t.match(error, { silenceId: ID, status, reason: 'rejected', message: `Alertmanager has no silence ${ID}` });
  }
  const get = await failure(new AlertmanagerClient({ url: await serve(t, 404, undefined) }).silence(ID));
  t.type(get, SilenceNotFoundError, 'GET answered 404');
});

t.test('other server errors stay server errors', async (t) => {
  const client = new AlertmanagerClient({ url: await serve(t, 500, 'failed to write snapshot') });
  const error = await failure(client.expireSilence(ID));
  t.notOk(error instanceof SilenceNotFoundError);
  t.equal(error.reason, 'http_status');
  t.equal(error.message, `Alertmanager answered HTTP 500 (DELETE /api/v2/silence/${ID}): failed to write snapshot`);
});

t.test("refusals carry Alertmanager's reason", async (t) => {
  const invalid = new AlertmanagerClient({ url: await serve(t, 400, 'silence invalid: at least one matcher must not match the empty string') });
  const error = await failure(invalid.createSilence(silence));
  t.match(error, {
    reason: 'rejected',
    status: 400,
    message: 'Alertmanager refused POST /api/v2/silences (HTTP 400): silence invalid: at least one matcher must not match the empty string',
  });
  const schema = new AlertmanagerClient({ url: await serve(t, 422, { code: 602, message: 'endsAt in body is required' }) });
  t.equal((await failure(schema.createSilence(silence))).message, 'Alertmanager refused POST /api/v2/silences (HTTP 422): endsAt in body is required');
  const filter = new AlertmanagerClient({ url: await serve(t, 400, 'bad matcher format: 1foo=x') });
  t.equal((await failure(filter.alerts({ filter: ['1foo=x'] }))).message, 'Alertmanager refused GET /api/v2/alerts (HTTP 400): bad matcher format: 1foo=x');
});

t.test('HTTP 500 on the alerts', async (t) => {
  const client = new AlertmanagerClient({ url: await serve(t, 500, '<html>oops</html>', true) });
  t.match(await failure(client.alerts()), { reason: 'http_status', status: 500, message: 'Alertmanager answered HTTP 500 (GET /api/v2/alerts): <html>oops</html>' });
});

t.test('invalid JSON and surprising shapes', async (t) => {
  const notJson = new AlertmanagerClient({ url: await serve(t, 200, '[{"labels"', true) });
  t.match(await failure(notJson.alerts()), { reason: 'bad_response', message: /invalid JSON/ });
  const alert = {
    labels: { alertname: 'A' },
    annotations: {},
    startsAt: '2030-01-01T00:00:00Z',
    endsAt: '2030-01-01T00:05:00Z',
    updatedAt: '2030-01-01T00:00:00Z',
    fingerprint: 'abc',
    receivers: [{ name: 'bridge' }],
    status: { state: 'muted', silencedBy: [], inhibitedBy: [] },
  };
  const wrongState = new AlertmanagerClient({ url: await serve(t, 200, [alert]) });
  t.equal((await failure(wrongState.alerts())).message, 'Alertmanager answered GET /api/v2/alerts unexpectedly: [0].status.state: "muted" is not one of active, suppressed, unprocessed');
  const badTime = new AlertmanagerClient({ url: await serve(t, 200, [{ ...alert, status: { ...alert.status, state: 'active' }, startsAt: 'yesterday' }]) });
  t.equal((await failure(badTime.alerts())).message, 'Alertmanager answered GET /api/v2/alerts unexpectedly: [0].startsAt: expected an RFC 3339 date-time');
  const noId = new AlertmanagerClient({ url: await serve(t, 200, { id: ID }) });
  t.equal((await failure(noId.createSilence(silence))).message, 'Alertmanager answered POST /api/v2/silences unexpectedly: silenceID: missing');
});

t.test('credentials in ALERTMANAGER_URL never reach a message', async (t) => {
  const url = (await serve(t, 401, 'unauthorized: user am password hunter2', true)).replace('http://', 'http://am:hunter2@');
  const error = await failure(new AlertmanagerClient({ url }).alerts());
  t.match(error.message, /^Alertmanager answered HTTP 401 \(GET \/api\/v2\/alerts\): unauthorized: user am password <redacted>$/);
  t.notMatch(String(error), /hunter2/);
  t.notMatch(new AlertmanagerClient({ url }).baseUrl, /hunter2/);
});

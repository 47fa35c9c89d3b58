import { TypeCompiler } from '@sinclair/typebox/compiler';
import t from 'tap';
import { WebhookSchema } from '../../src/alertmanager/webhook-schema.js';
import { bridgeVersion } from '../../src/version.js';
import { json, startTestBridge } from '../helpers/bridge.js';
import { parseWebhookFixture } from '../helpers/fixtures.js';

type Json = Record<string, unknown>;

/** Every `$ref` in the document, with its JSON path. */
function refs(value: unknown, path = '#'): [string, string][] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]): [string, string][] =>
    key === '$ref' && typeof item === 'string' ? [[path, item]] : refs(item, `${path}/${key}`),
  );
}

function resolve(document: Json, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Json | undefined)?.[key], document);
}

t.test('an OpenAPI 3.1 document of every endpoint, public and without a token', async (t) => {
  const bridge = await startTestBridge(t);
  const response = await bridge.request('/openapi.json', { token: null });
  t.equal(response.status, 200);
  t.match(response.headers.get('content-type'), /^application\/json/);
  const document = await json(response);
  t.match(document, { openapi: /^3\.1\.\d+$/, info: { title: String, version: bridgeVersion } });
  t.same((document.components as Json).securitySchemes, {
    bearer: { type: 'http', scheme: 'bearer', description: String((((document.components as Json).securitySchemes as Json).bearer as Json).description) },
  });

  const paths = document.paths as Record<string, Record<string, Json>>;
  const operations = Object.entries(paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
  t.same(operations.sort(), [
    'GET /api/v1/notifications',
    'GET /healthz',
    'GET /metrics',
    'GET /openapi.json',
    'GET /readyz',
    'POST /webhook',
  ]);
  for (const [path, methods] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      t.ok(Object.keys(operation.responses as object).length > 0, `${method} ${path} has responses`);
      t.type(operation.operationId, 'string');
      // The document lists the route, and the app serves it: anything but 404/405 (no body, no token needed).
      const status = (await bridge.request(path, { method: method.toUpperCase(), token: null })).status;
      t.not(status, 404, `${method} ${path} is served`);
      t.not(status, 405, `${method} ${path} is served`);
      t.equal(status === 401, operation.security !== undefined, `${method} ${path}: token required exactly when the document says so`);
    }
  }

  for (const [where, ref] of refs(document)) t.not(resolve(document, ref), undefined, `${where} → ${ref} resolves`);
  t.ok(refs(document).length > 0);
  const parameters = paths['/api/v1/notifications']?.get?.parameters as Json[];
  t.same(parameters.map((parameter) => parameter.name), ['alertname', 'instance', 'severity', 'status', 'since', 'until', 'limit', 'cursor']);
  t.match(parameters.find((parameter) => parameter.name === 'limit'), { in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } });
});

t.test('the Webhook schema in the document is the one that validates requests', async (t) => {
  const bridge = await startTestBridge(t);
  const document = await json(await bridge.request('/openapi.json'));
  const fromDocument = ((document.components as Json).schemas as Json).Webhook;
  t.same(fromDocument, JSON.parse(JSON.stringify(WebhookSchema)));
  const fixture = await parseWebhookFixture('firing-single.json');
  t.ok(TypeCompiler.Compile(WebhookSchema).Check(fixture), 'the captured body matches it');
  t.match(fromDocument, { properties: { alerts: { items: { properties: { startsAt: { format: 'date-time' }, status: { anyOf: [{ const: 'firing' }, { const: 'resolved' }] } } } } } });
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { DEFAULT_TEMPLATE, loadRenderer, TemplateError } from '../../../../src/notify/telegram/render/index.js';
import { defaultTemplate, TemplateRenderer } from '../../../../src/notify/telegram/render/renderer.js';
import { checkTemplate } from '../../../../src/notify/telegram/render/template-check.js';
import { compileMessageTemplate, PARTIAL_NAMES } from '../../../../src/notify/telegram/render/template.js';
import { groupOf, HOSTILE_VALUES, NOW } from './alerts.js';
import { parseTelegramHtml, visibleText } from './telegram-html-checker.js';

/** A complete template whose partials show a marker, with `replace` swapping partials in. */
function templateText(replace: Record<string, string> = {}): string {
  const partials: Record<string, string> = {
    firing_header: '🚨 <b>{{count}} on fire</b>{{#if part.multiple}} [{{part.index}} of {{part.count}}]{{/if}}',
    firing_alert: 'CUSTOM <u>{{alertname}}</u> @ {{instance}}: {{summary}}{{> links}}',
    links: '{{#each links}} <a href="{{url}}">{{label}}</a>{{/each}}',
    resolved_header: 'ok {{count}}',
    resolved_alert: 'CUSTOM-OK {{alertname}} after {{lasted}}',
    digest_header: 'storm {{alertCount}}',
    digest_section: '<b>{{alertname}}</b>',
    digest_alert: '{{status}} {{instance}}',
    ...replace,
  };
  const body = Object.entries(partials)
    .map(([name, text]) => `{{#*inline "${name}"}}\n${text}\n{{/inline}}`)
    .join('\n\n');
  return `{{!-- a user's template --}}\n${body}\n`;
}

async function withTemplateFile(t: Test, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'render-template-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'messages.hbs');
  await writeFile(file, text);
  return file;
}

async function loadError(t: Test, text: string): Promise<TemplateError> {
  const file = await withTemplateFile(t, text);
  try {
    await loadRenderer(file);
  } catch (error) {
    t.type(error, TemplateError);
    t.match((error as Error).message, file, 'names the file');
    return error as TemplateError;
  }
  throw new Error('the template loaded');
}

t.test('the built-in template defines every partial, documents them, and passes its own checks', async (t) => {
  for (const name of PARTIAL_NAMES) {
    t.match(DEFAULT_TEMPLATE, `{{#*inline "${name}"}}`);
    t.match(DEFAULT_TEMPLATE.slice(0, DEFAULT_TEMPLATE.indexOf('--}}')), name, `the top comment describes ${name}`);
  }
  t.doesNotThrow(() => checkTemplate(defaultTemplate()));
  t.notMatch(DEFAULT_TEMPLATE.slice(DEFAULT_TEMPLATE.indexOf('--}}')), /\{\{\{/, 'no unescaped values');
});

t.test("a user's template file renders the messages, values still escaped", async (t) => {
  const renderer = await loadRenderer(await withTemplateFile(t, templateText()));
  for (const value of HOSTILE_VALUES) {
    const group = groupOf([{ labels: { instance: value }, annotations: { summary: value } }, { status: 'resolved' }]);
    const [firing, resolved] = renderer.renderGroup(group, { now: NOW });
    const parsed = parseTelegramHtml(firing?.text ?? '');
    t.equal(parsed.text, `🚨 1 on fire\n\nCUSTOM HostDown @ ${value}: ${value} Graph Silence`);
    t.same(parsed.links.map((link) => link.text), ['Graph', 'Silence'], 'partials call each other');
    t.equal(visibleText(resolved?.text ?? ''), 'ok 1\n\nCUSTOM-OK HostDown after 22s');
  }
  const many = renderer.renderGroup(groupOf(Array.from({ length: 300 }, (_, i) => ({ labels: { instance: `h${i}` } }))), { now: NOW });
  t.ok(many.length > 1);
  t.match(visibleText(many[1]?.text ?? ''), new RegExp(`^🚨 300 on fire \\[2 of ${many.length}\\]\\n\\n`));
  const digest = renderer.renderDigest([groupOf([{}, { status: 'resolved', labels: { instance: 'b' } }])], { now: NOW });
  t.equal(visibleText(digest[0]?.text ?? ''), 'storm 2\n\nHostDown\nfiring host-1:9100\nresolved b');
});

t.test('load errors name the file and the problem', async (t) => {
  const missing = join(tmpdir(), 'no-such-dir-render', 'messages.hbs');
  await t.rejects(loadRenderer(missing), { name: 'TemplateError', message: `message template ${missing}: cannot read the template: no such file` });

  t.match((await loadError(t, templateText({ firing_alert: '{{alertname' }))).problem, /^Handlebars syntax error: Parse error on line \d+:/);
  t.match((await loadError(t, templateText({ firing_alert: '{{#if alertname}}x{{/each}}' }))).problem, /^Handlebars syntax error: if doesn't match each - 7:3/);

  const withoutAlert = templateText().replace(/\{\{#\*inline "firing_alert"\}\}[\s\S]*?\{\{\/inline\}\}/, '');
  t.match((await loadError(t, withoutAlert)).problem, 'missing partial "firing_alert" (a template defines firing_header, firing_alert,');
  const withoutDigest = withoutAlert.replace(/\{\{#\*inline "digest_[a-z]+"\}\}[\s\S]*?\{\{\/inline\}\}/g, '');
  t.match((await loadError(t, withoutDigest)).problem, 'missing partials "firing_alert", "digest_header", "digest_section", "digest_alert"');

  t.match((await loadError(t, templateText({ firing_alert: '<b>{{alertname}}' }))).problem, 'partial "firing_alert" renders invalid Telegram HTML: <b> is never closed');
  t.match((await loadError(t, templateText({ resolved_alert: '<div>{{alertname}}</div>' }))).problem, 'partial "resolved_alert" renders invalid Telegram HTML: unsupported tag <div> at offset 0 (on a sample alert)');
  t.match((await loadError(t, templateText({ firing_alert: '{{{summary}}}' }))).problem, /partial "firing_alert" renders invalid Telegram HTML: .* \(on a sample alert\)/);
  t.match((await loadError(t, templateText({ firing_header: '<b>{{count}}</i>' }))).problem, 'partial "firing_header" renders invalid Telegram HTML: </i> closes <b>');
  t.match((await loadError(t, templateText({ digest_alert: '{{#unless firing}}{{/unless}}' }))).problem, 'partial "digest_alert" renders a sample alert as nothing');
  t.match((await loadError(t, templateText({ firing_alert: '{{shout alertname}}' }))).problem, /^partial "firing_alert" failed: "shout" not defined in .* - 7:2 \(on a sample alert\)$/);
  t.match((await loadError(t, templateText({ resolved_alert: '{{alertname}} {{lastd}}' }))).problem, /^partial "resolved_alert" failed: "lastd" not defined/, 'a misspelt field');
  t.match((await loadError(t, templateText({ firing_alert: '{{> nowhere}}' }))).problem, 'partial "firing_alert" failed: The partial nowhere could not be found');
  t.match((await loadError(t, `${templateText()}\nstray text`)).problem, /^line \d+: text outside \{\{#\*inline\}\} partials is never shown/);
  t.match((await loadError(t, `${templateText()}\n{{alertname}}`)).problem, /^line \d+: only \{\{#\*inline "name"\}\} partials and comments belong at the top level/);
  t.match((await loadError(t, `${templateText()}\n{{#*inline "firing_alert"}}again{{/inline}}`)).problem, /partial "firing_alert" is defined twice/);
});

t.test('an alert the template still gets wrong is shown with the built-in partial', async (t) => {
  // {{{ }}} passes no sample here (compiled without checkTemplate) and breaks on this alert's summary.
  const unchecked = compileMessageTemplate(templateText({ firing_alert: 'RAW {{{summary}}}' }), 'unchecked.hbs');
  const renderer = new TemplateRenderer(unchecked, defaultTemplate());
  const group = groupOf([{ annotations: { summary: 'fine' } }, { labels: { instance: 'b' }, annotations: { summary: '<oops & >' } }]);
  const [message] = renderer.renderGroup(group, { now: NOW });
  const text = visibleText(message?.text ?? '');
  t.ok(text.includes('RAW fine'), 'the template where it works');
  t.ok(text.includes('🔴 HostDown on b\n<oops & >'), 'the built-in rendering where it does not');
  t.throws(() => new TemplateRenderer(unchecked).renderGroup(group, { now: NOW }), TemplateError, 'without a fallback the error shows');
});

/**
 * The built-in message template. A string module, since the build copies no other files; copy its text
 * to a file to start a template of your own (TELEGRAM_TEMPLATE_FILE, or telegram_template_file in the --config file).
 */
export const DEFAULT_TEMPLATE = String.raw`{{!--
  Hostwatch alert-bridge message template: Handlebars 4.7, Telegram's HTML parse mode.

  STRUCTURE. The file is a set of inline partials; nothing outside them is shown. The bridge renders
  each partial on its own, with an object of ready-made fields (below), trims the result and lays the
  pieces out in messages of at most 4096 characters:

    firing message    firing_header, blank line, firing_alert blocks separated by a blank line
    resolved message  resolved_header, blank line, resolved_alert blocks separated by a blank line
    digest            digest_header, blank line, then for each alertname its digest_section line and
                      one digest_alert line per alert (sent instead of many messages in an alert storm)

  A group too big for one message continues in the next, cut between two alerts; every message opens
  with its header, whose part.index and part.count say where it stands ("2/4"). An alert block longer
  than a message is cut inside its text, its open tags closed and opened again. All seven partials
  must be defined; more may be, for the others to call with {{> name}}.

  ESCAPING. Write every value with {{ }}: Handlebars escapes & < > " ' for Telegram HTML, so a value
  shows exactly as it is. Never {{{ }}}: a "<" in a label would break the message. Tags Telegram knows:
  b strong i em u ins s strike del code pre a blockquote (expandable) tg-spoiler
  span class="tg-spoiler" tg-emoji. The bridge renders each partial on sample alerts when it loads the
  file and refuses it if one fails (a field that does not exist is an error: Handlebars' strict mode)
  or comes out as HTML Telegram would refuse; should an alert still come out broken, that alert is
  shown with the built-in partial.

  FIELDS. Text is plain and may be empty (test with {{#if}}); URLs are absolute http(s) or absent.
    firing_header, resolved_header
      status, count, countText ("3 alerts"), severityEmoji (the worst), alertnames ("A, B, C +2 more"),
      groupLabels [{name, value}], receiver, part {index, count, multiple (true when count > 1)}
    firing_alert
      alertname, instance, severity, severityEmoji, summary, description, value (the annotation),
      startsAt ("2026-11-22 12:28 UTC"), firingFor ("2h 3m"), labels [{name, value}] (but alertname,
      instance, severity), annotations [{name, value}] (but summary, description, value, runbook_url),
      runbookUrl, runbookText (a runbook_url that is no http(s) URL, never linked), graphUrl,
      silenceUrl, links [{label, url}] (Runbook, Graph, Silence: those there are), fingerprint, id
    resolved_alert
      alertname, instance, severity, severityEmoji, summary, startsAt, endsAt, lasted ("22s"),
      fingerprint, id
    digest_header
      firingCount, resolvedCount, alertCount, groupCount, groupsText ("48 groups"), part
    digest_section
      alertname, count, firingCount, resolvedCount, countText ("12 firing, 3 resolved"), severityEmoji
    digest_alert
      firing (true or false), status, statusEmoji (severity while firing, ✅ once resolved),
      severityEmoji, alertname, instance, summary (one line, at most 80 characters), id
--}}
{{#*inline "firing_header"}}
{{severityEmoji}} <b>FIRING</b> · {{countText}}{{#if alertnames}} · <b>{{alertnames}}</b>{{/if}}{{#if part.multiple}} ({{part.index}}/{{part.count}}){{/if}}
{{/inline}}

{{#*inline "firing_alert"}}
{{severityEmoji}} <b>{{alertname}}</b>{{#if instance}} on <code>{{instance}}</code>{{/if}}
{{#if summary}}
{{summary}}
{{/if}}
{{#if description}}
<blockquote expandable>{{description}}</blockquote>
{{/if}}
{{#if value}}
Value: <code>{{value}}</code>
{{/if}}
{{#each annotations}}
{{name}}: {{value}}
{{/each}}
{{#if labels}}
<i>{{#each labels}}{{name}}={{value}}{{#unless @last}} · {{/unless}}{{/each}}</i>
{{/if}}
Firing for <b>{{firingFor}}</b>, since {{startsAt}}
{{#if runbookText}}
Runbook: {{runbookText}}
{{/if}}
{{#each links}}<a href="{{url}}">{{label}}</a>{{#unless @last}} · {{/unless}}{{/each}}
{{/inline}}

{{#*inline "resolved_header"}}
✅ <b>RESOLVED</b> · {{countText}}{{#if alertnames}} · <b>{{alertnames}}</b>{{/if}}{{#if part.multiple}} ({{part.index}}/{{part.count}}){{/if}}
{{/inline}}

{{#*inline "resolved_alert"}}
✅ <b>{{alertname}}</b>{{#if instance}} on <code>{{instance}}</code>{{/if}}
{{#if summary}}
{{summary}}
{{/if}}
{{#if lasted}}
Lasted {{lasted}}
{{/if}}
{{/inline}}

{{#*inline "digest_header"}}
⚠️ <b>Alert storm</b>: {{firingCount}} firing, {{resolvedCount}} resolved in {{groupsText}}{{#if part.multiple}} ({{part.index}}/{{part.count}}){{/if}}
{{/inline}}

{{#*inline "digest_section"}}
{{severityEmoji}} <b>{{alertname}}</b> · {{countText}}
{{/inline}}

{{#*inline "digest_alert"}}
{{statusEmoji}} {{status}} · {{alertname}}{{#if instance}} · {{instance}}{{/if}}{{#if summary}} · {{summary}}{{/if}}
{{/inline}}
`;

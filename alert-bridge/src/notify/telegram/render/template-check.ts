import { firingAlertView, resolvedAlertView } from './alert-view.js';
import { digestAlertView, digestHeaderView, digestSections } from './digest-view.js';
import { groupHeaderView } from './header-view.js';
import type { MessageTemplate, PartialName } from './template.js';
import { TemplateError } from './template-error.js';
import { SAMPLE_GROUP, SAMPLE_NOW, SAMPLE_RECORDS } from './template-samples.js';

/** Every partial's view on the sample alerts, so that a template's mistakes show when it loads rather than in an alert storm. */
function sampleViews(): [PartialName, object][] {
  const firing = SAMPLE_RECORDS.filter((record) => record.status === 'firing');
  const resolved = SAMPLE_RECORDS.filter((record) => record.status === 'resolved');
  const parts = [
    { index: 1, count: 1 },
    { index: 2, count: 3 },
  ];
  return [
    ...parts.map((part): [PartialName, object] => ['firing_header', groupHeaderView(SAMPLE_GROUP, 'firing', firing, part)]),
    ...firing.map((record): [PartialName, object] => ['firing_alert', firingAlertView(record, SAMPLE_NOW)]),
    ...parts.map((part): [PartialName, object] => ['resolved_header', groupHeaderView(SAMPLE_GROUP, 'resolved', resolved, part)]),
    ...resolved.map((record): [PartialName, object] => ['resolved_alert', resolvedAlertView(record)]),
    ...parts.map((part): [PartialName, object] => ['digest_header', digestHeaderView([SAMPLE_GROUP], part)]),
    ...digestSections(SAMPLE_RECORDS).map((section): [PartialName, object] => ['digest_section', section.view]),
    ...SAMPLE_RECORDS.map((record): [PartialName, object] => ['digest_alert', digestAlertView(record)]),
  ];
}

const BLOCKS: ReadonlySet<PartialName> = new Set(['firing_alert', 'resolved_alert', 'digest_alert']);

/** Renders every partial on the sample alerts; a TemplateError names the first partial that fails, shows invalid HTML, or shows an alert as nothing. */
export function checkTemplate(template: MessageTemplate): void {
  for (const [name, view] of sampleViews()) {
    let html: string;
    try {
      html = template.render(name, view);
    } catch (error) {
      if (error instanceof TemplateError) throw new TemplateError(error.file, `${error.problem} (on a sample alert)`);
      throw error;
    }
    if (BLOCKS.has(name) && html === '') throw new TemplateError(template.origin, `partial "${name}" renders a sample alert as nothing`);
  }
}

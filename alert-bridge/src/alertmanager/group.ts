import type { NotificationRecord } from '../history/record.js';
import type { AlertGroupNotification } from '../notify/notifier.js';
import type { WebhookBody } from './webhook-schema.js';

/**
 * What one webhook means to the notifier: Alertmanager sends one body per alert group, so a body is
 * one group. `newRecordIds` name the body's records that the history did not have yet.
 */
export function groupNotification(body: WebhookBody, records: readonly NotificationRecord[], newRecordIds: readonly string[]): AlertGroupNotification {
  return {
    groupKey: body.groupKey,
    receiver: body.receiver,
    status: body.status,
    groupLabels: { ...body.groupLabels },
    commonLabels: { ...body.commonLabels },
    commonAnnotations: { ...body.commonAnnotations },
    externalURL: body.externalURL,
    records,
    newRecordIds,
  };
}

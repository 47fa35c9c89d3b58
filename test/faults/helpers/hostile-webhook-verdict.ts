import { both, dateVerdict, type Verdict } from './hostile-dates.js';

// Whether a body is an Alertmanager version 4 webhook, written from Alertmanager's notify/webhook
// Message and template.Data, not from the bridge's schema: the fuzz test compares the two.

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isStatus = (value: unknown): boolean => value === 'firing' || value === 'resolved';
const isStringMap = (value: unknown): boolean => isObject(value) && Object.values(value).every((item) => typeof item === 'string');

function alertVerdict(alert: unknown): Verdict {
  if (!isObject(alert)) return 'invalid';
  const shape =
    isStatus(alert.status) &&
    isStringMap(alert.labels) &&
    isStringMap(alert.annotations) &&
    typeof alert.generatorURL === 'string' &&
    typeof alert.fingerprint === 'string';
  return both(shape ? 'valid' : 'invalid', dateVerdict(alert.startsAt), dateVerdict(alert.endsAt));
}

/** The verdict on a parsed JSON value. */
export function webhookVerdict(body: unknown): Verdict {
  if (!isObject(body)) return 'invalid';
  const truncated = body.truncatedAlerts;
  const shape =
    body.version === '4' &&
    typeof body.groupKey === 'string' &&
    isStatus(body.status) &&
    typeof body.receiver === 'string' &&
    isStringMap(body.groupLabels) &&
    isStringMap(body.commonLabels) &&
    isStringMap(body.commonAnnotations) &&
    typeof body.externalURL === 'string' &&
    (truncated === undefined || (Number.isInteger(truncated) && (truncated as number) >= 0)) &&
    Array.isArray(body.alerts);
  if (!shape) return 'invalid';
  return both('valid', ...(body.alerts as unknown[]).map(alertVerdict));
}

/** Whether JSON text has a `__proto__` key; undefined when too deep to walk (the reviver recurses). */
function hasProtoKey(text: string): boolean | undefined {
  if (!text.includes('_') && !/\\u005f/i.test(text)) return false;
  let found = false;
  try {
    JSON.parse(text, (key, value: unknown) => {
      if (key === '__proto__') found = true;
      return value;
    });
  } catch {
    return undefined;
  }
  return found;
}

/**
 * The verdict on the bytes of a body read as UTF-8: broken JSON, and a `__proto__` key anywhere
 * (refused as prototype poisoning), are invalid. A byte-order mark is unknown: decoders differ on it.
 */
export function bodyVerdict(bytes: Buffer): { verdict: Verdict; json?: unknown } {
  const text = bytes.toString('utf8');
  if (text.startsWith('\ufeff')) return { verdict: 'unknown' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { verdict: 'invalid' };
  }
  const poisoned = hasProtoKey(text);
  if (poisoned === undefined) return { verdict: 'unknown', json };
  return poisoned ? { verdict: 'invalid', json } : { verdict: webhookVerdict(json), json };
}

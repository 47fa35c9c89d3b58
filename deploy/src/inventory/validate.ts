import { DEFAULT_EXPORTER_PORT, formatHostPort, parseHostPort } from './address.js';
import { EMAIL_ADDRESS, LABEL_NAME, RESERVED_LABELS, TELEGRAM_CHAT } from './formats.js';
import { hostWhere, type InventoryProblem } from './inventory-error.js';
import { DEFAULT_THRESHOLDS, type Host, type Inventory, type Smtp } from './inventory.js';
import type { HostDocument, InventoryDocument } from './schema.js';

/** Checks what the schema cannot (see schema.ts) and normalises; every problem, not only the first. */
export function validateInventory(document: InventoryDocument): { inventory: Inventory } | { problems: InventoryProblem[] } {
  const problems: InventoryProblem[] = [];
  const seen = new Map<string, number>();
  const hosts = document.hosts.map((host, index) => {
    const checked = validateHost(host, hostWhere(index, host.address), problems);
    const key = checked.address.toLowerCase();
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({ where: `${hostWhere(index, host.address)}.address`, reason: `duplicate of hosts[${first}]` });
    } else seen.set(key, index);
    return checked;
  });
  const smtp = document.smtp && validateSmtp(document.smtp, problems);
  const mailed = hosts.findIndex((host) => host.email.length > 0);
  if (mailed >= 0 && !document.smtp) {
    problems.push({
      where: 'smtp',
      reason: `missing: ${hostWhere(mailed, hosts[mailed]?.address)} has email, and Alertmanager needs smtp.smarthost and smtp.from to send it`,
    });
  }
  if (problems.length > 0) return { problems };
  const defaults = { ...DEFAULT_THRESHOLDS, ...document.defaults?.thresholds };
  return { inventory: { defaults, hosts, ...(smtp ? { smtp } : {}) } };
}

function validateHost(host: HostDocument, where: string, problems: InventoryProblem[]): Host {
  const parsed = parseHostPort(host.address.trim(), DEFAULT_EXPORTER_PORT);
  if ('reason' in parsed) problems.push({ where: `${where}.address`, reason: parsed.reason });
  const address = 'reason' in parsed ? host.address : formatHostPort(parsed);

  for (const [name, value] of Object.entries(host.labels ?? {})) {
    const key = `${where}.labels${/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`}`;
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      problems.push({ where: key, reason: 'not a label name: letters, digits and _, not starting with a digit or __' });
    } else if (RESERVED_LABELS[name] !== undefined) {
      problems.push({ where: key, reason: `reserved (${RESERVED_LABELS[name]})` });
    } else if (value === '') {
      problems.push({ where: key, reason: 'empty; Prometheus treats an empty label as absent, so leave it out' });
    }
  }

  const telegramChat = host.telegram_chat === undefined ? undefined : String(host.telegram_chat).trim();
  if (typeof host.telegram_chat === 'number' && !Number.isSafeInteger(host.telegram_chat)) {
    // YAML read it as a number and rounded it; only the quoted form keeps every digit.
    problems.push({ where: `${where}.telegram_chat`, reason: 'too long for a YAML number; quote it ("-100…")' });
  } else if (telegramChat !== undefined && !TELEGRAM_CHAT.test(telegramChat)) {
    problems.push({
      where: `${where}.telegram_chat`,
      reason: `${JSON.stringify(telegramChat)} is not a numeric chat id (-1001234567890) or chatid:threadid (-1001234567890:42)`,
    });
  }

  const listed = typeof host.email === 'string' ? [host.email] : (host.email ?? []);
  listed.forEach((address, index) => {
    if (!EMAIL_ADDRESS.test(address)) {
      const key = typeof host.email === 'string' ? `${where}.email` : `${where}.email[${index}]`;
      problems.push({ where: key, reason: `${JSON.stringify(address)} is not an e-mail address (alice@example.net)` });
    }
  });

  return {
    address,
    labels: { ...host.labels },
    thresholds: { ...host.thresholds },
    ...(telegramChat === undefined ? {} : { telegramChat }),
    email: [...new Set(listed)],
  };
}

function validateSmtp(smtp: NonNullable<InventoryDocument['smtp']>, problems: InventoryProblem[]): Smtp {
  const smarthost = parseHostPort(smtp.smarthost);
  if ('reason' in smarthost) problems.push({ where: 'smtp.smarthost', reason: `${smarthost.reason} (e.g. mail.example.net:587)` });
  if (!EMAIL_ADDRESS.test(smtp.from)) {
    problems.push({ where: 'smtp.from', reason: `${JSON.stringify(smtp.from)} is not an e-mail address (hostwatch@example.net)` });
  }
  return {
    smarthost: smtp.smarthost,
    from: smtp.from,
    ...(smtp.hello === undefined ? {} : { hello: smtp.hello }),
    ...(smtp.auth_username === undefined ? {} : { authUsername: smtp.auth_username }),
    ...(smtp.auth_password_file === undefined ? {} : { authPasswordFile: smtp.auth_password_file }),
    ...(smtp.require_tls === undefined ? {} : { requireTls: smtp.require_tls }),
  };
}

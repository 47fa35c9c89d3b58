import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { firstViolation, type Violation } from '../schema/violation.js';

// The shape of the inventory file. Every map is closed, so that a misspelt key (`tresholds`) stops
// the generator instead of silently leaving a host at the default. What a shape cannot say (address
// syntax, duplicates, chat ids, e-mail syntax, label names) is checked in validate.ts.

const Percent = Type.Number({ minimum: 1, maximum: 100 });

export const ThresholdsSchema = Type.Object(
  { cpu: Type.Optional(Percent), memory: Type.Optional(Percent), filesystem: Type.Optional(Percent) },
  { additionalProperties: false },
);

export const HostSchema = Type.Object(
  {
    address: Type.String({ minLength: 1 }),
    labels: Type.Optional(Type.Record(Type.String(), Type.String())),
    thresholds: Type.Optional(ThresholdsSchema),
    // YAML reads `-1001234567890` as a number and `"-100123:42"` as a string; both are fine.
    telegram_chat: Type.Optional(
      Type.Union([Type.String(), Type.Integer()], { errorMessage: 'expected a chat id (-1001234567890) or chatid:threadid' }),
    ),
    email: Type.Optional(
      Type.Union([Type.String(), Type.Array(Type.String(), { minItems: 1 })], {
        errorMessage: 'expected an e-mail address or a list of them',
      }),
    ),
  },
  { additionalProperties: false },
);

export const SmtpSchema = Type.Object(
  {
    smarthost: Type.String({ minLength: 1 }),
    from: Type.String({ minLength: 1 }),
    hello: Type.Optional(Type.String({ minLength: 1 })),
    auth_username: Type.Optional(Type.String({ minLength: 1 })),
    // Only the file form: the inventory is meant to be committed, a password is not.
    auth_password_file: Type.Optional(Type.String({ minLength: 1 })),
    require_tls: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const InventoryDocumentSchema = Type.Object(
  {
    defaults: Type.Optional(Type.Object({ thresholds: Type.Optional(ThresholdsSchema) }, { additionalProperties: false })),
    smtp: Type.Optional(SmtpSchema),
    hosts: Type.Array(HostSchema),
  },
  { additionalProperties: false },
);

export type InventoryDocument = Static<typeof InventoryDocumentSchema>;
export type HostDocument = Static<typeof HostSchema>;

const check = TypeCompiler.Compile(InventoryDocumentSchema);

/** The document, typed, or its first violation. */
export function checkInventoryDocument(document: unknown): { document: InventoryDocument } | { violation: Violation } {
  const violation = firstViolation(check, document);
  return violation === undefined ? { document: document as InventoryDocument } : { violation };
}

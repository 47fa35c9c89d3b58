import { Type, type Static } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { DateTime } from '../schema/formats.js';

// The parts of Alertmanager's API v2 answers (api/v2/openapi.yaml) that the bridge reads. Objects stay
// open so that a newer Alertmanager's extra keys do not break the bridge.

const LabelSet = Type.Record(Type.String(), Type.String());

export const MatcherSchema = Type.Object({
  name: Type.String(),
  value: Type.String(),
  isRegex: Type.Boolean(),
  /** Absent from Alertmanager before 0.22, where every matcher was an equality. */
  isEqual: Type.Optional(Type.Boolean()),
});

export const GettableAlertSchema = Type.Object({
  labels: LabelSet,
  annotations: LabelSet,
  startsAt: DateTime(),
  endsAt: DateTime(),
  updatedAt: DateTime(),
  fingerprint: Type.String(),
  receivers: Type.Array(Type.Object({ name: Type.String() })),
  status: Type.Object({
    state: Type.Union([Type.Literal('active'), Type.Literal('suppressed'), Type.Literal('unprocessed')]),
    silencedBy: Type.Array(Type.String()),
    inhibitedBy: Type.Array(Type.String()),
  }),
  generatorURL: Type.Optional(Type.String()),
});

export const GettableSilenceSchema = Type.Object({
  id: Type.String(),
  status: Type.Object({
    state: Type.Union([Type.Literal('expired'), Type.Literal('active'), Type.Literal('pending')]),
  }),
  updatedAt: DateTime(),
  matchers: Type.Array(MatcherSchema),
  startsAt: DateTime(),
  endsAt: DateTime(),
  createdBy: Type.String(),
  comment: Type.String(),
});

export type AlertmanagerAlert = Static<typeof GettableAlertSchema>;
export type AlertmanagerSilence = Static<typeof GettableSilenceSchema>;

export const AlertsAnswer = TypeCompiler.Compile(Type.Array(GettableAlertSchema));
export const SilenceAnswer = TypeCompiler.Compile(GettableSilenceSchema);
export const CreatedSilenceAnswer = TypeCompiler.Compile(Type.Object({ silenceID: Type.String({ minLength: 1 }) }));

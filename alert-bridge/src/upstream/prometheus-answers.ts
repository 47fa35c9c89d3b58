import { Type } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';

// The parts of Prometheus's HTTP API answers (web/api/v1/api.go) that the bridge reads. Objects stay
// open: a newer Prometheus may add keys (`warnings`, `infos`) without breaking the bridge.

/** `{"status":"error","errorType":"bad_data","error":"1:5: parse error: …"}`, with HTTP 400, 422 or 503. */
export const PrometheusErrorAnswer = TypeCompiler.Compile(
  Type.Object({ status: Type.Literal('error'), errorType: Type.String(), error: Type.String() }),
);

/** Any successful answer; `resultType` says which shape `result` has. */
export const PrometheusQueryEnvelope = TypeCompiler.Compile(
  Type.Object({ status: Type.Literal('success'), data: Type.Object({ resultType: Type.String() }) }),
);

/** An instant vector: a sample is `[unix seconds, "value as text"]`, the text being e.g. "0.25", "NaN" or "+Inf". */
export const PrometheusVectorAnswer = TypeCompiler.Compile(
  Type.Object({
    status: Type.Literal('success'),
    data: Type.Object({
      resultType: Type.Literal('vector'),
      result: Type.Array(
        Type.Object({
          metric: Type.Record(Type.String(), Type.String()),
          value: Type.Tuple([Type.Number(), Type.String()]),
        }),
      ),
    }),
  }),
);

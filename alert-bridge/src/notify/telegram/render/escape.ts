import Handlebars from 'handlebars';

/**
 * The one escaping of values into Telegram HTML: Handlebars' own `{{ }}` escaping, so that a value
 * escaped here and a value a template writes with `{{ }}` read the same. It turns & < > " ' ` = into
 * &amp; &lt; &gt; &quot; &#x27; &#x60; &#x3D;: the named entities Telegram knows and numeric ones,
 * which Telegram accepts in text and in attribute values alike.
 */
export function escapeHtml(value: string): string {
  return Handlebars.Utils.escapeExpression(value);
}

/** At most `max` characters as a reader counts them (graphemes), the last one an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const characters = Array.from(new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(text), ({ segment }) => segment);
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

/** One line of a summary or description: whitespace runs, newlines included, become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

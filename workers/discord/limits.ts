/** Discord's embed limits, counted in Unicode code points as Discord counts them. */
export const discordLimits = {
  embedsPerMessage: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  totalCharacters: 6000,
} as const;

export const truncationMark = '…';
/** Stands in for a blank name or value, which Discord rejects. */
export const blankPlaceholder = '—';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

export function codePointLength(text: string): number {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

/**
 * Cuts text to at most `max` code points, marking the cut with '…'. It cuts between grapheme
 * clusters, so an emoji sequence or a letter with its combining marks is kept whole or dropped
 * whole, never split.
 */
export function truncate(text: string, max: number): string {
  if (codePointLength(text) <= max) return text;
  const budget = max - codePointLength(truncationMark);
  let kept = '';
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const size = codePointLength(segment);
    if (used + size > budget) break;
    kept += segment;
    used += size;
  }
  return kept + truncationMark;
}

/** Non-blank text within `max` code points: what every embed string must be. */
export function fit(text: string, max: number): string {
  return text.trim() === '' ? blankPlaceholder : truncate(text, max);
}

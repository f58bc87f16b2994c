import { z } from 'zod';

const nulCharacter = /\u0000/;
// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A trimmed string Postgres can store: text and jsonb refuse NUL, and a lone surrogate cannot be
 * encoded as UTF-8. Rejecting both here turns them into a 422 naming the field instead of a
 * driver error (or, for surrogates, a silent U+FFFD substitution).
 */
export function storableText(options: { min?: number; max: number }) {
  return z
    .string()
    .trim()
    .min(options.min ?? 1)
    .max(options.max)
    .refine((value) => !nulCharacter.test(value), 'must not contain NUL (\\u0000) characters')
    .refine((value) => !loneSurrogate.test(value), 'must not contain unpaired UTF-16 surrogates');
}

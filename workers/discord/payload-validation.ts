import { codePointLength, discordLimits } from './limits';

type Errors = Record<string, string>;

function checkText(
  errors: Errors,
  path: string,
  value: unknown,
  max: number,
  required: boolean,
): number {
  if (value === undefined || value === null) {
    if (required) errors[path] = 'This field is required';
    return 0;
  }
  if (typeof value !== 'string') {
    errors[path] = 'Must be a string';
    return 0;
  }
  const length = codePointLength(value);
  if (required && value.trim() === '') errors[path] = 'This field is required';
  else if (length > max) errors[path] = `Must be ${max} or fewer in length.`;
  return length;
}

/**
 * Checks an execute-webhook body the way Discord does, returning Discord's error paths (e.g.
 * `embeds.0.fields.3.value`) or nothing when it is valid. The mock Discord answers 400 with these.
 */
export function validateWebhookPayload(body: unknown): Errors | undefined {
  const errors: Errors = {};
  if (typeof body !== 'object' || body === null) return { _: 'Cannot send an empty message' };
  const { content, embeds } = body as { content?: unknown; embeds?: unknown };
  const hasContent = typeof content === 'string' && content.trim() !== '';
  if (!hasContent && (!Array.isArray(embeds) || embeds.length === 0)) {
    return { _: 'Cannot send an empty message' };
  }
  if (content !== undefined) checkText(errors, 'content', content, 2000, false);
  if (!Array.isArray(embeds)) return Object.keys(errors).length ? errors : undefined;
  if (embeds.length > discordLimits.embedsPerMessage)
    errors.embeds = 'Must be 10 or fewer in length.';

  let total = 0;
  embeds.forEach((embed: Record<string, unknown>, i) => {
    const at = `embeds.${i}`;
    total += checkText(errors, `${at}.title`, embed.title, discordLimits.title, false);
    total += checkText(
      errors,
      `${at}.description`,
      embed.description,
      discordLimits.description,
      false,
    );
    const footer = embed.footer as { text?: unknown } | undefined;
    if (footer)
      total += checkText(errors, `${at}.footer.text`, footer.text, discordLimits.footerText, true);
    const author = embed.author as { name?: unknown } | undefined;
    if (author)
      total += checkText(errors, `${at}.author.name`, author.name, discordLimits.authorName, true);
    const fields = embed.fields;
    if (fields === undefined) return;
    if (!Array.isArray(fields)) {
      errors[`${at}.fields`] = 'Must be an array';
      return;
    }
    if (fields.length > discordLimits.fields)
      errors[`${at}.fields`] = 'Must be 25 or fewer in length.';
    fields.forEach((field: Record<string, unknown>, j) => {
      total += checkText(
        errors,
        `${at}.fields.${j}.name`,
        field.name,
        discordLimits.fieldName,
        true,
      );
      total += checkText(
        errors,
        `${at}.fields.${j}.value`,
        field.value,
        discordLimits.fieldValue,
        true,
      );
    });
  });
  if (total > discordLimits.totalCharacters)
    errors.embeds = 'Embed size exceeds maximum size of 6000';
  return Object.keys(errors).length ? errors : undefined;
}

const urgencyWords = /\b(urgent|urgently|asap|immediately|today|tomorrow|deadline|quickly|soon)\b/i;
const volumeWords = /\b(offices?|employees|staff|machines|locations|sites|campus|bulk|fleet)\b/i;
const freeMailDomains = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'icloud.com',
  'aol.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  'proton.me',
  'protonmail.com',
]);

export type LeadInput = { companyName: string | null; email: string; message: string };

/**
 * A 0-100 score of how promising a contact is for sales. Each signal adds a fixed amount, so a
 * score can be explained from its parts: a named company, a business mail domain, urgency,
 * volume, and how much detail the message gives.
 */
export function leadScore(lead: LeadInput): number {
  const domain = lead.email.split('@')[1]?.toLowerCase() ?? '';
  const length = lead.message.trim().length;
  let score = 10;
  if (lead.companyName?.trim()) score += 25;
  if (domain && !freeMailDomains.has(domain)) score += 15;
  if (urgencyWords.test(lead.message)) score += 20;
  if (volumeWords.test(lead.message)) score += 10;
  if (length >= 200) score += 20;
  else if (length >= 80) score += 10;
  return Math.min(100, score);
}

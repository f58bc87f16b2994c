/** `jane.doe@example.com` -> `j***@example.com`: enough to tell leads apart, not to mail them. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const first = [...email.slice(0, at)][0] ?? '';
  return `${first}***${email.slice(at)}`;
}

/** `+41 79 123 45 67` -> `•••67`: only the last two digits. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `•••${digits.slice(-2)}`;
}

/** `Ada Lovelace` -> `Ada L.`: a first name and initials, never the full name. */
export function maskPerson(name: string): string {
  const [first = '', ...rest] = name.trim().split(/\s+/);
  const initials = rest.map((part) => `${[...part][0] ?? ''}.`).join(' ');
  return [first, initials].filter(Boolean).join(' ');
}

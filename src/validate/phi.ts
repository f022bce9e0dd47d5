/**
 * PHI-shaped values, as pure functions on text: SSN-shaped numbers, card
 * numbers (network prefix, length and Luhn, as scanners match them), phone
 * numbers outside the allowed masks, e-mail domains outside the allowed
 * list, and column names that say they hold sensitive fields.
 */
import type { ViolationKind } from './report.ts';

export interface PhiPolicy {
  emailDomains: string[];
  phoneMasks: string[];
}

export interface PhiFinding {
  kind: Extract<ViolationKind, 'ssn' | 'card_number' | 'phone' | 'email_domain'>;
  /** Masked: the finding is named without printing what may be real PHI. */
  value: string;
  message: string;
}

// Not inside a longer run of digits or letters: 2024-01-15 or a uuid is not an SSN.
const SSN = /(?<![\p{L}\p{N}-])\d{3}-\d{2}-\d{4}(?![\p{L}\p{N}]|-\d)/gu;
const SSN_SPACED = /(?<![\p{L}\p{N}])\d{3} \d{2} \d{4}(?![\p{L}\p{N}])/gu;
// 13-19 digits, optionally in groups split by single spaces or dashes.
const CARD = /(?<![\p{L}\p{N}])\d(?:[ -]?\d){12,18}(?![\p{L}\p{N}])/gu;
// North American numbers: optional +1, area code (parentheses allowed), exchange, line.
const PHONE = /(?<![\p{L}\p{N}+])(?:\+?1[ .-]?)?(?:\(\d{3}\)\s?|\d{3}[ .-])\d{3}[ .-]\d{4}(?![\p{L}\p{N}])/gu;
// E.164 elsewhere: + and 8-15 digits.
const E164 = /(?<![\p{L}\p{N}])\+\d{8,15}(?![\p{L}\p{N}])/gu;
const EMAIL = /[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;

/** Column names that hold sensitive identifiers (seed document 003's BaseFactory list and kin). */
const SENSITIVE_COLUMN =
  /(^|_)(ssn|social_security(_number|_no)?|socialsecurity|real_email|tax_id|taxpayer_id|credit_card(_number)?|card_number|cc_number|cvv|cvc|passport(_number|_no)?|drivers_license(_number)?|driver_license)(_|$)/;

export function isSensitiveColumn(name: string): boolean {
  return SENSITIVE_COLUMN.test(name.toLowerCase());
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = digits.length - 1, alt = false; i >= 0; i--, alt = !alt) {
    let d = digits.charCodeAt(i) - 48;
    if (alt) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Card networks by prefix and length: what makes a Luhn-valid number card-shaped rather than an id. */
function cardNetwork(d: string): string | undefined {
  const n = d.length;
  if (d[0] === '4' && (n === 13 || n === 16 || n === 19)) return 'Visa';
  const p2 = Number(d.slice(0, 2));
  const p4 = Number(d.slice(0, 4));
  if (n === 16 && ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))) return 'Mastercard';
  if (n === 15 && (p2 === 34 || p2 === 37)) return 'American Express';
  if (n >= 16 && n <= 19 && (p4 === 6011 || p2 === 65)) return 'Discover';
  if (n >= 16 && n <= 19 && p4 >= 3528 && p4 <= 3589) return 'JCB';
  if (n === 14 && (p2 === 36 || p2 === 38)) return 'Diners Club';
  return undefined;
}

const digitsOf = (s: string) => s.replace(/\D/g, '');
const maskDigits = (s: string) => s.replace(/\d(?=(?:\D*\d){4})/g, '#');

export function domainAllowed(domain: string, allowed: readonly string[]): boolean {
  const d = domain.toLowerCase().replace(/\.$/, '');
  return allowed.some((a) => d === a.toLowerCase() || d.endsWith('.' + a.toLowerCase()));
}

export function phoneAllowed(national: string, masks: readonly string[]): boolean {
  return masks.some((m) => m.length === national.length && [...m].every((c, i) => c === 'x' || c === national[i]));
}

/**
 * A value as messages may print it: e-mail local parts and the digits of
 * anything SSN-, card- or phone-shaped (but the last four) hidden, whether
 * or not the policy allows it. Messages quote values; reports must not leak.
 */
export function maskText(text: string): string {
  if (!/\d{3}|@/.test(text)) return text;
  return text
    .replace(EMAIL, (_m, domain: string) => `…@${domain}`)
    .replace(SSN, maskDigits)
    .replace(SSN_SPACED, maskDigits)
    .replace(CARD, maskDigits)
    .replace(PHONE, maskDigits)
    .replace(E164, maskDigits);
}

/** Every PHI-shaped thing in one text value. */
export function scanText(text: string, policy: PhiPolicy): PhiFinding[] {
  const out: PhiFinding[] = [];
  // Cheap gate: nearly every value has neither three digits in a row nor an @.
  const hasDigits = /\d{3}/.test(text);
  if (hasDigits) {
    for (const m of text.matchAll(SSN)) out.push({ kind: 'ssn', value: maskDigits(m[0]), message: 'an SSN-shaped value (ddd-dd-dddd)' });
    for (const m of text.matchAll(SSN_SPACED)) out.push({ kind: 'ssn', value: maskDigits(m[0]), message: 'an SSN-shaped value (ddd dd dddd)' });
    for (const m of text.matchAll(CARD)) {
      const d = digitsOf(m[0]);
      const network = cardNetwork(d);
      if (network && luhn(d))
        out.push({ kind: 'card_number', value: maskDigits(m[0]), message: `a card-number-shaped value (${network} prefix and length, Luhn-valid)` });
    }
    for (const m of text.matchAll(PHONE)) {
      const national = digitsOf(m[0]).replace(/^1(?=\d{10}$)/, '');
      if (!phoneAllowed(national, policy.phoneMasks))
        out.push({ kind: 'phone', value: maskDigits(m[0]), message: `a phone number outside the allowed range (${policy.phoneMasks.join(', ')})` });
    }
    for (const m of text.matchAll(E164)) {
      const digits = digitsOf(m[0]);
      if (digits.length === 11 && digits[0] === '1') {
        if (!phoneAllowed(digits.slice(1), policy.phoneMasks))
          out.push({ kind: 'phone', value: maskDigits(m[0]), message: `a phone number outside the allowed range (${policy.phoneMasks.join(', ')})` });
        continue;
      }
      out.push({ kind: 'phone', value: maskDigits(m[0]), message: 'an international phone number (only the allowed North American masks are fictional)' });
    }
  }
  if (text.includes('@')) {
    for (const m of text.matchAll(EMAIL)) {
      if (!domainAllowed(m[1], policy.emailDomains))
        out.push({
          kind: 'email_domain',
          value: m[0].replace(/^[^@]*/, '…'),
          message: `an e-mail address on ${m[1]}, outside the allowed domains (${policy.emailDomains.join(', ')})`,
        });
    }
  }
  return out;
}

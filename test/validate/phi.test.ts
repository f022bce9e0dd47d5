/** PHI detectors and the offline check evaluator, as pure functions. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_EMAIL_DOMAINS, DEFAULT_PHONE_MASKS } from '../../src/core/validation.ts';
import { checkHolds, compileCheck, typedValue, Unsupported } from '../../src/validate/check-expr.ts';
import { isSensitiveColumn, luhn, maskText, scanText } from '../../src/validate/phi.ts';

const policy = { emailDomains: DEFAULT_EMAIL_DOMAINS, phoneMasks: DEFAULT_PHONE_MASKS };
const kinds = (text: string) => scanText(text, policy).map((f) => f.kind);

test('SSN-shaped values are found, dates, ids and uuids are not', () => {
  assert.deepEqual(kinds('ssn 123-45-6789 on file'), ['ssn']);
  assert.deepEqual(kinds('123 45 6789'), ['ssn']);
  for (const clean of [
    '2024-01-15',
    '2024-01-15 10:00:00+00',
    'SKU-100123',
    '0f8fad5b-d9cb-469f-a165-70867728950e',
    'EXC-FIN-20250115-00001',
    '1234-56-78901',
    'A123-45-6789',
  ]) {
    assert.deepEqual(kinds(clean), [], clean);
  }
});

test('card numbers need a network prefix, a matching length and Luhn', () => {
  assert.equal(luhn('4111111111111111'), true);
  assert.equal(luhn('4111111111111112'), false);
  assert.deepEqual(kinds('card 4111 1111 1111 1111'), ['card_number']);
  assert.deepEqual(kinds('4111-1111-1111-1111'), ['card_number']);
  assert.deepEqual(kinds('378282246310005'), ['card_number']); // Amex test number
  assert.deepEqual(kinds('5555555555554444'), ['card_number']);
  assert.deepEqual(kinds('4111111111111112'), [], 'fails Luhn');
  assert.deepEqual(kinds('1111111111111117'), [], 'Luhn-valid but no network');
  assert.deepEqual(kinds('20240115103000'), [], 'a timestamp-like number');
});

test('phone numbers outside the allowed masks are found; 555-01xx is allowed', () => {
  for (const ok of ['(212) 555-0100', '212-555-0199', '+1 212 555 0142', '+12125550142', '212.555.0123']) assert.deepEqual(kinds(ok), [], ok);
  assert.deepEqual(kinds('call (212) 555-0200'), ['phone'], '555-0200 is outside 0100-0199');
  assert.deepEqual(kinds('212-867-5309'), ['phone']);
  assert.deepEqual(kinds('+1 415 867 5309'), ['phone']);
  assert.deepEqual(kinds('+442079460000'), ['phone'], 'international numbers are not in any fictional mask');
  assert.deepEqual(scanText('212-867-5309', { ...policy, phoneMasks: ['xxx867xxxx'] }), [], 'a dataset may allow its own mask');
});

test('e-mail domains must be in the allow-list, by label suffix', () => {
  assert.deepEqual(kinds('a@clinic.local b@example.com c@x.test'), []);
  assert.deepEqual(kinds('jane@gmail.com'), ['email_domain']);
  assert.deepEqual(kinds('jane@notexample.com'), ['email_domain'], 'a suffix must be a whole label');
  const [f] = scanText('jane.doe@gmail.com', policy);
  assert.equal(f.value, '…@gmail.com', 'the local part is not printed');
});

test('findings are masked: only the last four digits show', () => {
  assert.equal(scanText('123-45-6789', policy)[0].value, '###-##-6789');
  assert.equal(scanText('4111111111111111', policy)[0].value, '############1111');
});

test('sensitive column names', () => {
  for (const n of [
    'ssn',
    'patient_ssn',
    'social_security',
    'social_security_number',
    'credit_card_number',
    'card_number',
    'passport_no',
    'real_email',
    'tax_id',
  ])
    assert.ok(isSensitiveColumn(n), n);
  for (const n of ['session', 'assn_id', 'email', 'phone', 'cardinality', 'passports_seen_count']) assert.ok(!isSensitiveColumn(n), n);
});

const cols = new Set(['a', 'b', 'd1', 'd2', 's', 'n']);
const kindsOf: Record<string, 'int' | 'date' | 'text' | 'numeric'> = { a: 'int', b: 'int', d1: 'date', d2: 'date', s: 'text', n: 'numeric' };
function holds(sql: string, row: Record<string, string | null>): boolean {
  const node = compileCheck(sql, cols);
  return checkHolds(node, (name) => typedValue(kindsOf[name], row[name] ?? null));
}

test('check expressions: the forms datasets use, with SQL three-valued logic', () => {
  assert.equal(holds('a >= 0', { a: '1' }), true);
  assert.equal(holds('a >= 0', { a: '-1' }), false);
  assert.equal(holds('a >= 0', { a: null }), true, 'NULL passes a check');
  assert.equal(holds('a BETWEEN 0 AND 6', { a: '7' }), false);
  assert.equal(holds('a NOT BETWEEN 0 AND 6', { a: '7' }), true);
  assert.equal(holds("s IN ('x', 'y')", { s: 'z' }), false);
  assert.equal(holds("s IN ('x', 'y')", { s: 'y' }), true);
  assert.equal(holds('n > 0 AND n <= 1', { n: '1.000' }), true);
  assert.equal(holds('n > 0 AND n <= 1', { n: '1.5' }), false);
  assert.equal(holds('d2 >= d1', { d1: '2024-01-02', d2: '2024-01-01' }), false);
  assert.equal(holds('d2 >= d1 + 1', { d1: '2024-01-01', d2: '2024-01-02' }), true);
  assert.equal(holds("d1 >= '2024-01-01'", { d1: '2023-12-31' }), false);
  assert.equal(holds('d2 IS NULL OR d1 IS NULL OR d2 > d1', { d1: '2024-01-02', d2: null }), true);
  assert.equal(holds('d2 IS NULL OR d1 IS NULL OR d2 > d1', { d1: '2024-01-02', d2: '2024-01-01' }), false);
  assert.equal(holds("s LIKE 'EXC-%'", { s: 'EXC-1' }), true);
  assert.equal(holds('length(s) <= 3', { s: 'abcd' }), false);
  assert.equal(holds('NOT (a = b)', { a: '1', b: '1' }), false);
  assert.equal(holds('a * 2 + b = 5 % 3 + 3', { a: '1', b: '3' }), true);
});

test('check expressions outside the subset are Unsupported, never guessed', () => {
  for (const sql of ["s ~ '^x'", 'a::text = b::text', 'now() > d1', 'x > 0']) assert.throws(() => compileCheck(sql, cols), Unsupported, sql);
});

test('maskText hides what messages would otherwise quote', () => {
  assert.equal(maskText('jane.doe@gmail.com'), '…@gmail.com');
  assert.equal(maskText('SSN 123-45-6789'), 'SSN ###-##-6789');
  assert.equal(maskText('call (415) 867-5309'), 'call (###) ###-5309');
  assert.equal(maskText('seq 12'), 'seq 12');
});

/** The defect kinds the dirty tests expect, written out here (not read from src/dirty), and the rates they build with. */
export const KINDS = [
  'null_required',
  'duplicate_key',
  'negative_quantity',
  'date_out_of_range',
  'orphan_reference',
  'malformed_code',
  'wrong_price_scale',
  'control_characters',
];
// High rates so that even the 6-row store table gets some on the tiny profile.
export const RATES = KINDS.flatMap((k) => ['--dirty-rate', `${k}=${k === 'control_characters' ? 0.3 : 0.08}`]);

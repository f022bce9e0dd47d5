/**
 * The multi-tenant key pattern every table here follows: a `tenant_id`
 * referencing `tenant`, a second unique key `(tenant_id, id)` on every parent,
 * and composite foreign keys `(tenant_id, parent_id) → parent (tenant_id, id)`,
 * so that the database itself makes a cross-tenant reference impossible.
 */
import { col } from '../../src/core/table.ts';

export const tenantId = () => col.text('tenant_id').references('tenant');

/** `(tenant_id, <column>) → <table> (tenant_id, id)` */
export function sameTenant<C extends string>(column: C, table: string) {
  return { columns: ['tenant_id', column] as ['tenant_id', C], table, references: ['tenant_id', 'id'] };
}

/** The second unique key a parent needs for its children's composite foreign keys. */
export const TENANT_KEY: ['tenant_id', 'id'][] = [['tenant_id', 'id']];

/** CHECKs that keep contact data PHI-safe in the database too. */
export const localEmailCheck = (column: string) => `${column} LIKE '%@%.local'`;
export const fictionalPhoneCheck = (column: string) => `${column} LIKE '(___) 555-01__'`;

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveTables, type Row } from '../../src/core/dataset.ts';
import { countedRows, fixedRows } from '../../src/core/rows.ts';
import { col, defineTable } from '../../src/core/table.ts';

const tenant = defineTable({
  name: 'tenant',
  role: 'dimension',
  columns: [col.text('tenant_id').primaryKey(), col.text('name').unique()],
});

const client = defineTable({
  name: 'client',
  role: 'dimension',
  tenantColumn: 'tenant_id',
  columns: [
    col.integer('id').primaryKey(),
    col.text('tenant_id').references(tenant).index(),
    col.varchar('email', 80).unique(),
    col.numeric('balance', 10, 2),
    col.date('born_on').nullable(),
    col.timestamptz('created_at'),
    col.boolean('active'),
    col.uuid('uid'),
    col.jsonb('doc').nullable(),
  ],
  unique: [['tenant_id', 'id']],
  indexes: [['tenant_id', 'created_at']],
  checks: { balance_nonnegative: 'balance >= 0' },
});

const visit = defineTable({
  name: 'visit',
  role: 'fact',
  tenantColumn: 'tenant_id',
  columns: [col.bigint('id').primaryKey(), col.text('tenant_id'), col.integer('client_id'), col.smallint('seq')],
  foreignKeys: [{ columns: ['tenant_id', 'client_id'], table: client, references: ['tenant_id', 'id'] }],
  orderBy: ['id'],
});

test('a declaration compiles to the TableSpec the model resolves: types, nullability, keys, references, indexes in declaration order', () => {
  const [t, c, v] = resolveTables([tenant.spec(fixedRows([])), client.spec(fixedRows([])), visit.spec(fixedRows([]))]);
  assert.deepEqual(t.primaryKey, ['tenant_id']);
  assert.deepEqual(t.unique, [['name']]);
  assert.deepEqual(
    c.columns.map((x) => [x.name, x.type, x.nullable, x.kind]),
    [
      ['id', 'integer', false, 'int'],
      ['tenant_id', 'text', false, 'text'],
      ['email', 'varchar(80)', false, 'text'],
      ['balance', 'numeric(10,2)', false, 'numeric'],
      ['born_on', 'date', true, 'date'],
      ['created_at', 'timestamptz', false, 'timestamptz'],
      ['active', 'boolean', false, 'boolean'],
      ['uid', 'uuid', false, 'uuid'],
      ['doc', 'jsonb', true, 'jsonb'],
    ],
  );
  assert.deepEqual(c.unique, [['email'], ['tenant_id', 'id']]);
  assert.deepEqual(c.indexes, [['tenant_id'], ['tenant_id', 'created_at']]);
  assert.deepEqual(c.foreignKeys, [{ columns: ['tenant_id'], table: 'tenant', references: ['tenant_id'] }]);
  assert.deepEqual(c.checks, { balance_nonnegative: 'balance >= 0' });
  assert.equal(c.tenantColumn, 'tenant_id');
  assert.deepEqual(v.foreignKeys, [{ columns: ['tenant_id', 'client_id'], table: 'client', references: ['tenant_id', 'id'] }]);
  assert.equal(v.role, 'fact');
});

test('named rows and tuples give the same positional rows; left-out nullable columns are NULL', () => {
  const named = client.named((i: number) => ({
    id: i,
    tenant_id: 'T1',
    email: `c${i}@example.local`,
    balance: 1.5,
    created_at: 1_700_000_000_000,
    active: i % 2 === 0,
    uid: '00000000-0000-4000-8000-000000000000',
  }));
  const tuple = client.tuple((i: number) => [
    i,
    'T1',
    `c${i}@example.local`,
    1.5,
    null,
    1_700_000_000_000,
    i % 2 === 0,
    '00000000-0000-4000-8000-000000000000',
    null,
  ]);
  assert.deepEqual(named(3), tuple(3));
  assert.deepEqual(
    client.row({ id: 1, tenant_id: 'T', email: 'e', balance: '2.00', born_on: '2000-01-01', created_at: 0, active: false, uid: 'u', doc: { a: [1] } }),
    [1, 'T', 'e', '2.00', '2000-01-01', 0, false, 'u', { a: [1] }],
  );
  // false and 0 stay what they are (only undefined becomes NULL).
  assert.deepEqual(tenant.row({ tenant_id: '', name: '' }), ['', '']);
  assert.equal(client.position('email'), 2);
  const rows: Row[] = [];
  visit
    .spec(
      countedRows(
        2,
        visit.tuple((i) => [i + 1, 'T1', 1, i]),
      ),
    )
    .rows.generate(0, 2, (r) => rows.push(r));
  assert.deepEqual(rows, [
    [1, 'T1', 1, 0],
    [2, 'T1', 1, 1],
  ]);
});

test('row types follow the declaration (checked by tsc: each @ts-expect-error must be an error)', () => {
  // @ts-expect-error a column that is not declared
  client.row({ id: 1, tenant_id: 'T', email: 'e', balance: 1, created_at: 0, active: true, uid: 'u', nope: 1 });
  // @ts-expect-error a NOT NULL column left out
  client.row({ id: 1, tenant_id: 'T', balance: 1, created_at: 0, active: true, uid: 'u' });
  // @ts-expect-error NULL in a NOT NULL column
  tenant.row({ tenant_id: null, name: 'x' });
  // @ts-expect-error a string in an integer column
  visit.tuple(() => ['1', 'T', 1, 1]);
  // @ts-expect-error a tuple one column short
  visit.tuple(() => [1, 'T', 1]);
  defineTable({
    name: 'x',
    role: 'fact',
    columns: [col.integer('a').primaryKey()],
    // @ts-expect-error a key naming an unknown column
    unique: [['b']],
  });
});

test('declaration mistakes fail when the table is declared', () => {
  assert.throws(() => defineTable({ name: 't', role: 'fact', columns: [col.integer('a'), col.integer('a').primaryKey()] }), /duplicate column names/);
  assert.throws(() => defineTable({ name: 't', role: 'fact', columns: [col.integer('a')] }), /no primary key/);
  assert.throws(() => defineTable({ name: 't', role: 'fact', columns: [col.integer('a').primaryKey(), col.integer('b').primaryKey()] }), /composite key/);
  assert.throws(() => defineTable({ name: 't', role: 'fact', columns: [col.integer('a').primaryKey()], primaryKey: ['a'] }), /on column a and on the table/);
  assert.throws(() => col.integer('Bad Name'), /lower-case/);
  // References to tables declared later are caught where the model resolves them.
  assert.throws(() => resolveTables([visit.spec(fixedRows([]))]), /not declared before it/);
});

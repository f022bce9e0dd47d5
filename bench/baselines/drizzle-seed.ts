/**
 * drizzle-seed on the sales_daily shape, with its composite UNIQUE(date,
 * store_id, product_id), into an empty database. Reports what got in and
 * whether the seeding failed. Run as its own process.
 * Usage: tsx bench/baselines/drizzle-seed.ts <db-url> <rows> [unique|plain]
 * `plain` leaves the composite key out, to measure its speed when it cannot
 * fail on it.
 */
import { bigint, date, integer, numeric, pgTable, unique } from 'drizzle-orm/pg-core';
import { drizzle } from 'drizzle-orm/node-postgres';
import { seed } from 'drizzle-seed';
import pg from 'pg';

const [url, rowsArg, mode = 'unique'] = process.argv.slice(2);
const rows = Number(rowsArg);
const salesDaily = pgTable(
  'sales_daily',
  {
    id: bigint('id', { mode: 'number' }).primaryKey(),
    date: date('date').notNull(),
    storeId: integer('store_id').notNull(),
    productId: integer('product_id').notNull(),
    quantity: integer('quantity').notNull(),
    unitPrice: numeric('unit_price', { precision: 10, scale: 2 }).notNull(),
    totalAmount: numeric('total_amount', { precision: 12, scale: 2 }).notNull(),
  },
  (t) => (mode === 'unique' ? [unique('sales_daily_grain').on(t.date, t.storeId, t.productId)] : []),
);
const pool = new pg.Pool({ connectionString: url, max: 1 });
await pool.query(`CREATE TABLE sales_daily (id bigint PRIMARY KEY, date date NOT NULL, store_id integer NOT NULL, product_id integer NOT NULL,
  quantity integer NOT NULL, unit_price numeric(10,2) NOT NULL, total_amount numeric(12,2) NOT NULL${mode === 'unique' ? ', CONSTRAINT sales_daily_grain UNIQUE (date, store_id, product_id)' : ''})`);
const db = drizzle(pool);
let error: string | undefined;
try {
  await seed(db, { salesDaily }, { count: rows, seed: 42 }).refine((f) => ({
    salesDaily: {
      columns: {
        storeId: f.int({ minValue: 1, maxValue: 20 }),
        productId: f.int({ minValue: 1, maxValue: 200 }),
        quantity: f.int({ minValue: 0, maxValue: 40 }),
        date: f.date({ minDate: '2024-01-01', maxDate: '2024-12-31' }),
      },
    },
  }));
} catch (e) {
  // drizzle wraps the driver's error: the reason (a duplicate key) is its cause.
  const err = e as Error & { cause?: { message?: string } };
  error = String(err.cause?.message ?? err.message)
    .split('\n')[0]
    .slice(0, 200);
}
const [{ n }] = (await pool.query('SELECT count(*)::int AS n FROM sales_daily')).rows;
await pool.end();
console.log(JSON.stringify({ rows: n, error }));

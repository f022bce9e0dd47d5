/**
 * The hand-written seeder the seed documents describe: faker called per
 * value with a globally seeded faker, rows sent as multi-row INSERTs of 1000.
 * Run as its own process so that its time and peak RSS are its own.
 * Usage: tsx bench/baselines/naive-seeder.ts <db-url> <rows>
 */
import { faker } from '@faker-js/faker/locale/en';
import pg from 'pg';

const [url, rowsArg] = process.argv.slice(2);
const rows = Number(rowsArg);
const client = new pg.Client({ connectionString: url });
await client.connect();
await client.query(`CREATE TABLE sales_daily (id bigint PRIMARY KEY, date date NOT NULL, store_id integer NOT NULL, product_id integer NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 0), unit_price numeric(10,2) NOT NULL CHECK (unit_price >= 0), total_amount numeric(12,2) NOT NULL,
  UNIQUE (date, store_id, product_id))`);
faker.seed(42);
const stores = 20;
const products = 200;
const start = Date.UTC(2024, 0, 1);
let violations = 0;
for (let i = 0; i < rows; i += 1000) {
  const values: unknown[] = [];
  const tuples: string[] = [];
  for (let j = i; j < Math.min(rows, i + 1000); j++) {
    // The grain comes from the row number, as careful hand-written seeders do;
    // every other value is one faker call.
    const day = Math.floor(j / (stores * products));
    const quantity = faker.number.int({ min: 0, max: 40 });
    const price = faker.number.float({ min: 0.5, max: 50, fractionDigits: 2 });
    const k = values.length;
    tuples.push(`($${k + 1}, $${k + 2}, $${k + 3}, $${k + 4}, $${k + 5}, $${k + 6}, $${k + 7})`);
    values.push(
      j + 1,
      new Date(start + day * 86_400_000).toISOString().slice(0, 10),
      (j % stores) + 1,
      (Math.floor(j / stores) % products) + 1,
      quantity,
      price,
      (quantity * price).toFixed(2),
    );
  }
  try {
    await client.query(`INSERT INTO sales_daily VALUES ${tuples.join(', ')}`, values);
  } catch {
    violations++;
  }
}
const [{ n }] = (await client.query('SELECT count(*)::int AS n FROM sales_daily')).rows;
await client.end();
console.log(JSON.stringify({ rows: n, failedBatches: violations }));

/**
 * drizzle-seed on the Chinook-like schema of test/init/schemas/chinook.sql,
 * already created in the target database with all its constraints, with
 * the same row count per table as forge's generated dataset. Reports what
 * got in and whether the seeding failed. Run as its own process.
 * Usage: tsx bench/baselines/drizzle-seed-chinook.ts <db-url> <counts-json>
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { integer, numeric, pgTable, primaryKey, timestamp, varchar } from 'drizzle-orm/pg-core';
import { seed } from 'drizzle-seed';
import pg from 'pg';

const [url, countsArg] = process.argv.slice(2);
const counts = JSON.parse(countsArg) as Record<string, number>;
const v = (name: string, length: number) => varchar(name, { length });

const artist = pgTable('artist', { artistId: integer('artist_id').primaryKey(), name: v('name', 120) });
const album = pgTable('album', {
  albumId: integer('album_id').primaryKey(),
  title: v('title', 160).notNull(),
  artistId: integer('artist_id')
    .notNull()
    .references(() => artist.artistId),
});
const genre = pgTable('genre', { genreId: integer('genre_id').primaryKey(), name: v('name', 120) });
const mediaType = pgTable('media_type', { mediaTypeId: integer('media_type_id').primaryKey(), name: v('name', 120) });
const track = pgTable('track', {
  trackId: integer('track_id').primaryKey(),
  name: v('name', 200).notNull(),
  albumId: integer('album_id').references(() => album.albumId),
  mediaTypeId: integer('media_type_id')
    .notNull()
    .references(() => mediaType.mediaTypeId),
  genreId: integer('genre_id').references(() => genre.genreId),
  composer: v('composer', 220),
  milliseconds: integer('milliseconds').notNull(),
  bytes: integer('bytes'),
  unitPrice: numeric('unit_price', { precision: 10, scale: 2 }).notNull(),
});
const contact = () => ({
  address: v('address', 70),
  city: v('city', 40),
  state: v('state', 40),
  country: v('country', 40),
  postalCode: v('postal_code', 10),
  phone: v('phone', 24),
  fax: v('fax', 24),
});
const employee = pgTable('employee', {
  employeeId: integer('employee_id').primaryKey(),
  lastName: v('last_name', 20).notNull(),
  firstName: v('first_name', 20).notNull(),
  title: v('title', 30),
  reportsTo: integer('reports_to'),
  birthDate: timestamp('birth_date'),
  hireDate: timestamp('hire_date'),
  ...contact(),
  email: v('email', 60),
});
const customer = pgTable('customer', {
  customerId: integer('customer_id').primaryKey(),
  firstName: v('first_name', 40).notNull(),
  lastName: v('last_name', 20).notNull(),
  company: v('company', 80),
  ...contact(),
  email: v('email', 60).notNull().unique(),
  supportRepId: integer('support_rep_id').references(() => employee.employeeId),
});
const invoice = pgTable('invoice', {
  invoiceId: integer('invoice_id').primaryKey(),
  customerId: integer('customer_id')
    .notNull()
    .references(() => customer.customerId),
  invoiceDate: timestamp('invoice_date').notNull(),
  billingAddress: v('billing_address', 70),
  billingCity: v('billing_city', 40),
  billingState: v('billing_state', 40),
  billingCountry: v('billing_country', 40),
  billingPostalCode: v('billing_postal_code', 10),
  total: numeric('total', { precision: 10, scale: 2 }).notNull(),
});
const invoiceLine = pgTable('invoice_line', {
  invoiceLineId: integer('invoice_line_id').primaryKey(),
  invoiceId: integer('invoice_id')
    .notNull()
    .references(() => invoice.invoiceId),
  trackId: integer('track_id')
    .notNull()
    .references(() => track.trackId),
  unitPrice: numeric('unit_price', { precision: 10, scale: 2 }).notNull(),
  quantity: integer('quantity').notNull(),
});
const playlist = pgTable('playlist', { playlistId: integer('playlist_id').primaryKey(), name: v('name', 120) });
const playlistTrack = pgTable(
  'playlist_track',
  {
    playlistId: integer('playlist_id')
      .notNull()
      .references(() => playlist.playlistId),
    trackId: integer('track_id')
      .notNull()
      .references(() => track.trackId),
  },
  (t) => [primaryKey({ columns: [t.playlistId, t.trackId] })],
);

const schema = { artist, album, genre, mediaType, track, employee, customer, invoice, invoiceLine, playlist, playlistTrack };
const tableOf: Record<keyof typeof schema, string> = {
  artist: 'artist',
  album: 'album',
  genre: 'genre',
  mediaType: 'media_type',
  track: 'track',
  employee: 'employee',
  customer: 'customer',
  invoice: 'invoice',
  invoiceLine: 'invoice_line',
  playlist: 'playlist',
  playlistTrack: 'playlist_track',
};
const pool = new pg.Pool({ connectionString: url, max: 1 });
let error: string | undefined;
try {
  await seed(drizzle(pool), schema, { seed: 42 }).refine(
    () => Object.fromEntries(Object.entries(tableOf).map(([k, t]) => [k, { count: counts[t] }])) as Record<keyof typeof schema, { count: number }>,
  );
} catch (e) {
  const err = e as Error & { cause?: { message?: string } };
  error = String(err.cause?.message ?? err.message)
    .split('\n')[0]
    .slice(0, 200);
}
let rows = 0;
for (const t of Object.values(tableOf)) rows += (await pool.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n;
await pool.end();
console.log(JSON.stringify({ rows, error }));

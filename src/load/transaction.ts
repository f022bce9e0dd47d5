/**
 * One transaction on one connection: BEGIN, the body, COMMIT; ROLLBACK if
 * anything in it throws (the body's error is what the caller sees, never
 * the ROLLBACK's, which fails anyway when the connection is gone).
 */
import type { Client } from './connect.ts';

/**
 * `begin` is the opening statement: BEGIN by default, or BEGIN followed by
 * statements sent with it in the same round trip.
 */
export async function inTransaction<T>(client: Client, body: () => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await client.query(begin);
  try {
    const result = await body();
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

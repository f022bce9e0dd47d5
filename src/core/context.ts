/**
 * What generator code receives: keyed random streams and a keyed faker.
 * A stream's key is derived from (seed, dataset, scope, name) and nothing
 * else, which is what makes values column-stable and order-free.
 */
import { KeyedFaker } from './faker.ts';
import { combine, hashString } from './hash.ts';
import { Stream } from './random.ts';

export class GenContext {
  private readonly root: number;
  private fakerInstance?: KeyedFaker;

  constructor(
    readonly seed: number,
    readonly dataset: string,
  ) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    this.root = combine(hashString(dataset), seed);
  }

  /** The stream of one column (or latent variable) of one table. */
  stream(table: string, column: string): Stream {
    return new Stream(hashString(`${table}\u0000${column}`, this.root));
  }

  /** One stream per name, of one table: a record typed by the names, so a misspelled name does not compile. */
  streams<const N extends string>(table: string, names: readonly N[]): Record<N, Stream> {
    return Object.fromEntries(names.map((n) => [n, this.stream(table, n)])) as Record<N, Stream>;
  }

  /** One faker for the whole dataset; callers position it per value with `at`. */
  get faker(): KeyedFaker {
    return (this.fakerInstance ??= new KeyedFaker());
  }
}

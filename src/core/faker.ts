/**
 * Faker driven by keyed randomness. Faker asks a `Randomizer` for numbers;
 * ours answers from the current cell's hash, so making a name for row i is
 * one faker call with no reseeding of anything global. Faker's own `seed()`
 * is a no-op here: the cell set by `at()` is the seed.
 */
import { createRequire } from 'node:module';
import type { Faker, Randomizer } from '@faker-js/faker';
import { draw, unit } from './hash.ts';

// Loaded on first use only (Node 20.19+ requires ES modules synchronously):
// a build worker that makes only fact tables never pays faker's ~15 MB.
// The English entry point only: faker's main entry loads every locale
// (~35 MB of heap), and the host's locale must never matter anyway.
const require = createRequire(import.meta.url);
const englishFaker = (): Faker => (require('@faker-js/faker/locale/en') as { faker: Faker }).faker;

// Faker calls next() detached from its object, so state lives in a closure.
function keyedRandomizer(): Randomizer & { set(cell: number): void } {
  let cell = 0;
  let k = 0;
  return {
    set(c: number) {
      cell = c >>> 0;
      k = 0;
    },
    next: () => unit(draw(cell, k++)),
    seed: () => {
      // Intentionally ignored: values are keyed by cell, never by a global seed.
    },
  };
}

type FakerClass = new (options: { locale: Faker['rawDefinitions']; randomizer: Randomizer }) => Faker;

export class KeyedFaker {
  private readonly randomizer = keyedRandomizer();
  // A second instance of the English faker's own class and definitions, with our randomizer.
  private readonly faker: Faker;

  constructor() {
    const en = englishFaker();
    this.faker = new (en.constructor as FakerClass)({ locale: en.rawDefinitions, randomizer: this.randomizer });
  }

  /** Faker positioned at one cell: use it for exactly one value. */
  at(cell: number): Faker {
    this.randomizer.set(cell);
    return this.faker;
  }
}

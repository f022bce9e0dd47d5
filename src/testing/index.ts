/** `fixture-forge/testing`: what test suites use from forge itself (a fresh database per test). */
export { freshDatabase, releaseSpares, type FreshDatabase, type FreshDatabaseOptions } from './fresh-database.ts';

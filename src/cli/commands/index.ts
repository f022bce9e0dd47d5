/**
 * Every command, in the order `forge --help` lists them. A command's module
 * (and what it imports: generators, the database driver, zod) is loaded only
 * when that command runs, so `forge --help` and `forge load` start without
 * the rest. The summaries are repeated here for the listing; a test checks
 * that they match the commands'.
 */
import type { Command } from '../command.ts';

export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

export const commands: CommandEntry[] = [
  {
    name: 'build',
    summary: 'compile a dataset into a versioned, checksummed artifact (offline, no database)',
    load: async () => (await import('./build.ts')).buildCommand,
  },
  {
    name: 'scenarios',
    summary: "list each dataset's scenarios (named parameter sets for --scenario), one line each",
    load: async () => (await import('./scenarios.ts')).scenariosCommand,
  },
  {
    name: 'merge',
    summary: 'combine the shards of a build (forge build --shard i/N) into the whole artifact',
    load: async () => (await import('./merge.ts')).mergeCommand,
  },
  {
    name: 'pack',
    summary: 'pack an artifact into one reproducible .tar.gz (same bytes on every run) that load and verify accept',
    load: async () => (await import('./pack.ts')).packCommand,
  },
  {
    name: 'load',
    summary: 'load an artifact into Postgres with COPY: atomic, checksummed, guarded',
    load: async () => (await import('./load.ts')).loadCommand,
  },
  {
    name: 'push',
    summary: "send an artifact's rows to an application's HTTP API (health check, retries, resumable)",
    load: async () => (await import('./push.ts')).pushCommand,
  },
  {
    name: 'verify',
    summary: 'check that the database holds exactly an artifact: counts, constraints, data checksums',
    load: async () => (await import('./verify.ts')).verifyCommand,
  },
  {
    name: 'validate',
    summary: 'check an artifact (offline) or a loaded database: keys, checks, foreign keys, tenant isolation, PHI patterns, counts',
    load: async () => (await import('./validate.ts')).validateCommand,
  },
  {
    name: 'status',
    summary: 'show which fixtures are loaded in a database (forge.loaded_fixture)',
    load: async () => (await import('./status.ts')).statusCommand,
  },
  {
    name: 'delete',
    summary: 'delete loaded fixture data by scope (all, facts, dimensions) or one tenant',
    load: async () => (await import('./delete.ts')).deleteCommand,
  },
  {
    name: 'db',
    summary:
      'the local Postgres that forge runs when no --db is given: start (prints its url), stop, status, url (of a running one); fresh databases for tests',
    load: async () => (await import('./db.ts')).dbCommand,
  },
  {
    name: 'golden',
    summary: 'golden datasets in fixtures/: check that generators still build them byte for byte, or update them',
    load: async () => (await import('./golden.ts')).goldenCommand,
  },
  {
    name: 'types',
    summary: "TypeScript row types from an artifact's manifest, for loadFixture<Tables>() in tests",
    load: async () => (await import('./row-types.ts')).typesCommand,
  },
  {
    name: 'report',
    summary: 'one self-contained HTML page of charts and summaries of an artifact or a loaded database',
    load: async () => (await import('./report.ts')).reportCommand,
  },
  {
    name: 'init',
    summary: 'write a dataset module from an existing schema (a live database or a SQL file)',
    load: async () => (await import('./init.ts')).initCommand,
  },
];

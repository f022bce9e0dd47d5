/**
 * The option layer (src/cli/options.ts) as a command sees it: values typed
 * and checked from their declarations, defaults applied, every mistake one
 * USAGE error naming the flag, what was given and what is allowed. The
 * @ts-expect-error lines are checked by `make typecheck`: a misspelled
 * flag, or a value read as the wrong type, does not compile.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isForgeError } from '../../src/errors.ts';
import { defineCommand } from '../../src/cli/command.ts';
import { parseOptions, type Options } from '../../src/cli/options.ts';

const options = {
  connections: { type: 'integer', min: 1, default: 2, description: 'connections' },
  limit: { type: 'integer', min: 0, description: 'a limit without a default' },
  seed: { type: 'string', description: 'a seed' },
  schema: { type: 'string', default: 'public', description: 'the schema' },
  'on-conflict': { type: 'enum', values: ['nothing', 'update'], default: 'nothing', description: 'on conflict' },
  mode: { type: 'enum', values: ['a', 'b'], description: 'an enum without a default' },
  formats: { type: 'list', values: ['csv', 'json', 'dump'], default: ['csv', 'json', 'dump'], description: 'formats' },
  tables: { type: 'list', description: 'a free comma list' },
  set: { type: 'repeat', description: 'repeatable' },
  quiet: { type: 'boolean', short: 'q', description: 'quiet' },
} as const satisfies Options;

const parse = (argv: string[], positionals = false) => parseOptions(argv, { command: 'demo', options, positionals, synopsis: 'forge demo [options]' });

function usageError(argv: string[], re: RegExp): string {
  try {
    parse(argv);
  } catch (e) {
    assert.ok(isForgeError(e), String(e));
    assert.equal(e.code, 'USAGE');
    assert.equal(e.exitCode, 2);
    const line = e.toLine();
    assert.doesNotMatch(line, /\n/);
    assert.match(line, re);
    return line;
  }
  assert.fail(`${argv.join(' ')} was accepted`);
}

test('defaults: every declared option has a value of its declared type', () => {
  const { values, positionals } = parse([]);
  assert.deepEqual(
    { ...values },
    {
      connections: 2,
      limit: undefined,
      seed: undefined,
      schema: 'public',
      'on-conflict': 'nothing',
      mode: undefined,
      formats: ['csv', 'json', 'dump'],
      tables: [],
      set: [],
      quiet: false,
    },
  );
  assert.deepEqual(positionals, []);
  // The types follow the declarations: these assignments compile without casts.
  const n: number = values.connections;
  const m: number | undefined = values.limit;
  const s: string = values.schema;
  const c: 'nothing' | 'update' = values['on-conflict'];
  const f: ('csv' | 'json' | 'dump')[] = values.formats;
  const q: boolean = values.quiet;
  assert.deepEqual([n, m, s, c, f.length, q], [2, undefined, 'public', 'nothing', 3, false]);
  // @ts-expect-error a misspelled flag does not compile
  assert.equal(values.conections, undefined);
  // @ts-expect-error an option without a default may be undefined
  const notAlways: number = values.limit;
  // @ts-expect-error an enum holds only its values
  const notAny: 'nothing' | 'replace' = values.mode;
  assert.deepEqual([notAlways, notAny], [undefined, undefined]);
});

test('given values are converted: integers, enums, comma lists, repeated options, short flags', () => {
  const { values } = parse([
    '--connections',
    '8',
    '--limit=0',
    '--on-conflict',
    'update',
    '--formats',
    ' csv , dump',
    '--tables',
    'a,,b',
    '--set',
    'x=1',
    '--set',
    'y=2',
    '-q',
  ]);
  assert.equal(values.connections, 8);
  assert.equal(values.limit, 0);
  assert.equal(values['on-conflict'], 'update');
  assert.deepEqual(values.formats, ['csv', 'dump']);
  assert.deepEqual(values.tables, ['a', 'b']);
  assert.deepEqual(values.set, ['x=1', 'y=2']);
  assert.equal(values.quiet, true);
});

test('a negative number after an option that takes a value is its value (--seed -7)', () => {
  assert.equal(parse(['--seed', '-7']).values.seed, '-7');
  assert.equal(parse(['--seed=-7']).values.seed, '-7');
  usageError(['--connections', '-1'], /^forge: --connections must be an integer >= 1, got "-1"/);
});

test('a bad enum value, an integer below its minimum or not an integer, a bad list item: one line naming the flag, the value and what is allowed', () => {
  usageError(['--on-conflict', 'replace'], /^forge: --on-conflict takes nothing or update, got "replace" \(forge demo --help describes every option\)$/);
  usageError(['--connections', '0'], /^forge: --connections must be an integer >= 1, got "0" \(for example --connections 2\)$/);
  usageError(['--connections', '1.5'], /--connections must be an integer >= 1, got "1.5"/);
  usageError(['--connections', '99999999999999999999'], /--connections must be an integer >= 1, got "99999999999999999999"/);
  usageError(['--limit', '-3'], /--limit must be an integer >= 0, got "-3"/);
  usageError(['--formats', 'csv,xml'], /^forge: --formats takes a comma list of csv, json or dump, got "xml"/);
  usageError(['--formats', ''], /--formats takes a comma list of csv, json or dump, got ""/);
});

test('strict: an unknown option, a value for a flag, a missing value, a stray positional are usage errors', () => {
  usageError(['--bogus'], /^forge: Unknown option '--bogus'.* \(usage: forge demo \[options\]; forge demo --help\)$/);
  usageError(['--quiet=yes'], /--quiet/);
  usageError(['--schema'], /--schema/);
  usageError(['stray'], /Unexpected argument 'stray'/);
  assert.deepEqual(parse(['a', 'b'], true).positionals, ['a', 'b']);
});

test('defineCommand: the run gets the typed values; a mistake stops before it runs', async () => {
  const seen: unknown[] = [];
  const command = defineCommand({
    name: 'demo',
    summary: 'a command for this test',
    positionals: '<dir>',
    options: { connections: options.connections, quiet: options.quiet },
    async run(args) {
      const n: number = args.values.connections;
      seen.push(n, args.positionals);
      return 0;
    },
  });
  const io = { out() {}, err() {}, isTTY: false, env: {}, cwd: '/' };
  assert.equal(await command.prepare(['d', '--connections', '3'])(io), 0);
  assert.deepEqual(seen, [3, ['d']]);
  assert.throws(() => command.prepare(['--connections', 'x']), /--connections must be an integer/);
  assert.equal(seen.length, 2);
  assert.equal(command.synopsis, 'forge demo <dir> [options]');
});

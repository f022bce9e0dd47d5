/**
 * --help is written from the option declarations: for every command it lists
 * every option with its placeholder, allowed values and default, and any
 * flag its usage lines name is one it declares (so the text cannot drift from
 * the options). Run as a user: `forge <command> --help` and `-h` for every
 * command, and the usage errors of bad values, as processes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stripVTControlCharacters } from 'node:util';
import { commands } from '../../src/cli/commands/index.ts';
import { flagText } from '../../src/cli/help.ts';
import { forge } from '../helpers.ts';

const loaded = await Promise.all(commands.map(async (entry) => entry.load()));

test('each command lists every declared option with its placeholder, allowed values and default', () => {
  for (const command of loaded) {
    const help = command.help();
    const lines = help.split('\n');
    for (const [name, spec] of Object.entries(command.options)) {
      const line = lines.find((l) => l.startsWith(`  ${flagText(name, spec)} `));
      assert.ok(line, `forge ${command.name} --help lists --${name}:\n${help}`);
      assert.ok(line.includes(spec.description), `--${name}'s description`);
      if (spec.type === 'enum') for (const v of spec.values) assert.match(line, new RegExp(`\\b${v}\\b`), `--${name} shows ${v}`);
      if (spec.type === 'list' && spec.values) for (const v of spec.values) assert.ok(line.includes(v), `--${name} shows ${v}`);
      if (spec.type === 'integer' && spec.min !== undefined) assert.ok(line.includes(`>= ${spec.min}`), `--${name} shows its minimum`);
      const fallback = spec.defaultText ?? ('default' in spec && spec.default !== undefined ? String(spec.default) : undefined);
      if (fallback !== undefined) assert.ok(line.includes(`default: ${fallback}`), `--${name} shows its default in: ${line}`);
    }
  }
});

test('every flag that a usage line names is an option of that command', () => {
  for (const command of loaded) {
    const usageLines = command.help().split('\n\n')[0];
    for (const [, name] of usageLines.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g))
      assert.ok(Object.hasOwn(command.options, name), `forge ${command.name}: usage names --${name}, which it does not declare`);
  }
});

test('forge <command> --help works for every command, from the process (and -h)', () => {
  for (const { name } of commands) {
    for (const flag of name === 'load' ? ['--help', '-h'] : ['--help']) {
      const r = forge([name, flag]);
      assert.equal(r.code, 0, `forge ${name} ${flag}: ${r.stderr}`);
      assert.equal(r.stderr, '');
      const out = stripVTControlCharacters(r.stdout);
      assert.match(out, new RegExp(`^forge ${name}\\b`));
      assert.equal(out.trimEnd(), loaded.find((c) => c.name === name)!.help());
    }
  }
});

test('a bad enum value or an integer below its minimum: one line naming the flag, the value and what is allowed; exit 2', () => {
  const cases: [string[], RegExp][] = [
    [['load', '--on-conflict', 'replace'], /^forge: --on-conflict takes nothing or update, got "replace" \(forge load --help describes every option\)$/],
    [['delete', '--scope', 'everything'], /^forge: --scope takes all, facts or dimensions, got "everything"/],
    [['build', '--formats', 'csv,parquet'], /^forge: --formats takes a comma list of csv, json or dump, got "parquet"/],
    [['load', '--connections', '0'], /^forge: --connections must be an integer >= 1, got "0" \(for example --connections 2\)$/],
    [['push', '--retries', '-1', '--to', 'http://127.0.0.1:9'], /^forge: --retries must be an integer >= 0, got "-1"/],
    [['validate', '--max-keys', '0'], /^forge: --max-keys must be an integer >= 1, got "0"/],
    [['build', '--jobs', 'many'], /^forge: --jobs must be an integer >= 1, got "many"/],
  ];
  for (const [argv, re] of cases) {
    const r = forge(argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    const err = stripVTControlCharacters(r.stderr).trimEnd();
    assert.equal(err.split('\n').length, 1, err);
    assert.match(err, re);
  }
});

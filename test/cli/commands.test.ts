/**
 * The command list loads each command lazily and repeats its summary for
 * `forge --help`: every entry must load the command of its name, with the
 * same summary; the CLI started from a fresh bundle lists them all.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { commands } from '../../src/cli/commands/index.ts';
import { forge } from '../helpers.ts';

test('each entry loads its command, and the summaries agree', async () => {
  for (const entry of commands) {
    const c = await entry.load();
    assert.equal(c.name, entry.name);
    assert.equal(c.summary, entry.summary, `summary of ${entry.name}`);
  }
});

test('forge --help lists every command; forge <command> --help loads just that one', () => {
  const help = forge(['--help']);
  assert.equal(help.code, 0, help.stderr);
  for (const entry of commands) assert.match(help.stdout, new RegExp(`^  ${entry.name} +${entry.summary.slice(0, 20).replace(/[()]/g, '\\$&')}`, 'm'));
  const load = forge(['load', '--help']);
  assert.equal(load.code, 0, load.stderr);
  assert.match(load.stdout, /^forge load /);
  const bad = forge(['nosuch']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown command "nosuch"/);
});

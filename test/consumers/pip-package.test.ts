/**
 * The Python client from another project, installed the way a user installs
 * it: `pip install ./clients/python` (run in a copy of the client, so that
 * nothing is written into this repository) into a fresh venv that sees the
 * system's pytest, then a pytest suite in a temp project outside the
 * repository that uses the plugin's fixtures with no conftest.py: found from
 * the rootdir (fixtures/) and from the forge_fixtures ini option, with a hint
 * a consumer can follow when the fixture is missing.
 * Every command is one the README's "Using fixture-forge from another project" shows.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { goldenDir } from '../../examples/golden.ts';
import { ROOT, tempDir } from '../helpers.ts';

const run = promisify(execFile);

/** The README's commands, run verbatim by bash (VENV: the venv's folder). */
export const COMMANDS = {
  venv: 'python3 -m venv --system-site-packages "$VENV"',
  install: '"$VENV"/bin/pip install ./clients/python',
  pytest: '"$VENV"/bin/python -m pytest -q',
} as const;

let work: string;
let venv: string;

async function sh(cwd: string, command: string): Promise<string> {
  try {
    const r = await run('bash', ['-c', command], {
      cwd,
      env: { ...process.env, VENV: venv, PIP_DISABLE_PIP_VERSION_CHECK: '1', NODE_TEST_CONTEXT: undefined },
      maxBuffer: 16 << 20,
    });
    return r.stdout + r.stderr;
  } catch (e) {
    const x = e as { stdout?: string; stderr?: string; code?: number };
    throw new Error(`\`${command}\` in ${cwd} exited ${x.code}:\n${x.stdout}\n${x.stderr}`);
  }
}

const SUITE = `"""A consumer's suite: no conftest.py, the plugin comes from the installed package."""
import datetime
from decimal import Decimal

import pytest

from fixture_forge import ArtifactError


def test_golden_rows_are_typed(forge_golden):
    retail = forge_golden("retail")
    sales = retail.table("sales_daily").rows()
    assert len(sales) == retail.table("sales_daily").row_count > 0
    assert all(isinstance(s["unit_price"], Decimal) and isinstance(s["date"], datetime.date) for s in sales)
    assert retail.table("store").rows("csv") == retail.table("store").rows()


def test_any_artifact_by_path(forge_artifact, forge_golden):
    art = forge_artifact(forge_golden("retail").dir)
    assert art.table("store").by_key().keys() == forge_golden("retail").table("store").by_key().keys()


def test_a_missing_fixture_says_how_to_build_it(forge_golden):
    with pytest.raises(ArtifactError, match=r"no fixture of nothing_here under .*: build it there with: npx forge build --dataset nothing_here --seed 42 --profile tiny --formats csv,json --out .*forge_fixtures ini option"):
        forge_golden("nothing_here")
`;

function consumer(name: string, fixtures: string, ini?: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'tests'), { recursive: true });
  writeFileSync(join(dir, 'tests/test_fixtures.py'), SUITE);
  if (ini) writeFileSync(join(dir, 'pytest.ini'), ini);
  const golden = goldenDir();
  const version = basename(dirname(golden));
  cpSync(golden, join(dir, fixtures, 'retail', version, basename(golden)), { recursive: true });
  return dir;
}

before(async () => {
  work = tempDir('forge-pip-consumer-');
  venv = join(work, 'venv');
  // A copy of the client where a checkout would have it: pip may build in place.
  const checkout = join(work, 'checkout');
  cpSync(join(ROOT, 'clients/python'), join(checkout, 'clients/python'), {
    recursive: true,
    filter: (src) => !/(__pycache__|\.pytest_cache|\/tests)$/.test(src),
  });
  await sh(work, COMMANDS.venv);
  await sh(checkout, COMMANDS.install);
});

after(() => {
  if (!process.env.FORGE_KEEP) spawnSync('rm', ['-rf', work]);
});

test('the installed package is the client and its plugin only: standard library, a pytest11 entry point, no tests', () => {
  const lib = join(venv, 'lib');
  const site = join(lib, readdirSync(lib)[0], 'site-packages');
  const info = readdirSync(site).find((d) => /^fixture_forge-.*\.dist-info$/.test(d));
  assert.ok(info, readdirSync(site).join(' '));
  assert.match(readFileSync(join(site, info, 'entry_points.txt'), 'utf8'), /^\[pytest11\]\nfixture_forge\.pytest_plugin ?= ?fixture_forge\.pytest_plugin$/m);
  assert.doesNotMatch(readFileSync(join(site, info, 'METADATA'), 'utf8'), /^Requires-Dist:/m, 'no dependencies');
  assert.ok(existsSync(join(site, 'fixture_forge/pytest_plugin.py')));
  assert.ok(!existsSync(join(site, 'tests')) && !existsSync(join(site, 'conftest.py')));
});

test('a suite with no conftest finds fixtures/ under its rootdir', async () => {
  const app = consumer('app', 'fixtures');
  assert.ok(!existsSync(join(app, 'conftest.py')));
  const r = await sh(app, COMMANDS.pytest);
  assert.match(r, /^3 passed/m, r);
});

test('the forge_fixtures ini option points elsewhere, relative to the rootdir', async () => {
  const app = consumer('app-ini', 'data/forge', '[pytest]\nforge_fixtures = data/forge\n');
  const r = await sh(app, COMMANDS.pytest);
  assert.match(r, /^3 passed/m, r);
});

test('the README shows every command this test runs', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const [name, command] of Object.entries(COMMANDS)) assert.ok(readme.includes(command), `README lacks the ${name} command: ${command}`);
});

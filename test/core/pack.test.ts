import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { z } from 'zod';
import { parsePack, type PackSpec } from '../../src/core/pack.ts';
import { ForgeError } from '../../src/errors.ts';
import { datasetDir, readPack } from '../../src/packs/read-pack.ts';
import { ROOT, tempDir } from '../helpers.ts';

const Domain = z.object({
  domainName: z.string(),
  exceptionTypes: z.array(z.object({ name: z.string(), severity: z.enum(['LOW', 'HIGH']) })).min(1),
});
const spec: PackSpec<z.infer<typeof Domain>> = {
  file: 'packs/domain.json',
  schema: Domain,
  fallback: { domainName: 'Minimal', exceptionTypes: [{ name: 'Generic', severity: 'LOW' }] },
};

const oneLine = (fn: () => unknown, re: RegExp) =>
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof ForgeError, String(e));
    assert.equal(e.code, 'BAD_PACK');
    assert.match(e.toLine(), re);
    assert.ok(!e.toLine().includes('\n'), 'one line');
    return true;
  });

test('a valid pack is read from its file; a missing file gives the built-in fallback', () => {
  const dir = tempDir();
  assert.deepEqual(readPack(dir, spec), { value: spec.fallback, source: 'fallback' });
  mkdirSync(join(dir, 'packs'));
  const value = { domainName: 'Finance', exceptionTypes: [{ name: 'SettlementFail', severity: 'HIGH' }] };
  writeFileSync(join(dir, 'packs/domain.json'), JSON.stringify(value));
  assert.deepEqual(readPack(dir, spec), { value, source: 'file' });
});

test('a malformed pack is one ForgeError line naming the file and the key', () => {
  const dir = tempDir();
  mkdirSync(join(dir, 'packs'));
  const file = join(dir, 'packs/domain.json');
  writeFileSync(file, '{"domainName": "F", "exceptionTypes": [{"name": "A", "severity": "LOW"}, {"name": 7, "severity": "LOW"}]}');
  oneLine(() => readPack(dir, spec), /^forge: pack .*packs\/domain\.json: key exceptionTypes\[1\]\.name: .*expected string.* \(fix the file, or remove it/);
  writeFileSync(file, '{"domainName": "F", "exceptionTypes": [{"name": "A", "severity": "URGENT"}]}');
  oneLine(() => readPack(dir, spec), /packs\/domain\.json: key exceptionTypes\[0\]\.severity: /);
  writeFileSync(file, '{"exceptionTypes": []}');
  oneLine(() => readPack(dir, spec), /packs\/domain\.json: key domainName: /);
  writeFileSync(file, '{"domainName": "F",\n "exceptionTypes": [,]}');
  oneLine(() => readPack(dir, spec), /pack .*packs\/domain\.json is not valid JSON: /);
  writeFileSync(file, '[]');
  oneLine(() => readPack(dir, spec), /packs\/domain\.json: key \(top level\): /);
});

test('a pack path that cannot be read is an error, not a silent fallback', () => {
  const dir = tempDir();
  // A directory where the file should be: unreadable for every user, root included.
  mkdirSync(join(dir, 'packs/domain.json'), { recursive: true });
  oneLine(() => readPack(dir, spec), /cannot read pack .*packs\/domain\.json: EISDIR/);
});

test('parsePack is pure: text in, checked value out', () => {
  assert.equal(parsePack(spec, undefined).source, 'fallback');
  assert.equal(parsePack(spec, '{"domainName":"x","exceptionTypes":[{"name":"n","severity":"LOW"}]}').value.domainName, 'x');
  oneLine(() => parsePack(spec, 'nope', 'shown/as.json'), /pack shown\/as\.json is not valid JSON/);
});

test('datasetDir finds a dataset folder from the project root', () => {
  assert.equal(datasetDir('retail'), join(ROOT, 'generators', 'retail'));
  oneLine(() => datasetDir('no-such-dataset'), /cannot find the folder generators\/no-such-dataset/);
});

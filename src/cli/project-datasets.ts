/**
 * Datasets that `forge init` wrote into the user's project, for a forge
 * installed from npm: generators/<name>/index.js beside its
 * source-schema.json. The one a command chooses (--dataset, FORGE_DATASET,
 * or `dataset:` in the --config / FORGE_CONFIG file) is imported before the
 * command runs, so it is found like a built-in dataset (and build workers
 * import the same module).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { datasets } from '../../generators/index.ts';
import { rememberModule } from '../artifact/dataset-modules.ts';
import type { Dataset } from '../core/dataset.ts';
import { ForgeError } from '../errors.ts';
import { projectDir } from '../project.ts';

export async function loadProjectDataset(name: string, cwd: string): Promise<void> {
  if (Object.hasOwn(datasets, name) || !/^[a-z][a-z0-9_]*$/.test(name)) return;
  const dir = join(projectDir(cwd), 'generators', name);
  const index = join(dir, 'index.js');
  if (!existsSync(index) || !existsSync(join(dir, 'source-schema.json'))) return;
  const url = pathToFileURL(index).href;
  let dataset: Dataset | undefined;
  try {
    dataset = ((await import(url)) as { default?: Dataset }).default;
  } catch (e) {
    throw new ForgeError('BAD_CONFIG', `${index}: ${(e as Error).message.split('\n')[0]}`, 'fix the dataset module, or write it again with forge init --force');
  }
  if (!dataset || dataset.name !== name)
    throw new ForgeError('BAD_CONFIG', `${index} does not export the dataset ${name} as its default`, 'write it again with forge init --force');
  datasets[name] = dataset;
  rememberModule(dataset, url);
}

/**
 * Builds a test dataset (not in the registry) for the Python client's tests:
 *   npx tsx test/consumers/build-test-artifact.ts types <out-root>   (prints the artifact dir)
 */
import { build } from '../../src/artifact/build.ts';
import { typesDataset } from '../datasets/types.ts';

const [name, outRoot] = process.argv.slice(2);
if (name !== 'types' || !outRoot) {
  process.stderr.write('usage: build-test-artifact.ts types <out-root>\n');
  process.exit(2);
}
const { dir } = await build({ dataset: typesDataset, seed: 7, profile: 'tiny', outRoot });
process.stdout.write(dir + '\n');

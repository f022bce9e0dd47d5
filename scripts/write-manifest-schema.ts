// Writes schemas/manifest.schema.json from the zod definition (npm run schema).
import { writeFileSync } from 'node:fs';
import { manifestJsonSchema } from '../src/artifact/manifest.ts';

writeFileSync(new URL('../schemas/manifest.schema.json', import.meta.url), JSON.stringify(manifestJsonSchema(), null, 2) + '\n');

/**
 * Rows of a table, read back from the artifact's JSON file: one object per
 * line between "[" and "]" (the manifest's declared encoding), so a stream of
 * lines is a stream of rows and memory stays flat whatever the table's size.
 * The index is the row's position in the file: what a checkpoint records.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ForgeError } from '../errors.ts';
import type { RowObject } from './mapping.ts';

export interface IndexedRow {
  index: number;
  row: RowObject;
}

export async function* readRows(path: string): AsyncGenerator<IndexedRow> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let index = 0;
  for await (const line of lines) {
    if (line === '[' || line === ']' || line === '') continue;
    const text = line.endsWith(',') ? line.slice(0, -1) : line;
    let row: RowObject;
    try {
      row = JSON.parse(text);
    } catch {
      throw new ForgeError('ARTIFACT_INVALID', `${path}: row ${index + 1} is not JSON`, 'rebuild the artifact');
    }
    yield { index: index++, row };
  }
}

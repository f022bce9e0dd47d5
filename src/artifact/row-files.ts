/**
 * A table whose rows are also files (TableSpec.asFiles): each row's body
 * column written to its path column, under documents/, read back from the
 * table's CSV text as it streams to disk, so the file and the table cell
 * are the same bytes by construction.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PgCsvReader } from './csv-records.ts';
import type { FileEntry } from './manifest.ts';
import { HashedFile } from './output.ts';
import type { TableMeta } from './write.ts';

const SAFE_PATH = /^documents\/(?!.*\.\.)[A-Za-z0-9_./-]+$/;

export class RowFiles {
  private readonly pending: { path: string; body: string }[] = [];
  private readonly written: FileEntry[] = [];
  private readonly reader: PgCsvReader;

  constructor(
    private readonly dir: string,
    t: TableMeta,
  ) {
    const path = t.columns.findIndex((c) => c.name === t.rowFiles!.path);
    const body = t.columns.findIndex((c) => c.name === t.rowFiles!.body);
    this.reader = new PgCsvReader((r) => {
      const p = r[path];
      if (p === null || !SAFE_PATH.test(p)) throw new TypeError(`table ${t.name}: file path ${JSON.stringify(p)} must be a relative path under documents/`);
      this.pending.push({ path: p, body: r[body] ?? '' });
    });
  }

  /** A chunk of the table's CSV rows (no header). */
  async write(csv: Buffer): Promise<void> {
    this.reader.push(csv);
    await this.flush();
  }

  private async flush(): Promise<void> {
    for (const f of this.pending.splice(0)) {
      await mkdir(dirname(join(this.dir, f.path)), { recursive: true });
      const file = new HashedFile(join(this.dir, f.path));
      await file.write(f.body);
      this.written.push({ path: f.path, ...(await file.close()) });
    }
  }

  async close(): Promise<FileEntry[]> {
    this.reader.end();
    await this.flush();
    return this.written;
  }
}

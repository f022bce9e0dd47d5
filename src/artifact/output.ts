/**
 * Files written with their sha256 and size computed on the way out, with
 * stream backpressure honoured (memory stays flat however large the file).
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

export interface WrittenFile {
  sha256: string;
  bytes: number;
}

/**
 * Resolves once the stream is done with `data` (written to the file, or
 * consumed by gzip), not merely queued: the writer then reuses the buffer
 * (see bufferPool), so nothing may still point into it.
 */
function writeWithBackpressure(stream: WriteStream | Gzip, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(data, (e) => (e ? reject(e) : resolve()));
  });
}

async function finishStream(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'close');
}

export class HashedFile {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private failure: Error | undefined;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
    this.stream.on('error', (e) => (this.failure ??= e));
  }

  async write(data: Buffer | string): Promise<void> {
    if (this.failure) throw this.failure;
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    if (buf.length === 0) return;
    this.hash.update(buf);
    this.bytes += buf.length;
    await writeWithBackpressure(this.stream, buf);
  }

  async close(): Promise<WrittenFile> {
    await finishStream(this.stream);
    if (this.failure) throw this.failure;
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}

/**
 * A gzip file. The gzip header's mtime is zero in Node; its OS byte is forced
 * to 3 (Unix) so that the bytes do not depend on the platform that built it.
 */
export class HashedGzipFile {
  private readonly gzip: Gzip = createGzip({ level: 6 });
  private readonly file: HashedFile;
  private readonly content: Hash = createHash('sha256');
  private headerPatched = false;
  private pending: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(path: string) {
    this.file = new HashedFile(path);
    this.gzip.on('error', (e) => (this.failure ??= e));
    this.gzip.on('data', (chunk: Buffer) => {
      if (!this.headerPatched && chunk.length > 9) {
        chunk[9] = 3;
        this.headerPatched = true;
      }
      this.gzip.pause();
      this.pending = this.pending
        .then(() => this.file.write(chunk))
        .then(
          () => void this.gzip.resume(),
          (e: Error) => void (this.failure ??= e),
        );
    });
  }

  async write(data: Buffer | string): Promise<void> {
    if (this.failure) throw this.failure;
    const buf = typeof data === 'string' ? Buffer.from(data) : data;
    if (buf.length === 0) return;
    this.content.update(buf);
    await writeWithBackpressure(this.gzip, buf);
  }

  /** Returns the gzip file's hash and size, and the sha256 of its content. */
  async close(): Promise<WrittenFile & { contentSha256: string }> {
    this.gzip.end();
    await once(this.gzip, 'end');
    await this.pending;
    if (this.failure) throw this.failure;
    const written = await this.file.close();
    return { ...written, contentSha256: this.content.digest('hex') };
  }
}

/** A JSON array written one object per line from chunks of joined objects. */
export class JsonArrayWriter {
  private first = true;
  constructor(private readonly file: HashedFile) {}
  async open(): Promise<void> {
    await this.file.write('[\n');
  }
  /** `continues`: the bytes go on the previous chunk's last object list (no separator). */
  async chunk(joinedObjects: Buffer, continues = false): Promise<void> {
    if (joinedObjects.length === 0) return;
    if (!this.first && !continues) await this.file.write(',\n');
    await this.file.write(joinedObjects);
    this.first = false;
  }
  async close(): Promise<WrittenFile> {
    await this.file.write(this.first ? ']\n' : '\n]\n');
    return this.file.close();
  }
}

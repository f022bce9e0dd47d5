/**
 * Postgres CSV read back incrementally: chunks of text in, records out
 * (an unquoted empty field is NULL, a quoted one ''). Memory holds one
 * record, whatever the file's size; quoted fields may hold newlines.
 */
export class CsvRecords {
  private field = '';
  private record: (string | null)[] = [];
  private quoted = false;
  private inQuotes = false;
  /** A quote seen inside quotes: either the end of the field or the first of "". */
  private quotePending = false;
  private started = false;

  /** Feeds text; calls onRecord for each complete record. */
  push(text: string, onRecord: (r: (string | null)[]) => void): void {
    let i = 0;
    const n = text.length;
    while (i < n) {
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (text[i] === '"') {
            this.field += '"';
            i++;
            continue;
          }
          this.inQuotes = false;
          continue;
        }
        const q = text.indexOf('"', i);
        if (q < 0) {
          this.field += text.slice(i);
          return;
        }
        this.field += text.slice(i, q);
        this.quotePending = true;
        i = q + 1;
        continue;
      }
      const ch = text[i];
      if (ch === '"' && !this.started) {
        this.inQuotes = this.quoted = this.started = true;
        i++;
      } else if (ch === ',') {
        this.endField();
        i++;
      } else if (ch === '\n') {
        this.endField();
        onRecord(this.record);
        this.record = [];
        i++;
      } else {
        // Plain characters up to the next delimiter, in one slice.
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && text[j] !== '"') j++;
        if (j === i) throw new SyntaxError('a quote inside an unquoted CSV field');
        this.field += text.slice(i, j);
        this.started = true;
        i = j;
      }
    }
  }

  /** The end of the input: a last record without a newline, or an error for an open quote. */
  end(onRecord: (r: (string | null)[]) => void): void {
    if (this.inQuotes && !this.quotePending) throw new SyntaxError('unterminated quoted CSV field');
    this.inQuotes = this.quotePending = false;
    if (this.started || this.record.length) {
      this.endField();
      onRecord(this.record);
      this.record = [];
    }
  }

  private endField(): void {
    this.record.push(this.field === '' && !this.quoted ? null : this.field);
    this.field = '';
    this.quoted = this.started = false;
  }
}

/**
 * Source column types → the column types forge writes. Types forge cannot
 * write byte for byte are generated as their nearest writable type, and the
 * generated file says so in a comment.
 */
import type { SourceColumn } from './schema-model.ts';

export type Kind = 'int' | 'numeric' | 'text' | 'date' | 'timestamptz' | 'boolean' | 'uuid' | 'jsonb';

export interface ForgeType {
  kind: Kind;
  /** `col.<ctor>(name, ...)` arguments after the name. */
  ctor: string;
  args: number[];
  /** varchar length. */
  max?: number;
  precision?: number;
  scale?: number;
  /** Integer range of the type. */
  intMax?: number;
  /** Why the type differs from the source, when it does. */
  note?: string;
}

const INT_MAX: Record<string, number> = { smallint: 32767, integer: 2147483647, bigint: Number.MAX_SAFE_INTEGER };

export function forgeType(c: SourceColumn): ForgeType {
  const t = c.baseType.toLowerCase();
  const was = c.domain ? `domain ${c.domain} over ${t}` : c.enumLabels ? `enum ${c.type}` : t;
  const text = (note?: string): ForgeType => (note ? { kind: 'text', ctor: 'text', args: [], note } : { kind: 'text', ctor: 'text', args: [] });
  if (c.enumLabels) return text(`${was}: written as text with a check of its labels`);
  const note = c.domain ? `${was}: written as its base type with the domain's checks` : undefined;
  const withNote = (f: ForgeType, n = note): ForgeType => (n ? { ...f, note: n } : f);
  if (t in INT_MAX) return withNote({ kind: 'int', ctor: t, args: [], intMax: INT_MAX[t] });
  let m = /^numeric\((\d+),(\d+)\)$/.exec(t);
  if (m) return withNote({ kind: 'numeric', ctor: 'numeric', args: [+m[1], +m[2]], precision: +m[1], scale: +m[2] });
  if (t === 'numeric' || t === 'money')
    return withNote({ kind: 'numeric', ctor: 'numeric', args: [12, 2], precision: 12, scale: 2 }, `${was}: written as numeric(12,2)`);
  if (t === 'real' || t === 'double precision')
    return withNote(
      { kind: 'numeric', ctor: 'numeric', args: [15, 4], precision: 15, scale: 4 },
      `${was}: written as numeric(15,4) (float text differs between JavaScript and Postgres)`,
    );
  if ((m = /^(?:character varying|varchar)\((\d+)\)$/.exec(t))) return withNote({ kind: 'text', ctor: 'varchar', args: [+m[1]], max: +m[1] });
  if ((m = /^(?:character|char|bpchar)\((\d+)\)$/.exec(t)))
    return withNote({ kind: 'text', ctor: 'varchar', args: [+m[1]], max: +m[1] }, `${was}: written as varchar(${m[1]})`);
  if (t === 'text' || t === 'character varying') return withNote(text());
  if (t === 'date') return withNote({ kind: 'date', ctor: 'date', args: [] });
  if (t === 'timestamp with time zone') return withNote({ kind: 'timestamptz', ctor: 'timestamptz', args: [] });
  if (t === 'timestamp without time zone') return withNote({ kind: 'timestamptz', ctor: 'timestamptz', args: [] }, `${was}: written as timestamptz (UTC)`);
  if (t === 'boolean') return withNote({ kind: 'boolean', ctor: 'boolean', args: [] });
  if (t === 'uuid') return withNote({ kind: 'uuid', ctor: 'uuid', args: [] });
  if (t === 'jsonb' || t === 'json') return withNote({ kind: 'jsonb', ctor: 'jsonb', args: [] }, t === 'json' ? 'json: written as jsonb' : note);
  return text(`${was}: not a type forge writes; generated as text`);
}

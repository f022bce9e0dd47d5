import { createHash } from 'node:crypto';
import type { TableSpec } from '../../../src/core/dataset.ts';
import { countedRows } from '../../../src/core/rows.ts';
import type { Corpus } from '../documents/corpus.ts';
import { hashEmbedding } from '../documents/embedding.ts';

/**
 * The RAG documents (scenario rag-agent): one row per markdown document,
 * also written as the file its `path` names (asFiles), with its metadata,
 * the sha256 of its text and a hash-based embedding (real[]; see
 * documents/embedding.ts). Where pgvector is available, cast the column:
 * embedding::vector(64).
 */
export function documentsTable(corpus: Corpus): TableSpec {
  return {
    name: 'documents',
    role: 'dimension',
    columns: [
      'document_id integer',
      'doc_key text',
      'kind text',
      'title text',
      'path text',
      'body text',
      'metadata jsonb',
      'sha256 varchar(64)',
      'embedding real[]',
    ],
    primaryKey: ['document_id'],
    unique: [['doc_key'], ['path']],
    checks: { kind_valid: "kind IN ('store', 'product', 'promotion', 'faq')" },
    asFiles: { path: 'path', body: 'body' },
    rows: countedRows(corpus.count, (i) => {
      const d = corpus.doc(i);
      return [i + 1, d.key, d.kind, d.title, d.path, d.body, d.metadata, createHash('sha256').update(d.body).digest('hex'), hashEmbedding(d.body)];
    }),
  };
}

/** Questions for retrieval tests, each citing the one document that answers it. */
export function ragQuestionTable(corpus: Corpus): TableSpec {
  const questions = corpus.questions();
  return {
    name: 'rag_question',
    role: 'dimension',
    columns: ['question_id integer', 'question text', 'answer text', 'document_id integer', 'doc_key text'],
    primaryKey: ['question_id'],
    foreignKeys: [{ columns: ['document_id'], table: 'documents' }],
    rows: countedRows(questions.length, (i) => {
      const q = questions[i];
      return [i + 1, q.question, q.answer, q.docIndex + 1, corpus.doc(q.docIndex).key];
    }),
  };
}

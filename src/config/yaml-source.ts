import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { dottedPath, type ConfigIssue, type PathIssue } from './config-issue.js';
import { YamlLocator } from './yaml-locator.js';

/** A YAML text parsed with its positions, so problems found later point back at their line and column. */
export interface YamlSource {
  /** Name used in issues. */
  readonly file: string;
  readonly doc: Document;
  readonly locator: YamlLocator;
}

/** The outcome of {@link parseYamlSource}: the document, or its syntax errors positioned. */
export type ParseYamlResult = { readonly ok: true; readonly source: YamlSource } | { readonly ok: false; readonly issues: readonly ConfigIssue[] };

/** Parses one YAML document (merge keys allowed); syntax errors come back as issues, never thrown. */
export function parseYamlSource(text: string, file: string): ParseYamlResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, merge: true });
  const locator = new YamlLocator(doc, lines);
  if (doc.errors.length > 0) {
    return { ok: false, issues: doc.errors.map((error) => ({ file, ...locator.positionOf(error.pos[0]), path: '', message: syntaxMessage(error) })) };
  }
  return { ok: true, source: { file, doc, locator } };
}

/** The document as plain data; an empty file is an empty map, as `{}` is. */
export function yamlData(doc: Document): unknown {
  const value: unknown = doc.toJS({ maxAliasCount: 1000 });
  return value === null || value === undefined ? {} : value;
}

/** Positions a path issue in its source (at the key for unknown keys, else at the value). */
export function positionIssue(issue: PathIssue, source: YamlSource): ConfigIssue {
  const where = source.locator.locate(issue.path, issue.at);
  return { file: source.file, line: where.line, col: where.col, path: dottedPath(issue.path), message: issue.message };
}

// The position is already in front of the message, and the library's advice names its own API.
function syntaxMessage(error: YAMLError): string {
  if (error.code === 'MULTIPLE_DOCS') return 'the file holds more than one YAML document; it must hold exactly one';
  return error.message.replace(/ at line \d+, column \d+:?\s*$/s, '').trim();
}

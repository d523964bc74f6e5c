/** A line of an exposition that breaks the format; the parser adds the line number. */
export class SyntaxProblem extends Error {
  override readonly name = 'SyntaxProblem';
}

const METRIC_START = /[a-zA-Z_:]/;
const METRIC_REST = /[a-zA-Z0-9_:]/;
const LABEL_START = /[a-zA-Z_]/;
const LABEL_REST = /[a-zA-Z0-9_]/;
const LABEL_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\', '"': '"', n: '\n' };

/** Reads the tokens of one exposition line from left to right; throws {@link SyntaxProblem} on bad input. */
export class LineCursor {
  private at = 0;

  constructor(private readonly line: string) {}

  /** True when the whole line has been read. */
  atEnd(): boolean {
    return this.at >= this.line.length;
  }

  /** The next character, or '' at the end. */
  peek(): string {
    return this.line.charAt(this.at);
  }

  /** Consumes `char` or fails. */
  expect(char: string): void {
    if (this.peek() !== char) throw new SyntaxProblem(`expected "${char}", got ${this.describeNext()}`);
    this.at++;
  }

  /** Skips spaces and tabs; how many there were. */
  skipBlanks(): number {
    const from = this.at;
    while (this.isBlank()) this.at++;
    return this.at - from;
  }

  /** Skips one or more spaces or tabs, or fails saying what should have followed. */
  requireBlank(what: string): void {
    if (!this.isBlank()) throw new SyntaxProblem(`expected ${what}`);
    this.skipBlanks();
    if (this.atEnd()) throw new SyntaxProblem(`expected ${what}`);
  }

  /** Everything up to the next blank or the end. */
  readUntilBlank(): string {
    const start = this.at;
    while (!this.atEnd() && !this.isBlank()) this.at++;
    return this.line.slice(start, this.at);
  }

  /** A metric name: `[a-zA-Z_:][a-zA-Z0-9_:]*`. */
  readMetricName(): string {
    const name = this.readName(METRIC_START, METRIC_REST);
    if (name === '') throw new SyntaxProblem(`expected a metric name, got ${this.describeNext()}`);
    return name;
  }

  /** `{name="value", …}` with escapes resolved; a trailing comma is allowed, a repeated name is not. */
  readLabels(): Record<string, string> {
    this.expect('{');
    const labels: Record<string, string> = {};
    for (;;) {
      this.skipBlanks();
      if (this.peek() === '}') break;
      const name = this.readName(LABEL_START, LABEL_REST);
      if (name === '') throw new SyntaxProblem(`expected a label name, got ${this.describeNext()}`);
      if (Object.hasOwn(labels, name)) throw new SyntaxProblem(`label ${name} given twice`);
      this.skipBlanks();
      this.expect('=');
      this.skipBlanks();
      labels[name] = this.readQuoted();
      this.skipBlanks();
      if (this.peek() !== ',') break;
      this.at++;
    }
    this.expect('}');
    return labels;
  }

  private readQuoted(): string {
    this.expect('"');
    let value = '';
    for (;;) {
      if (this.atEnd()) throw new SyntaxProblem('label value not closed by "');
      const char = this.line.charAt(this.at++);
      if (char === '"') return value;
      if (char !== '\\') {
        value += char;
        continue;
      }
      const escaped = LABEL_ESCAPES[this.line.charAt(this.at++)];
      if (escaped === undefined) throw new SyntaxProblem('invalid escape in a label value: only \\\\, \\" and \\n are allowed');
      value += escaped;
    }
  }

  private readName(start: RegExp, rest: RegExp): string {
    const from = this.at;
    if (!start.test(this.peek())) return '';
    this.at++;
    while (rest.test(this.peek())) this.at++;
    return this.line.slice(from, this.at);
  }

  private isBlank(): boolean {
    const char = this.peek();
    return char === ' ' || char === '\t';
  }

  private describeNext(): string {
    return this.atEnd() ? 'the end of the line' : JSON.stringify(this.peek());
  }
}

import { html, type HtmlValue, SafeHtml } from './html-escape.js';

/**
 * Print styles: A4 landscape (the tables are wide), black on white, each section on its own page, table
 * headers repeated on every page and rows never split. Nothing relies on colour: states are words.
 */
const PAGE_CSS = new SafeHtml(`
@page { size: A4 landscape; margin: 12mm 10mm; }
* { box-sizing: border-box; }
html { color: #000; background: #fff; }
body { font: 10pt/1.35 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0 auto; max-width: 277mm; padding: 6mm; }
h1 { font-size: 17pt; margin: 0 0 3mm; }
h2 { font-size: 13pt; margin: 0 0 3mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #000; }
h3 { font-size: 11pt; margin: 5mm 0 2mm; break-after: avoid; }
section { margin-top: 8mm; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 1mm 6mm; margin: 0 0 4mm; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
table { border-collapse: collapse; width: 100%; margin: 0 0 4mm; font-size: 8.5pt; }
caption { text-align: left; font-weight: 600; padding-bottom: 1mm; }
th, td { border: 0.5pt solid #555; padding: 0.8mm 1.5mm; text-align: left; vertical-align: top; }
th { font-weight: 600; background: #eee; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: 600; }
.state-missed, .state-over { font-weight: 700; }
.state-missed::before, .state-over::before { content: "\\2717\\00a0"; }
.note { font-size: 9pt; margin: 0 0 3mm; }
.block { break-inside: avoid; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@media print {
  body { padding: 0; max-width: none; }
  section { margin-top: 0; break-before: page; }
  th { background: none; }
}
`);

/** A table column: its heading, and whether it holds numbers (right-aligned). */
export interface Column {
  readonly label: string;
  readonly numeric?: boolean;
}

/** A whole printable page: doctype, language, inline styles, no script and nothing loaded from elsewhere. */
export function reportPage(title: string, body: HtmlValue): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`.markup;
}

/** A section of the report: each starts a new printed page. */
export function section(heading: string, content: HtmlValue): SafeHtml {
  return html`<section>
<h2>${heading}</h2>
${content}
</section>
`;
}

/** Label/value pairs. */
export function facts(pairs: readonly (readonly [string, HtmlValue])[]): SafeHtml {
  return html`<dl class="facts">${pairs.map(([label, value]) => html`<dt>${label}</dt><dd>${value}</dd>`)}</dl>
`;
}

/** A table; `empty` is printed instead when there are no rows; `footer` rows go below the body. */
export function table(
  columns: readonly Column[],
  rows: readonly (readonly HtmlValue[])[],
  options: { readonly empty: string; readonly caption?: string; readonly footer?: readonly (readonly HtmlValue[])[] },
): SafeHtml {
  if (rows.length === 0) return html`<p class="note">${options.empty}</p>\n`;
  const numeric = new SafeHtml(' class="num"');
  const cell = (tag: 'td' | 'th', value: HtmlValue, index: number): SafeHtml => {
    const attributes = columns[index]?.numeric === true ? numeric : '';
    return tag === 'th' ? html`<th${attributes}>${value}</th>` : html`<td${attributes}>${value}</td>`;
  };
  const line = (row: readonly HtmlValue[]): SafeHtml => html`<tr>${row.map((value, index) => cell('td', value, index))}</tr>\n`;
  return html`<table>${options.caption === undefined ? '' : html`<caption>${options.caption}</caption>`}
<thead><tr>${columns.map((column, index) => cell('th', column.label, index))}</tr></thead>
<tbody>
${rows.map(line)}</tbody>${options.footer === undefined || options.footer.length === 0 ? '' : html`
<tfoot>${options.footer.map(line)}</tfoot>`}
</table>
`;
}

/** A state word, marked (bold and a cross, not colour) when it is a miss. */
export function stateWord(word: string, missed: boolean): SafeHtml {
  return missed ? html`<span class="state-missed">${word}</span>` : html`${word}`;
}

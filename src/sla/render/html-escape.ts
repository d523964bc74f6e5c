const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` safe inside HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** Markup that is already safe: built by `html`, or a constant of this module's callers (the page CSS). */
export class SafeHtml {
  constructor(readonly markup: string) {}

  /** The markup itself. */
  toString(): string {
    return this.markup;
  }
}

/** What `html` accepts between its literal parts: text and numbers are escaped, SafeHtml is kept. */
export type HtmlValue = string | number | SafeHtml | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  return value.map(render).join('');
}

/**
 * Template tag that escapes every interpolated value unless it is SafeHtml, so a report cannot forget
 * to escape a target or incident name: `html\`<td>${name}</td>\``.
 */
export function html(literals: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let markup = literals[0] ?? '';
  values.forEach((value, index) => {
    markup += render(value) + (literals[index + 1] ?? '');
  });
  return new SafeHtml(markup);
}

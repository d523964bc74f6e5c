import { describe, expect, it } from 'vitest';
import { escapeHtml, html, SafeHtml } from './html-escape.js';

describe('escapeHtml', () => {
  it('escapes markup, quotes and ampersands', () => {
    expect(escapeHtml('<script>alert("x")</script>')).toBe('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(escapeHtml(`"&'`)).toBe('&quot;&amp;&#39;');
    expect(escapeHtml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('escapes an entity again rather than trusting it', () => {
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  it('leaves other text alone', () => {
    expect(escapeHtml('Bogotá — 99.99 %')).toBe('Bogotá — 99.99 %');
  });
});

describe('html', () => {
  it('escapes interpolated text and numbers, keeps the literal markup', () => {
    expect(html`<td title="${`"&'`}">${'<b>'}${42}</td>`.markup).toBe('<td title="&quot;&amp;&#39;">&lt;b&gt;42</td>');
  });

  it('keeps SafeHtml and joins arrays, escaping their text', () => {
    const rows = ['<a>', 'b'].map((name) => html`<li>${name}</li>`);
    expect(html`<ul>${rows}${['<c>']}</ul>`.markup).toBe('<ul><li>&lt;a&gt;</li><li>b</li>&lt;c&gt;</ul>');
    expect(html`${new SafeHtml('<br>')}`.toString()).toBe('<br>');
  });
});

import { describe, expect, it } from 'vitest';
import { type InboundMail, isAutomaticMail, looksLikeAddress, parseInboundMail } from './inbound-mail.js';

function mail(overrides: Partial<InboundMail> = {}): InboundMail {
  return { from: { address: 'ana@customer.example' }, envelopeSender: 'ana@customer.example', subject: 's', text: 't', messageId: '<m@x>', ...overrides };
}

describe('isAutomaticMail', () => {
  it.each<[string, Partial<InboundMail>, boolean]>([
    ['a person', {}, false],
    ['Auto-Submitted: no', { autoSubmitted: 'no' }, false],
    ['Auto-Submitted: auto-replied', { autoSubmitted: 'auto-replied' }, true],
    ['Auto-Submitted with parameters', { autoSubmitted: 'Auto-Generated; owner-email="x@y"' }, true],
    ['Precedence: bulk', { precedence: 'Bulk' }, true],
    ['Precedence: list', { precedence: 'list' }, true],
    ['Precedence: junk', { precedence: 'junk' }, true],
    ['Precedence: urgent', { precedence: 'urgent' }, false],
    ['the null sender', { envelopeSender: '' }, true],
    ['the null sender in brackets', { envelopeSender: '<>' }, true],
  ])('%s', (_name, overrides, expected) => {
    expect(isAutomaticMail(mail(overrides))).toBe(expected);
  });
});

describe('looksLikeAddress', () => {
  it.each([
    ['ana@customer.example', true],
    ['root@localhost', true],
    ['ana', false],
    ['ana@', false],
    ['ana@x@y', false],
    ['Ana <ana@x.example>', false],
  ])('%s', (text, expected) => {
    expect(looksLikeAddress(text)).toBe(expected);
  });
});

describe('parseInboundMail', () => {
  const raw = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'));

  it('decodes the headers an incident needs', async () => {
    const parsed = await parseInboundMail(
      raw([
        'From: =?UTF-8?Q?Ana_P=C3=A9rez?= <ana@customer.example>',
        'Subject: =?UTF-8?Q?Ca=C3=ADda?= en Lima',
        'Message-ID: <m1@customer.example>',
        'Date: Tue, 14 Apr 2026 09:40:00 -0500',
        'Auto-Submitted: auto-generated',
        'Precedence: bulk',
        '',
        'calls drop',
      ]),
      'bounce@customer.example',
    );
    expect(parsed).toEqual({
      from: { address: 'ana@customer.example', name: 'Ana Pérez' },
      envelopeSender: 'bounce@customer.example',
      subject: 'Caída en Lima',
      text: 'calls drop',
      messageId: '<m1@customer.example>',
      date: Date.UTC(2026, 3, 14, 14, 40),
      autoSubmitted: 'auto-generated',
      precedence: 'bulk',
    });
  });

  it('falls back to the envelope sender and to a digest of the message for a missing Message-ID', async () => {
    const message = raw(['Subject: x', '', 'y']);
    const parsed = await parseInboundMail(message, 'ana@customer.example');
    expect(parsed.from).toEqual({ address: 'ana@customer.example' });
    expect(parsed.messageId).toMatch(/^<sha256-[0-9a-f]{64}@inbound\.invalid>$/);
    expect((await parseInboundMail(message, 'ana@customer.example')).messageId).toBe(parsed.messageId);
    expect((await parseInboundMail(raw(['Subject: x', '', 'z']), 'ana@customer.example')).messageId).not.toBe(parsed.messageId);
  });
});

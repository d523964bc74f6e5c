import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import type { ChannelConfigOf } from './channel-config.js';
import { createEmailNotifier, messageIdFor } from './email.js';
import { DeliveryError, type Notifier } from './notification.js';
import { createSelfSignedCert, type SelfSignedCert } from './testing/self-signed-cert.js';
import { heartbeatMessage, incidentMessage } from './testing/sample-messages.js';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from './testing/smtp-sink.js';

type EmailConfig = ChannelConfigOf<'email'>;
type SmtpSettings = EmailConfig['smtp'];

const open: { sink?: SmtpSink; notifier?: Notifier }[] = [];

afterEach(async () => {
  for (const { sink, notifier } of open.splice(0)) {
    await notifier?.close?.();
    await sink?.close();
  }
});

async function setup(
  sinkOptions: SmtpSinkOptions = {},
  channel: { to?: string[]; language?: 'es' | 'en'; smtp?: Partial<SmtpSettings> } = {},
): Promise<{ sink: SmtpSink; notifier: Notifier }> {
  const sink = await startSmtpSink(sinkOptions);
  const config: EmailConfig = {
    name: 'noc-email',
    kind: 'email',
    to: channel.to ?? ['noc@example.net', 'oncall@example.net'],
    from: 'NOC <noc-alerts@example.net>',
    language: channel.language ?? 'en',
    smtp: { host: '127.0.0.1', port: sink.port, tls: false, starttls: 'off', timeout: 10_000, ...channel.smtp },
  };
  const notifier = createEmailNotifier(config, { log: silentLogger });
  open.push({ sink, notifier });
  return { sink, notifier };
}

const signal = () => new AbortController().signal;

async function failureOf(promise: Promise<unknown>): Promise<DeliveryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof DeliveryError)) throw new Error(`expected a DeliveryError, got ${String(error)}`);
  return error;
}

describe('email notifier', () => {
  it('delivers an incident mail with subject, recipients, both bodies and a Message-ID from the idempotency key', async () => {
    const { sink, notifier } = await setup();
    await notifier.send(incidentMessage('opened'), signal());

    expect(sink.mails).toHaveLength(1);
    const [{ mail, envelopeTo }] = sink.mails as [(typeof sink.mails)[number]];
    expect(mail.subject).toBe('[S1] NOC-2026-000042 Both cores down — opened');
    expect(envelopeTo).toEqual(['noc@example.net', 'oncall@example.net']);
    expect(mail.from?.value).toEqual([{ name: 'NOC', address: 'noc-alerts@example.net' }]);
    expect(mail.messageId).toBe('<NOC-2026-000042.opened.1@example.net>');
    expect(mail.references).toBe('<incident.NOC-2026-000042@example.net>');

    expect(mail.text).toContain('Incident NOC-2026-000042 was opened.');
    expect(mail.text).toContain('Severity: S1');
    expect(mail.text).toContain('Attention due: 2026-03-01 15:04:00 UTC');
    expect(mail.text).toContain('Affected users: 240,000');
    // Plain text shows what was written, unescaped.
    expect(mail.text).toContain('note="<script>alert(1)</script>"');
    expect(mail.text).toContain('core-1 is down & <b>unreachable</b>');
    expect(mail.text).toContain('Open the incident: https://noc.example.net/incidents/NOC-2026-000042');

    const html = typeof mail.html === 'string' ? mail.html : '';
    expect(html).toContain('<h1 style="font-size: 20px; margin: 4px 0 8px;">Both cores down</h1>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;&#x2F;script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('core-1 is down &amp; &lt;b&gt;unreachable&lt;&#x2F;b&gt;');
    expect(html).not.toContain('<b>unreachable');
    expect(html).toContain('Core 1 &amp; core 2 stopped answering &lt;OPTIONS&gt;.');
    expect(html).toContain('href="https:&#x2F;&#x2F;noc.example.net&#x2F;incidents&#x2F;NOC-2026-000042"');
  });

  it('gives the same Message-ID to a duplicate delivery', async () => {
    const { sink, notifier } = await setup();
    await notifier.send(incidentMessage('opened'), signal());
    await notifier.send(incidentMessage('opened'), signal());
    await notifier.send(incidentMessage('resolved'), signal());
    const ids = sink.mails.map(({ mail }) => mail.messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it("sends to the message's recipients instead of the channel's", async () => {
    const { sink, notifier } = await setup();
    await notifier.send(incidentMessage('received', { to: ['reporter@customer.example'] }), signal());
    const [received] = sink.mails;
    expect(received?.envelopeTo).toEqual(['reporter@customer.example']);
    expect(received?.mail.subject).toBe('[S1] NOC-2026-000042 Both cores down — received');
    expect(received?.mail.text).toContain('Your report was registered with tracking number NOC-2026-000042.');
  });

  it('fails without retry when neither the channel nor the message names a recipient', async () => {
    const { sink, notifier } = await setup({}, { to: [] });
    const error = await failureOf(notifier.send(incidentMessage(), signal()));
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('channel "noc-email" has no recipients: set "to" on the channel or on the message');
    expect(sink.mails).toHaveLength(0);
  });

  it('writes Spanish when asked', async () => {
    const { sink, notifier } = await setup({}, { language: 'es' });
    await notifier.send(incidentMessage('appended', { to: ['cliente@example.com'] }), signal());
    const mail = sink.mails[0]?.mail;
    expect(mail?.subject).toBe('[S1] NOC-2026-000042 Both cores down — mensaje añadido');
    expect(mail?.text).toContain('Su mensaje se añadió al incidente NOC-2026-000042.');
    expect(mail?.text).toContain('Severidad: S1');
  });

  it('renders a short "pipeline alive" mail for a heartbeat', async () => {
    const { sink, notifier } = await setup();
    await notifier.send(heartbeatMessage('hb.1'), signal());
    const mail = sink.mails[0]?.mail;
    expect(mail?.subject).toBe('Heartbeat: notification pipeline alive');
    expect(mail?.text).toContain('The notification pipeline is alive: this heartbeat was queued at 2026-03-01 14:05:00 UTC');
    expect(mail?.messageId).toBe('<hb.1@example.net>');
    expect(mail?.references).toBeUndefined();
  });

  it('reports a 451 answer as retryable, and delivers on the next attempt', async () => {
    const { sink, notifier } = await setup({ refuse: (attempt) => (attempt === 1 ? { code: 451, message: 'Try again later' } : undefined) });
    const error = await failureOf(notifier.send(incidentMessage(), signal()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('451');
    await notifier.send(incidentMessage(), signal());
    expect(sink.mails).toHaveLength(1);
  });

  it('reports a 550 answer as final', async () => {
    const { notifier } = await setup({ refuse: () => ({ code: 550, message: 'Mailbox unavailable' }) });
    const error = await failureOf(notifier.send(incidentMessage(), signal()));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('550');
    expect(error.message).toContain('Mailbox unavailable');
  });

  it('reports a refused connection as retryable', async () => {
    const sink = await startSmtpSink();
    const port = sink.port;
    await sink.close();
    const notifier = createEmailNotifier(
      {
        name: 'noc-email',
        kind: 'email',
        to: ['noc@example.net'],
        from: 'noc@example.net',
        language: 'en',
        smtp: { host: '127.0.0.1', port, tls: false, starttls: 'off', timeout: 10_000 },
      },
      { log: silentLogger },
    );
    open.push({ notifier });
    const error = await failureOf(notifier.send(incidentMessage(), signal()));
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('authenticates with user and password; a wrong password is final and never echoed', async () => {
    const credentials = { user: 'noc-alerts', password: 'smtp-password-123' };
    const good = await setup({ credentials }, { smtp: credentials });
    await good.notifier.send(incidentMessage(), signal());
    expect(good.sink.mails[0]?.user).toBe('noc-alerts');

    const bad = await setup({ credentials }, { smtp: { user: 'noc-alerts', password: 'wrong-password-456' } });
    const error = await failureOf(bad.notifier.send(incidentMessage(), signal()));
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('535');
    expect(error.message).not.toContain('wrong-password-456');
    expect(bad.sink.mails).toHaveLength(0);
  });

  describe('STARTTLS', () => {
    let cert: SelfSignedCert;
    beforeAll(async () => {
      // TLS checks validity against the real clock.
      cert = await createSelfSignedCert('localhost', Date.now());
    });

    it('upgrades the connection and trusts the configured CA', async () => {
      const { sink, notifier } = await setup({ tls: cert }, { smtp: { host: 'localhost', starttls: 'required', ca: cert.cert } });
      await notifier.send(incidentMessage(), signal());
      expect(sink.mails).toHaveLength(1);
      expect(sink.mails[0]?.secure).toBe(true);
    });

    it('refuses a self-signed server without the CA', async () => {
      const { sink, notifier } = await setup({ tls: cert }, { smtp: { host: 'localhost', starttls: 'required' } });
      const error = await failureOf(notifier.send(incidentMessage(), signal()));
      expect(error.retryable).toBe(true);
      expect(error.message).toMatch(/self[- ]signed/i);
      expect(sink.mails).toHaveLength(0);
    });

    it('refuses to send in clear text when STARTTLS is required but not offered', async () => {
      const { sink, notifier } = await setup({}, { smtp: { starttls: 'required' } });
      const error = await failureOf(notifier.send(incidentMessage(), signal()));
      expect(error.message).toContain('refused STARTTLS (500)');
      expect(error.retryable).toBe(false);
      expect(sink.mails).toHaveLength(0);
    });
  });
});

describe('messageIdFor', () => {
  it('keeps safe keys readable and hashes the others deterministically', () => {
    expect(messageIdFor('NOC-2026-000042.opened.1', 'noc@example.net')).toBe('<NOC-2026-000042.opened.1@example.net>');
    const odd = messageIdFor('key with spaces <and> brackets', 'NOC <noc@example.net>');
    expect(odd).toMatch(/^<[0-9a-f]{40}@example\.net>$/);
    expect(messageIdFor('key with spaces <and> brackets', 'noc@example.net')).toBe(odd);
  });
});

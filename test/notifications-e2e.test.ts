import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNoc, type RunningNoc } from '../src/cli/start.js';
import { silentLogger } from '../src/core/index.js';
import { startHttpReceiver, type HttpReceiver } from '../src/alerter/notifiers/testing/http-receiver.js';
import { startSmtpSink, type SmtpSink } from '../src/alerter/notifiers/testing/smtp-sink.js';
import { verifyWebhookSignature } from '../src/alerter/notifiers/index.js';
import { freePort } from './support/free-port.js';

const OPERATOR = 'operator-token-for-tests-01';
const SECRET = 'webhook-secret-for-tests-0001';
const headers = { authorization: `Bearer ${OPERATOR}`, 'content-type': 'application/json' };

/** Polls until `read` returns something, or fails after a generous wait (this is no timing assertion). */
async function eventually<T>(read: () => T | undefined | Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`never happened: ${what}`);
}

describe('noc start delivers notifications end to end over real SMTP and HTTP', () => {
  const dir = mkdtempSync(join(tmpdir(), 'noc-notifications-'));
  let sink: SmtpSink;
  let hook: HttpReceiver;
  let flakySink: SmtpSink;
  let flakyHook: HttpReceiver;
  let noc: RunningNoc;
  let inboundPort: number;

  beforeAll(async () => {
    sink = await startSmtpSink();
    hook = await startHttpReceiver((_request, res) => res.writeHead(204).end());
    // Receivers that blink: the mail server refuses the first two attempts, the webhook fails twice and
    // then answers slowly.
    flakySink = await startSmtpSink({ refuse: (attempt) => (attempt <= 2 ? { code: 451, message: 'greylisted, try again later' } : undefined) });
    let hookCalls = 0;
    flakyHook = await startHttpReceiver((_request, res) => {
      hookCalls++;
      if (hookCalls <= 2) res.writeHead(503).end('busy');
      else setTimeout(() => res.writeHead(200).end('ok'), 300);
    });
    // A free port can be taken by another test process before the NOC binds it: try again with new ones.
    for (let attempt = 1; ; attempt++) {
      try {
        noc = await startWithFreshPorts();
        break;
      } catch (error) {
        if (attempt >= 3 || !String(error).includes('EADDRINUSE')) throw error;
      }
    }
  });

  async function startWithFreshPorts(): Promise<RunningNoc> {
    inboundPort = await freePort();
    const file = join(dir, 'noc.yaml');
    writeFileSync(
      file,
      `server:
  listen: 127.0.0.1:${await freePort()}
  public_url: https://noc.example.net
  auth:
    tokens:
      - { name: ana, token: ${OPERATOR}, role: operator }
store:
  kind: sqlite
  path: ./noc.db
incidents:
  prefix: LAB
notifications:
  channels:
    - name: noc-mail
      kind: email
      from: NOC <noc@noc.example>
      to: [noc@carrier.example]
      language: es
      smtp: { host: 127.0.0.1, port: ${sink.port}, starttls: 'off' }
    - name: l2-hook
      kind: webhook
      url: ${hook.url}/hook
      secret: ${SECRET}
    - name: flaky-mail
      kind: email
      to: [flaky@carrier.example]
      smtp: { host: 127.0.0.1, port: ${flakySink.port}, starttls: 'off' }
    - name: flaky-hook
      kind: webhook
      url: ${flakyHook.url}/hook
  routes:
    - match: { severity: S4 }
      channels: [flaky-mail, flaky-hook]
      group_wait: 0s
    - channels:
        L1: [noc-mail]
        L2: [l2-hook]
      group_wait: 1s
      group_interval: 1s
  outbox:
    retry: { initial: 100ms, factor: 2, max: 400ms }
  inbound_email:
    listen: 127.0.0.1:${inboundPort}
    allowed_domains: [noc.example]
    reply_channel: noc-mail
`,
    );
    return startNoc({ file, env: {}, log: silentLogger, cwd: dir });
  }

  afterAll(async () => {
    await noc?.stop();
    await Promise.all([sink?.close(), hook?.close(), flakySink?.close(), flakyHook?.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('mails L1 when an incident opens, signs the L2 webhook on escalation, and records both on the timeline', async () => {
    const created = await fetch(`${noc.url}/api/v1/incidents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ channel: 'phone', title: 'No ringback tone in Monterrey', severity: 'S2' }),
    });
    expect(created.status).toBe(201);
    const { number } = ((await created.json()) as { data: { number: string } }).data;

    const opened = await eventually(() => sink.mails.find((m) => m.mail.subject?.includes(number)), 'the opening mail');
    expect(opened.mail.subject).toBe(`[S2] ${number} No ringback tone in Monterrey — abierto`);
    expect(opened.envelopeTo).toEqual(['noc@carrier.example']);
    expect(opened.mail.text).toContain(`https://noc.example.net/api/v1/incidents/${number}`);

    const escalated = await fetch(`${noc.url}/api/v1/incidents/${number}/escalate`, { method: 'POST', headers, body: JSON.stringify({ reason: 'needs the core team' }) });
    expect(escalated.status).toBe(200);
    const call = await eventually(() => hook.requests.find((r) => r.body.includes(number)), 'the L2 webhook');
    const body = JSON.parse(call.body) as { version: number; event: string; incident: { number: string; level: string } };
    expect(body).toMatchObject({ version: 1, event: 'escalated', incident: { number, level: 'L2' } });
    expect(call.headers['idempotency-key']).toBe(`incident/${number}/route-2/2/L2/l2-hook`);
    expect(verifyWebhookSignature(SECRET, String(call.headers['x-noc-timestamp']), call.body, String(call.headers['x-noc-signature']))).toBe(true);

    const timeline = await eventually(async () => {
      const response = await fetch(`${noc.url}/api/v1/incidents/${number}`, { headers });
      const entries = ((await response.json()) as { data: { timeline: { action: string; details: { channel?: string; event?: string } }[] } }).data.timeline;
      const sent = entries.filter((entry) => entry.action === 'notification_sent');
      return sent.length >= 2 ? sent : undefined;
    }, 'both deliveries on the timeline');
    expect(timeline.map((entry) => [entry.details.channel, entry.details.event])).toEqual([
      ['noc-mail', 'opened'],
      ['l2-hook', 'escalated'],
    ]);

    const outbox = await fetch(`${noc.url}/api/v1/notifications?status=sent`, { headers });
    const messages = ((await outbox.json()) as { data: { channel: string; status: string }[] }).data;
    expect(messages.map((m) => m.channel).sort()).toEqual(['l2-hook', 'noc-mail']);
    const bad = await fetch(`${noc.url}/api/v1/notifications?status=lost`, { headers });
    expect(bad.status).toBe(400);

    const metrics = await (await fetch(`${noc.url}/metrics`)).text();
    expect(metrics).toMatch(/^noc_notifications_sent_total 2$/m);
    expect(metrics).toMatch(/^noc_stream_clients 0$/m);
  });

  it('registers a report sent by e-mail and replies with its tracking number', async () => {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: inboundPort, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'Luis <luis@customer.example>', to: 'soporte@noc.example', subject: 'Calls drop after 30 s', text: 'Since 10:00 every call to Monterrey drops.' });
    transport.close();

    const reply = await eventually(() => sink.mails.find((m) => m.envelopeTo.includes('luis@customer.example')), 'the reply to the reporter');
    const number = /LAB-\d{4}-\d{6}/.exec(reply.mail.subject ?? '')?.[0];
    expect(number).toBeDefined();
    const response = await fetch(`${noc.url}/api/v1/incidents/${number}`, { headers });
    const incident = ((await response.json()) as { data: { channel: string; registeredBy: string; title: string; description: string } }).data;
    expect(incident).toMatchObject({ channel: 'email', registeredBy: 'luis@customer.example', title: 'Calls drop after 30 s' });
    expect(incident.description).toContain('every call to Monterrey drops');
  });

  it('retries receivers that refuse or fail until they accept, with the same idempotency key each time', async () => {
    const created = await fetch(`${noc.url}/api/v1/incidents`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ channel: 'web', title: 'Voicemail greeting cut short', severity: 'S4' }),
    });
    const { number } = ((await created.json()) as { data: { number: string } }).data;

    const mail = await eventually(() => flakySink.mails.find((m) => m.mail.subject?.includes(number)), 'the mail past the greylisting');
    expect(mail.envelopeTo).toEqual(['flaky@carrier.example']);
    const calls = await eventually(() => (flakyHook.requests.length >= 3 ? flakyHook.requests : undefined), 'the third webhook call');
    expect(new Set(calls.map((call) => call.headers['idempotency-key']))).toEqual(new Set([`incident/${number}/route-1/1/L1/flaky-hook`]));

    const entries = await eventually(async () => {
      const response = await fetch(`${noc.url}/api/v1/incidents/${number}`, { headers });
      const timeline = ((await response.json()) as { data: { timeline: { action: string; details: { channel?: string; attempts?: number; error?: string } }[] } }).data.timeline;
      return timeline.filter((entry) => entry.action === 'notification_sent').length === 2 ? timeline : undefined;
    }, 'both deliveries on the timeline');
    for (const channel of ['flaky-mail', 'flaky-hook']) {
      const mine = entries.filter((entry) => entry.details.channel === channel);
      expect(mine.map((entry) => [entry.action, entry.details.attempts])).toEqual([
        ['notification_failed', 1],
        ['notification_failed', 2],
        ['notification_sent', 3],
      ]);
    }
    expect(entries.find((entry) => entry.details.channel === 'flaky-mail')?.details.error).toMatch(/451/);
    expect(entries.find((entry) => entry.details.channel === 'flaky-hook')?.details.error).toMatch(/503/);
  });
});

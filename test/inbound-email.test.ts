import { mkdtempSync, rmSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IncidentService, type IncidentsSettings } from '../src/alerter/index.js';
import { InboundMailServer, MailToIncident, parseInboundMail } from '../src/alerter/inbound/index.js';
import { SqliteProcessedMailLog } from '../src/store/sqlite/sqlite-processed-mail-log.js';
import type { OutgoingMessage } from '../src/alerter/notifiers/notification.js';
import { IncidentsConfig, SlaConfig } from '../src/config/index.js';
import { InboundEmailConfig } from '../src/config/schema/inbound-email.js';
import { type IncidentStore, ManualClock, MemoryProcessedMailLog, type OutboxMessage, type ProcessedMailLog, silentLogger, systemClock } from '../src/core/index.js';
import { LabPki } from '../src/lab/lab-pki.js';
import { openSqliteDatabase, type SqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteIncidentStore } from '../src/store/sqlite/sqlite-incident-store.js';
import { SqliteOutboxStore } from '../src/store/sqlite/sqlite-outbox-store.js';

const T0 = Date.UTC(2026, 3, 14, 15, 0, 0);
const CUSTOMER = '"Ana Pérez" <ana@customer.example>';

interface Harness {
  readonly db: SqliteDatabase;
  readonly service: IncidentService;
  readonly outbox: SqliteOutboxStore;
  readonly server: InboundMailServer;
  readonly port: number;
  /** While true, the incident store refuses to create incidents (a full disk, a locked database). */
  failing: boolean;
  wakes: number;
}

let harness: Harness;

/** A real IncidentService on SQLite behind a real SMTP listener on 127.0.0.1. */
async function startHarness(config: Record<string, unknown> = {}): Promise<Harness> {
  const db = openSqliteDatabase(':memory:');
  const sqlite = new SqliteIncidentStore(db);
  const state = { failing: false, wakes: 0 };
  const store: IncidentStore = new Proxy(sqlite, {
    get(target, property, receiver) {
      if (property === 'create' && state.failing) return () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const settings: IncidentsSettings = { sla: SlaConfig.parse({}), incidents: IncidentsConfig.parse({ prefix: 'NOC' }), targets: [] };
  const clock = new ManualClock(T0);
  const service = new IncidentService(store, () => settings, clock, silentLogger);
  const outbox = new SqliteOutboxStore(db);
  const parsed = InboundEmailConfig.parse({ listen: '127.0.0.1:0', allowed_domains: ['noc.example'], reply_channel: 'noc-mail', size_limit: 64 * 1024, ...config });
  const intake = new MailToIncident({
    incidents: service,
    processed: new MemoryProcessedMailLog(),
    outbox,
    prefix: settings.incidents.prefix,
    defaultSeverity: parsed.default_severity,
    replyChannel: parsed.reply_channel,
    wake: () => {
      state.wakes++;
    },
    log: silentLogger,
  });
  const server = new InboundMailServer({ config: parsed, intake, clock, log: silentLogger });
  const { port } = await server.start();
  return Object.assign(state, { db, service, outbox, server, port });
}

function send(mail: SendMailOptions, tls?: { ca: string }): Promise<SMTPTransport.SentMessageInfo> {
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: harness.port,
    secure: false,
    ...(tls === undefined ? { ignoreTLS: true } : { requireTLS: true, tls: { ca: tls.ca, servername: 'localhost' } }),
  });
  return transport.sendMail({ from: CUSTOMER, to: 'noc@noc.example', ...mail }).finally(() => transport.close());
}

async function refusal(promise: Promise<unknown>): Promise<{ responseCode?: number; response?: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as { responseCode?: number; response?: string },
  );
  if (error === undefined) throw new Error('the mail was accepted');
  return error;
}

/** Talks SMTP line by line on a raw socket, for what nodemailer will not send; returns each command's reply code. */
async function dialogue(commands: readonly string[]): Promise<number[]> {
  const socket: Socket = connect(harness.port, '127.0.0.1');
  let buffer = '';
  const waiters: ((line: string) => void)[] = [];
  const lines: string[] = [];
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffer += chunk;
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      const line = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      // Multi-line replies (EHLO) end with the line whose code is followed by a space.
      if (/^\d{3} /.test(line)) (waiters.shift() ?? ((done: string) => lines.push(done)))(line);
    }
  });
  const reply = (): Promise<string> => new Promise((resolve) => (lines.length > 0 ? resolve(lines.shift() as string) : waiters.push(resolve)));
  await reply();
  const codes: number[] = [];
  for (const command of commands) {
    socket.write(`${command}\r\n`);
    codes.push(Number((await reply()).slice(0, 3)));
  }
  socket.end('QUIT\r\n');
  return codes;
}

async function replies(): Promise<OutgoingMessage[]> {
  const messages: OutboxMessage[] = await harness.outbox.list();
  return messages.map((message) => message.payload as unknown as OutgoingMessage);
}

beforeEach(async () => {
  harness = await startHarness();
});

afterEach(async () => {
  await harness.server.stop();
  harness.db.close();
});

describe('incident reports by e-mail over real SMTP', () => {
  it('registers an incident from the sender and queues a reply with its tracking number', async () => {
    const info = await send({ subject: 'Calls to Bogotá fail with 503', text: '  Since 09:40 every call to +57 1 fails.\n', messageId: '<m1@customer.example>' });

    const [incident] = await harness.service.list();
    expect(incident).toMatchObject({
      channel: 'email',
      registeredBy: 'ana@customer.example',
      customer: { name: 'Ana Pérez', email: 'ana@customer.example' },
      title: 'Calls to Bogotá fail with 503',
      description: 'Since 09:40 every call to +57 1 fails.',
      severity: 'S3',
      status: 'registered',
      registeredAt: T0,
    });
    expect(incident?.number).toMatch(/^NOC-2026-\d{6}$/);
    expect(info.response).toContain(incident?.number);
    const outbox = await harness.outbox.list();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ channel: 'noc-mail', idempotencyKey: 'reply:<m1@customer.example>', status: 'pending' });
    expect(await replies()).toEqual([
      {
        idempotencyKey: 'reply:<m1@customer.example>',
        to: ['ana@customer.example'],
        notification: { type: 'incident', event: 'received', alerts: [], incident: expect.objectContaining({ number: incident?.number, title: 'Calls to Bogotá fail with 503' }) },
      },
    ]);
    expect(harness.wakes).toBe(1);
  });

  it('appends a mail whose subject names an existing incident to its timeline', async () => {
    await send({ subject: 'Calls to Bogotá fail', text: 'first report', messageId: '<m1@customer.example>' });
    const [first] = await harness.service.list();
    const number = first?.number as string;

    await send({ subject: `RE: [S3] ${number.toLowerCase()} Calls to Bogotá fail`, text: 'Still failing at 10:15.', messageId: '<m2@customer.example>' });

    expect(await harness.service.list()).toHaveLength(1);
    const comments = (await harness.service.timeline(number)).filter((entry) => entry.action === 'comment');
    expect(comments).toEqual([expect.objectContaining({ actor: 'ana@customer.example', details: { text: 'Still failing at 10:15.' } })]);
    const appended = (await replies()).find((reply) => reply.idempotencyKey === 'reply:<m2@customer.example>');
    expect(appended).toMatchObject({ to: ['ana@customer.example'], notification: { event: 'appended', incident: { number } } });
  });

  it('registers a new incident when the number in the subject does not exist', async () => {
    await send({ subject: 'Re: NOC-2026-999999 lost calls', text: 'again', messageId: '<m3@customer.example>' });
    const incidents = await harness.service.list();
    expect(incidents).toHaveLength(1);
    expect(incidents[0]?.number).not.toBe('NOC-2026-999999');
    expect(incidents[0]?.title).toBe('Re: NOC-2026-999999 lost calls');
  });

  it('creates nothing new for a message delivered twice, one after the other or at once', async () => {
    const mail = { subject: 'Dead air on calls to Lima', text: 'both directions', messageId: '<dup@customer.example>' };
    const first = await send(mail);
    const again = await send(mail);
    await Promise.all([send(mail), send(mail)]);

    const incidents = await harness.service.list();
    expect(incidents).toHaveLength(1);
    expect(again.response).toContain(`already processed as ${incidents[0]?.number}`);
    expect(first.response).toContain(`registered as ${incidents[0]?.number}`);
    expect(await harness.outbox.list()).toHaveLength(1);
    expect((await harness.service.timeline(incidents[0]?.number as string)).map((entry) => entry.action)).toEqual(['registered']);
  });

  it('refuses a recipient outside the allowed domains with 550 and a reason', async () => {
    const error = await refusal(send({ to: 'someone@elsewhere.example', subject: 'relay me', text: 'x' }));
    expect(error.responseCode).toBe(550);
    expect(error.response).toContain('incident reports for noc.example only');
    expect(await harness.service.list()).toEqual([]);
  });

  it('refuses a message over the size limit with 552', async () => {
    const error = await refusal(send({ subject: 'huge log', text: 'x'.repeat(100 * 1024) }));
    expect(error.responseCode).toBe(552);
    expect(await harness.service.list()).toEqual([]);
  });

  it('answers 4xx when the incident cannot be stored, so the retry registers it', async () => {
    const mail = { subject: 'Calls to Quito fail', text: 'please check', messageId: '<retry@customer.example>' };
    harness.failing = true;
    const error = await refusal(send(mail));
    expect(error.responseCode).toBe(451);
    expect(await harness.outbox.list()).toEqual([]);

    harness.failing = false;
    await send(mail);
    expect((await harness.service.list()).map((incident) => incident.title)).toEqual(['Calls to Quito fail']);
  });

  it('registers automatic mail but never replies to it', async () => {
    await send({ subject: 'Out of office', text: 'back monday', messageId: '<auto@customer.example>', headers: { 'Auto-Submitted': 'auto-replied' } });
    await send({ subject: 'Newsletter', text: 'news', messageId: '<bulk@customer.example>', headers: { Precedence: 'bulk' } });
    expect(await harness.service.list()).toHaveLength(2);
    expect(await harness.outbox.list()).toEqual([]);
    expect(harness.wakes).toBe(0);
  });

  it('takes an empty mail without a subject, and the text of an HTML-only mail', async () => {
    await send({ messageId: '<empty@customer.example>' });
    await send({ subject: 'html only', html: '<p>Calls <b>drop</b> after 30&nbsp;s</p>', messageId: '<html@customer.example>' });
    const byTitle = Object.fromEntries((await harness.service.list()).map((incident) => [incident.title, incident.description]));
    expect(byTitle['(no subject)']).toBe('');
    expect(byTitle['html only']).toMatch(/^Calls drop after 30\s+s$/);
  });

  it('refuses a sender that is not an address', async () => {
    const [hello, ...senders] = await dialogue(['EHLO client.example', 'MAIL FROM:<not-an-address>', 'MAIL FROM:<ana>', 'MAIL FROM:<ana@x@y>']);
    expect(hello).toBe(250);
    expect(senders.map((code) => Math.floor(code / 100))).toEqual([5, 5, 5]);
  });

  it('registers a report from the null sender without replying, and refuses one with no address at all', async () => {
    const report = ['From: Ana <ana@customer.example>', 'Subject: Delivery report', 'Message-ID: <null@customer.example>', '', 'calls fail', '.'].join('\r\n');
    const anonymous = ['From: nobody', 'Subject: who am I', 'Message-ID: <anon@customer.example>', '', 'x', '.'].join('\r\n');
    const session = ['EHLO client.example', 'MAIL FROM:<>', 'RCPT TO:<noc@noc.example>', 'DATA'];
    expect(await dialogue([...session, report])).toEqual([250, 250, 250, 354, 250]);
    expect(await dialogue([...session, anonymous])).toEqual([250, 250, 250, 354, 550]);
    expect((await harness.service.list()).map((incident) => incident.registeredBy)).toEqual(['ana@customer.example']);
    expect(await harness.outbox.list()).toEqual([]);
  });
});

describe('incident reports by e-mail without a reply channel', () => {
  it('registers the incident and queues no reply', async () => {
    await harness.server.stop();
    harness.db.close();
    harness = await startHarness({ reply_channel: undefined, default_severity: 'S2' });
    await send({ subject: 'Calls to Panamá fail', text: 'x', messageId: '<noreply@customer.example>' });
    expect((await harness.service.list()).map((incident) => incident.severity)).toEqual(['S2']);
    expect(await harness.outbox.list()).toEqual([]);
  });
});

describe('incident reports by e-mail over STARTTLS', () => {
  it('upgrades the session with the configured certificate', async () => {
    const pki = await LabPki.open(undefined, systemClock, silentLogger);
    const { cert, key } = await pki.issue({ names: ['localhost'], ips: ['127.0.0.1'], validDays: 1 });
    await harness.server.stop();
    harness.db.close();
    harness = await startHarness({ tls: { cert, key } });

    await send({ subject: 'Calls to Managua fail', text: 'over TLS', messageId: '<tls@customer.example>' }, { ca: pki.caPem });
    expect((await harness.service.list()).map((incident) => incident.description)).toEqual(['over TLS']);
    // A session that must not go plain is refused by a listener without a certificate.
    await harness.server.stop();
    harness.db.close();
    harness = await startHarness();
    await expect(send({ subject: 'x', text: 'y' }, { ca: pki.caPem })).rejects.toThrow(/STARTTLS/);
  });
});

describe('the processed-message log survives a restart', () => {
  it('does not register a message again after the intake restarts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'noc-inbound-'));
    try {
      const path = join(dir, 'noc.db');
      const intakeWith = (processed: ProcessedMailLog): MailToIncident =>
        new MailToIncident({ incidents: harness.service, processed, outbox: harness.outbox, prefix: 'NOC', defaultSeverity: 'S3', replyChannel: 'noc-mail', log: silentLogger });
      const mail = await parseInboundMail(
        Buffer.from('From: Ana <ana@customer.example>\r\nSubject: Calls fail\r\nMessage-ID: <restart@customer.example>\r\n\r\nplease check\r\n'),
        'ana@customer.example',
      );
      const before = openSqliteDatabase(path);
      const first = await intakeWith(new SqliteProcessedMailLog(before)).accept(mail, T0);
      before.close();

      const after = openSqliteDatabase(path);
      const again = await intakeWith(new SqliteProcessedMailLog(after)).accept(mail, T0 + 60_000);
      after.close();

      expect(again).toMatchObject({ duplicate: true, event: 'received', incident: { number: first.incident.number } });
      expect(await harness.service.list()).toHaveLength(1);
      expect(await harness.outbox.list()).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

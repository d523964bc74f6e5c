import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { labControlHandler } from './control-api.js';
import { FaultBoard } from './faults.js';
import { listenOn } from './listen-on.js';
import { escapeHtml, type MailSink, startMailSink, type SunkMail } from './mail-sink.js';
import { closeServer } from './shaped-http.js';
import { LAB_NODES, LabAddresses } from './topology.js';
import { conditionsOf } from './conditions.js';

const T0 = Date.UTC(2026, 3, 14, 15, 0, 0);

let sink: MailSink;
let control: Server;
let base: string;

async function start(capacity?: number): Promise<void> {
  sink = await startMailSink({ address: '127.0.0.1', port: 0, now: () => T0, log: silentLogger, ...(capacity === undefined ? {} : { capacity }) });
  const faults = new FaultBoard(LAB_NODES);
  control = createServer(
    labControlHandler({
      nodes: LAB_NODES,
      addresses: new LabAddresses(),
      faults,
      conditions: (id, at) => conditionsOf(faults, LAB_NODES.find((node) => node.id === id) ?? (LAB_NODES[0] as (typeof LAB_NODES)[number]), at),
      now: () => T0,
      mail: { smtp: `${sink.host}:${sink.port}`, messages: () => sink.messages() },
    }),
  );
  await listenOn(control, '127.0.0.1', 0);
  base = `http://127.0.0.1:${(control.address() as AddressInfo).port}`;
}

async function sendMail(mail: SendMailOptions): Promise<void> {
  const transport = nodemailer.createTransport({ host: sink.host, port: sink.port, secure: false, ignoreTLS: true });
  try {
    await transport.sendMail({ from: '"NOC" <noc@noc.example>', to: 'oncall@carrier.example', ...mail });
  } finally {
    transport.close();
  }
}

async function mailJson(): Promise<{ smtp: string; mails: SunkMail[] }> {
  const response = await fetch(`${base}/mail.json`);
  expect(response.status).toBe(200);
  return (await response.json()) as { smtp: string; mails: SunkMail[] };
}

beforeEach(async () => {
  await start();
});

afterEach(async () => {
  await closeServer(control);
  await sink.close();
});

describe('lab mail sink', () => {
  it('keeps a mail sent over SMTP and shows it at /mail.json', async () => {
    await sendMail({ subject: '[S2] NOC-2026-000042 sbc-co-1 is down', text: 'Opened at 15:00 UTC.\nL1 on call.', messageId: '<n1@noc.example>' });

    const { smtp, mails } = await mailJson();
    expect(smtp).toBe(`127.0.0.1:${sink.port}`);
    expect(mails).toEqual([
      {
        id: 1,
        receivedAt: T0,
        envelopeFrom: 'noc@noc.example',
        envelopeTo: ['oncall@carrier.example'],
        from: '"NOC" <noc@noc.example>',
        to: 'oncall@carrier.example',
        subject: '[S2] NOC-2026-000042 sbc-co-1 is down',
        date: expect.any(Number),
        messageId: '<n1@noc.example>',
        text: 'Opened at 15:00 UTC.\nL1 on call.',
      },
    ]);
  });

  it('lists mails newest first and keeps only the most recent', async () => {
    await closeServer(control);
    await sink.close();
    await start(2);
    for (const subject of ['one', 'two', 'three']) await sendMail({ subject, text: subject });
    expect((await mailJson()).mails.map((mail) => [mail.id, mail.subject])).toEqual([
      [3, 'three'],
      [2, 'two'],
    ]);
  });

  it('shows the mails as an HTML page with everything escaped', async () => {
    await sendMail({ subject: 'first', text: 'older' });
    await sendMail({ subject: '<script>alert(1)</script> & "x"', text: 'body <img src=x onerror=alert(1)>' });

    const response = await fetch(`${base}/mail`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    const page = await response.text();
    expect(page).not.toContain('<script>alert');
    expect(page).not.toContain('<img src=x');
    expect(page).toContain(escapeHtml('<script>alert(1)</script> & "x"'));
    expect(page).toContain('body &lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain(escapeHtml('"NOC" <noc@noc.example>'));
    expect(page.indexOf('alert(1)')).toBeLessThan(page.indexOf('older'));
  });

  it('says where to send mail while the box is empty', async () => {
    const page = await (await fetch(`${base}/mail`)).text();
    expect(page).toContain(`127.0.0.1:${sink.port}`);
    expect(page).toContain('No mail yet');
  });
});

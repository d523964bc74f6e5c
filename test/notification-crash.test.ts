// A process delivering the notification outbox is killed with SIGKILL while webhook requests are in flight.
// Restarted on the same database, it must deliver every message (nothing lost), repeating at most the ones
// that were in flight at the kill (at most `concurrency` duplicates), once their lease has run out.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../src/store/sqlite/database.js';
import { SqliteOutboxStore } from '../src/store/sqlite/sqlite-outbox-store.js';
import { TS_NODE_ARGS } from './support/run-ts.js';

const CHILD = resolve('test/support/outbox-delivery-child.ts');
const MESSAGES = 50;
const CONCURRENCY = 4;
const SEND_TIMEOUT_MS = 3_000;
const ANSWER_DELAY_MS = 150;
const KILL_AFTER = 15;

const dir = mkdtempSync(join(tmpdir(), 'noc-notification-crash-'));
const children: ChildProcess[] = [];
let server: Server | undefined;

afterAll(async () => {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGKILL');
    await exited;
  }
  if (server) {
    server.closeAllConnections();
    await new Promise((done) => server?.close(done));
  }
  rmSync(dir, { recursive: true, force: true });
});

/** A webhook receiver on loopback that records every request's key and answers slowly. */
async function slowReceiver(onRequest: (key: string) => void): Promise<{ url: string; received: string[] }> {
  const received: string[] = [];
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { idempotencyKey: string };
      if (body.idempotencyKey !== key) throw new Error(`header ${key} and body ${body.idempotencyKey} disagree`);
      received.push(key);
      onRequest(key);
      setTimeout(() => {
        if (!res.destroyed) res.writeHead(204).end();
      }, ANSWER_DELAY_MS);
    });
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hooks/noc`, received };
}

function startChild(path: string, url: string, enqueue: number): ChildProcess & { output: () => string } {
  const child = spawn(
    process.execPath,
    [...TS_NODE_ARGS, CHILD, path, url, String(enqueue), String(CONCURRENCY), String(SEND_TIMEOUT_MS)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
}

describe('notification outbox after SIGKILL mid-delivery', () => {
  it('delivers every message at least once, repeating at most the ones in flight', async () => {
    const path = join(dir, 'noc.db');
    let killFirst = (): void => undefined;
    const receiver = await slowReceiver(() => {
      if (receiver.received.length === KILL_AFTER) killFirst();
    });

    // --- first process: enqueues and delivers until the receiver has seen KILL_AFTER requests.
    const first = startChild(path, receiver.url, MESSAGES);
    const firstExit = exitOf(first);
    // Killed from inside the request handler, before the answer: that request is surely still in flight.
    killFirst = () => first.kill('SIGKILL');
    const firstEnd = await firstExit;
    expect(firstEnd, first.output()).toEqual({ code: null, signal: 'SIGKILL' });
    const beforeRestart = [...receiver.received];
    expect(beforeRestart.length).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(beforeRestart.length).toBeLessThan(MESSAGES);

    // What the kill left: every message is in the file; the in-flight ones are still pending, under lease.
    const db = openSqliteDatabase(path);
    try {
      const outbox = new SqliteOutboxStore(db);
      const all = await outbox.list();
      expect(all).toHaveLength(MESSAGES);
      const pending = all.filter((m) => m.status === 'pending');
      expect(pending.length).toBeGreaterThanOrEqual(MESSAGES - beforeRestart.length + 1);
      expect(pending.map((m) => m.idempotencyKey)).toContain(beforeRestart[KILL_AFTER - 1]);
    } finally {
      db.close();
    }

    // --- second process on the same file: enqueues nothing, runs until nothing is pending.
    const second = startChild(path, receiver.url, 0);
    const secondEnd = await exitOf(second);
    expect(secondEnd, second.output()).toEqual({ code: 0, signal: null });

    const times = new Map<string, number>();
    for (const key of receiver.received) times.set(key, (times.get(key) ?? 0) + 1);
    const expectedKeys = Array.from({ length: MESSAGES }, (_, i) => `crash-${String(i).padStart(3, '0')}`);
    expect([...times.keys()].sort()).toEqual(expectedKeys);
    const repeated = [...times].filter(([, n]) => n > 1).map(([key]) => key);
    // The request the kill interrupted was never answered, so it cannot have been marked sent: it repeats.
    expect(repeated).toContain(beforeRestart[KILL_AFTER - 1]);
    expect(repeated.length).toBeLessThanOrEqual(CONCURRENCY);
    for (const key of repeated) {
      expect(times.get(key)).toBe(2);
      expect(beforeRestart).toContain(key);
    }

    const after = openSqliteDatabase(path);
    try {
      const outbox = new SqliteOutboxStore(after);
      expect(await outbox.counts()).toEqual({ pending: 0, dead: 0 });
      expect(await outbox.list({ status: 'sent' })).toHaveLength(MESSAGES);
    } finally {
      after.close();
    }
  }, 120_000);
});

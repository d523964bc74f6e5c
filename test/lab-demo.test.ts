import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, waitFor } from './support/free-port.js';
import { randomLabNet } from './support/lab-net.js';
import { TS_NODE_ARGS } from './support/run-ts.js';

const NOC = resolve('src/cli/noc.ts');
const dir = mkdtempSync(join(tmpdir(), 'noc-lab-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface TargetView {
  target: string;
  state: string;
  probes: { kind: string; state: string; lastError?: string }[];
}

async function targets(base: string): Promise<Map<string, TargetView>> {
  const body = (await (await fetch(`${base}/api/v1/targets`)).json()) as { data: TargetView[] };
  return new Map(body.data.map((target) => [target.target, target]));
}

async function latest(base: string, metric: string, labels: Record<string, string>): Promise<number | undefined> {
  const match = `${metric}{${Object.entries(labels).map(([k, v]) => `${k}="${v}"`).join(',')}}`;
  const body = (await (await fetch(`${base}/api/v1/query_range?match=${encodeURIComponent(match)}&from=-2m`)).json()) as {
    data: { series: { points: [number, number][] }[] };
  };
  return body.data.series[0]?.points.at(-1)?.[1];
}

const LAB_TARGETS = ['core-1', 'core-2', 'sbc-mx-1', 'sbc-mx-2', 'sbc-co-1', 'sbc-cl-1', 'sbc-pe-1', 'sbc-cr-1', 'db-1', 'db-2', 'www'];

describe('noc start with no config (the bundled lab demo)', () => {
  it('monitors the lab within 30 s, and a fault injected with `noc lab fault` turns the right target down', async () => {
    const port = await freePort();
    const net = randomLabNet();
    const env = { ...process.env, NOC_LAB_NET: net, NOC_LISTEN: `127.0.0.1:${port}` };
    const child: ChildProcess = spawn(process.execPath, [...TS_NODE_ARGS, NOC, 'start'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    const labCli = (...args: string[]) => spawnSync(process.execPath, [...TS_NODE_ARGS, NOC, 'lab', ...args], { cwd: dir, env, encoding: 'utf8' });
    try {
      const started = Date.now();
      await waitFor(async () => {
        const all = await targets(base);
        return LAB_TARGETS.every((id) => all.get(id)?.state === 'up');
      }, 30_000);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(output.split('\n')[0]).toMatch(new RegExp(`^noc: no --config and no \\./noc\\.yaml: starting the lab network on ${net.replaceAll('.', '\\.')}\\.0/24`));
      expect(await latest(base, 'pair_members_up', { pair: 'core-1+core-2' })).toBe(2);

      const fault = labCli('fault', 'sbc-co-1', 'down', '--for', '10m');
      expect(fault.stderr).toBe('');
      expect(fault.stdout).toMatch(/^lab: sbc-co-1 down until \d{4}-/);
      // Both probes notice: the RPC connection is reset at once, OPTIONS times out after 5 s.
      await waitFor(async () => (await targets(base)).get('sbc-co-1')?.probes.every((p) => p.state === 'down') === true, 30_000);
      const all = await targets(base);
      expect(all.get('sbc-co-1')?.probes.find((p) => p.kind === 'sip_options')?.lastError).toMatch(/timed out after 5s|no answer to OPTIONS/);
      expect(await latest(base, 'up', { target: 'sbc-co-1', probe: 'sip_options' })).toBe(0);
      // Nothing else went down with it.
      expect(LAB_TARGETS.filter((id) => id !== 'sbc-co-1' && all.get(id)?.state !== 'up')).toEqual([]);

      // The demo's target_down rule (for: 30s) fires for it, and only for it.
      await waitFor(async () => {
        const alerts = (await (await fetch(`${base}/api/v1/alerts`)).json()) as { data: { rule: string; status: string; labels: Record<string, string> }[] };
        return alerts.data.some((a) => a.rule === 'target_down' && a.status === 'firing' && a.labels.target === 'sbc-co-1');
      }, 90_000);
      const alerts = (await (await fetch(`${base}/api/v1/alerts`)).json()) as { data: { rule: string; labels: Record<string, string> }[] };
      // One alert per probe that lost it; both belong to the same incident group (rule + target).
      const down = alerts.data.filter((a) => a.rule === 'target_down');
      expect(new Set(down.map((a) => a.labels.target))).toEqual(new Set(['sbc-co-1']));
      expect(down.map((a) => a.labels.probe).sort()).toEqual(['kamailio_rpc', 'sip_options']);

      // …and opens one incident for the target, with a tracking number and the rule's severity.
      interface IncidentView {
        number: string;
        title: string;
        status: string;
        severity: string;
        labels: Record<string, string>;
        affectedTargets: string[];
        fingerprint?: string;
      }
      const openIncidents = async () => ((await (await fetch(`${base}/api/v1/incidents`)).json()) as { data: IncidentView[] }).data;
      await waitFor(async () => (await openIncidents()).some((i) => i.labels.target === 'sbc-co-1'), 30_000);
      const opened = (await openIncidents()).filter((i) => i.labels.target === 'sbc-co-1');
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatchObject({ severity: 'S2', status: 'registered' });
      expect(opened[0]?.number).toMatch(/^NOC-\d{4}-\d{6}$/);

      // The demo config mails the desk (L1) through the lab's SMTP sink, which shows it to a newcomer.
      const mailbox = `http://${net}.1:9799/mail.json`;
      type SunkMail = { to: string[] | string; subject: string; text: string };
      const mailAbout = async (number: string) =>
        ((await (await fetch(mailbox)).json()) as { mails: SunkMail[] }).mails.find((mail) => mail.subject.includes(number));
      await waitFor(async () => (await mailAbout(opened[0]?.number ?? '')) !== undefined, 60_000);
      expect((await mailAbout(opened[0]?.number ?? ''))?.subject).toMatch(/^\[S2\] NOC-\d{4}-\d{6} .*sbc-co-1.* — opened$/);

      const wrong = labCli('fault', 'db-1', 'ddos');
      expect(wrong.status).toBe(1);
      expect(wrong.stderr).toMatch(/fault "ddos" applies to sbc targets; db-1 is a database/);

      expect(labCli('clear', 'sbc-co-1').stdout).toMatch(/lab: cleared sbc-co-1 down/);
      await waitFor(async () => (await targets(base)).get('sbc-co-1')?.state === 'up', 30_000);
      // The alerts resolve and the incident recovers, waiting for an operator to close it.
      await waitFor(async () => (await openIncidents()).find((i) => i.number === opened[0]?.number)?.status === 'resolved', 60_000);

      // Both cores down: one S1 outage incident, which the cores' own target_down alarms join (inhibition)
      // instead of opening incidents of their own.
      expect(labCli('fault', 'core-1', 'down').status).toBe(0);
      expect(labCli('fault', 'core-2', 'down').status).toBe(0);
      const outage = async () => (await openIncidents()).find((i) => i.title.startsWith('Both cores down'));
      await waitFor(async () => {
        const incident = await outage();
        return incident !== undefined && ['core-1', 'core-2'].every((core) => incident.affectedTargets.includes(core));
      }, 120_000);
      expect(await outage()).toMatchObject({ severity: 'S1', status: 'registered', title: 'Both cores down (core-1+core-2): calls fail everywhere' });
      type AlertView = { rule: string; status: string; incident?: string; labels: Record<string, string> };
      const coreAlerts = ((await (await fetch(`${base}/api/v1/alerts`)).json()) as { data: AlertView[] }).data.filter(
        (a) => a.rule === 'target_down' && a.labels.role === 'core' && a.status === 'firing',
      );
      expect(coreAlerts.length).toBeGreaterThanOrEqual(2);
      expect(new Set(coreAlerts.map((a) => a.incident))).toEqual(new Set([(await outage())?.fingerprint]));
      expect((await openIncidents()).filter((i) => i.labels.target === 'core-1' || i.labels.target === 'core-2')).toEqual([]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }
  }, 420_000);
});

describe('noc lab', () => {
  it('runs the lab alone, reports its nodes and faults, and stops on SIGTERM', async () => {
    const net = randomLabNet();
    const env = { ...process.env, NOC_LAB_NET: net };
    const child = spawn(process.execPath, [...TS_NODE_ARGS, NOC, 'lab', '--data', 'lab-data'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    const labCli = (...args: string[]) => spawnSync(process.execPath, [...TS_NODE_ARGS, NOC, 'lab', ...args], { cwd: dir, env, encoding: 'utf8' });
    try {
      await waitFor(async () => output.includes('the lab network is up'), 20_000);
      expect(existsSync(join(dir, 'lab-data', 'ca.pem'))).toBe(true);
      expect(labCli('fault', 'sbc-mx-1', 'flap').stdout).toBe('lab: sbc-mx-1 flap until cleared\n');
      const status = labCli('status').stdout.split('\n');
      expect(status.find((line) => line.startsWith('sbc-mx-1 '))).toMatch(new RegExp(`^sbc-mx-1 +sbc +mx +${net.replaceAll('.', '\\.')}\\.21 +flap$`));
      expect(status.find((line) => line.startsWith('core-1 '))).toMatch(/ ok$/);
      expect(labCli('fault', 'sbc-mx-1').status).toBe(2);
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const after = labCli('status');
      expect(after.status).toBe(1);
      expect(after.stderr).toMatch(/no lab answers at http:\/\/.*:9799\/nodes: start it with `noc lab`/);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});

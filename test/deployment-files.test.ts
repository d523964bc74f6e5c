import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfigFile } from '../src/config/index.js';
import { peerBinary } from './peers/peer-binary.js';

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes: Record<string, unknown>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as ComposeFile;
const noc = compose.services['noc'] as ComposeService;
/** What the compose file asks the user to export, with made-up values. */
const USER_ENV = { INFLUX_TOKEN: 'influx-token-0123456789abcdef', POSTGRES_PASSWORD: 'pg-password-0123', NOC_ADMIN_PASSWORD: 'admin-password-0123' };

describe('docker-compose.yml', () => {
  it('runs noc with InfluxDB, PostgreSQL and an SMTP sink, waiting for the stores to be healthy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['influxdb', 'noc', 'postgres', 'smtp']);
    expect(noc.build).toBe('.');
    expect(noc.depends_on).toEqual({
      influxdb: { condition: 'service_healthy' },
      postgres: { condition: 'service_healthy' },
      smtp: { condition: 'service_started' },
    });
    for (const name of ['noc', 'influxdb', 'postgres']) expect(compose.services[name]?.healthcheck?.test.length, name).toBeGreaterThan(1);
    expect(compose.services['influxdb']?.image).toMatch(/^influxdb:2\./);
  });

  it('keeps every service’s data on a declared named volume', () => {
    const named = Object.values(compose.services).flatMap((service) => (service.volumes ?? []).map((volume) => volume.split(':')[0] as string).filter((source) => !source.startsWith('.')));
    expect(named.sort()).toEqual(Object.keys(compose.volumes).sort());
  });

  it('mounts a configuration that loads, on InfluxDB and PostgreSQL, with the variables the compose file passes', () => {
    const mount = noc.volumes?.find((volume) => volume.endsWith(':/etc/noc/noc.yaml:ro'));
    expect(mount).toBe('./deploy/noc.yaml:/etc/noc/noc.yaml:ro');
    expect(noc.command).toEqual(['start', '--config', '/etc/noc/noc.yaml']);
    // The values the container sees: the user's exports, and the compose file's defaults for the rest.
    const env = Object.fromEntries(Object.keys(noc.environment ?? {}).map((name) => [name, USER_ENV[name as keyof typeof USER_ENV] ?? 'UTC']));
    const loaded = loadConfigFile('deploy/noc.yaml', { env });
    if (!loaded.ok) throw new Error(loaded.issues.map((issue) => `${issue.line}:${issue.col} ${issue.message}`).join('\n'));
    expect(loaded.config.store).toMatchObject({ kind: 'influxdb', version: 2, url: 'http://influxdb:8086', bucket: 'noc', token: USER_ENV.INFLUX_TOKEN });
    expect(loaded.config.incidents).toMatchObject({ kind: 'postgres', url: `postgres://noc:${USER_ENV.POSTGRES_PASSWORD}@postgres:5432/noc` });
    expect(loaded.config.server.listen).toBe('0.0.0.0:9700');
  });

  it('is valid Compose for docker compose itself, and names a variable left unset', () => {
    const binary = peerBinary('/usr/bin/docker-compose', 'apt-get install docker-compose');
    if (binary === undefined) return;
    const valid = spawnSync(binary, ['config', '--quiet'], { env: { ...process.env, ...USER_ENV }, encoding: 'utf8' });
    expect(valid.stderr).toBe('');
    expect(valid.status).toBe(0);
    const { INFLUX_TOKEN: _unset, ...withoutToken } = { ...process.env, ...USER_ENV };
    const missing = spawnSync(binary, ['config', '--quiet'], { env: withoutToken, encoding: 'utf8' });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain('set INFLUX_TOKEN');
  });
});

describe('Dockerfile', () => {
  it('serves on the port the compose file publishes and checks readiness', () => {
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    expect(dockerfile).toMatch(/^EXPOSE 9700$/m);
    expect(dockerfile).toMatch(/^FROM node:20-bookworm-slim$/m);
    expect(dockerfile).toContain('/readyz');
  });
});

import { X509Certificate, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock, silentLogger, systemClock } from '../core/index.js';
import { CA_CERT_FILE, CA_KEY_FILE, LabPki } from './lab-pki.js';

const DAY = 86_400_000;
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'noc-lab-pki-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('LabPki', () => {
  it('makes a CA: self-signed, basicConstraints CA critical, allowed to sign certificates', async () => {
    const pki = await LabPki.open(undefined, systemClock);
    const ca = new X509Certificate(pki.caPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe(ca.issuer);
    expect(ca.verify(ca.publicKey)).toBe(true);
    const parsed = new x509.X509Certificate(pki.caPem);
    const constraints = parsed.getExtension(x509.BasicConstraintsExtension);
    expect({ ca: constraints?.ca, critical: constraints?.critical }).toEqual({ ca: true, critical: true });
    const usages = parsed.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
    expect(usages & x509.KeyUsageFlags.keyCertSign).toBe(x509.KeyUsageFlags.keyCertSign);
    expect(pki.caPem).toMatch(/^-----BEGIN CERTIFICATE-----\n[^]*\n-----END CERTIFICATE-----\n$/);
    expect(pki.caFile).toBeUndefined();
  });

  it('issues a leaf for the names and IPs asked, signed by the CA, valid for the days asked', async () => {
    const clock = new ManualClock(Date.UTC(2026, 2, 1, 12, 0, 0));
    const pki = await LabPki.open(undefined, clock);
    const issued = await pki.issue({ names: ['www.lab.test', 'web-1.lab.test'], ips: ['127.0.10.51'], validDays: 90 });
    const leaf = new X509Certificate(issued.cert);
    const ca = new X509Certificate(pki.caPem);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName).toBe('DNS:www.lab.test, DNS:web-1.lab.test, IP Address:127.0.10.51');
    expect(leaf.checkHost('www.lab.test')).toBe('www.lab.test');
    expect(leaf.checkIP('127.0.10.51')).toBe('127.0.10.51');
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']);
    expect(Date.parse(leaf.validTo)).toBe(clock.now() + 90 * DAY);
    expect(issued.notAfter).toBe(clock.now() + 90 * DAY);
    expect(Date.parse(leaf.validFrom)).toBeLessThan(clock.now());
    expect(createPrivateKey(issued.key).asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(leaf.checkPrivateKey(createPrivateKey(issued.key))).toBe(true);

    const expiring = await pki.issue({ names: ['www.lab.test'], ips: [], validDays: 5 });
    expect(expiring.notAfter).toBe(clock.now() + 5 * DAY);
    expect(new X509Certificate(expiring.cert).serialNumber).not.toBe(leaf.serialNumber);
  });

  it('persists the CA in its directory, the key readable by its owner only, and reuses it on the next start', async () => {
    const dir = join(tempDir(), 'lab');
    const first = await LabPki.open(dir, systemClock, silentLogger);
    expect(first.caFile).toBe(join(dir, CA_CERT_FILE));
    expect(readFileSync(join(dir, CA_CERT_FILE), 'utf8')).toBe(first.caPem);
    expect(statSync(join(dir, CA_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual([CA_CERT_FILE, CA_KEY_FILE].sort());

    const second = await LabPki.open(dir, systemClock, silentLogger);
    expect(second.caPem).toBe(first.caPem);
    const leaf = new X509Certificate((await second.issue({ names: ['www.lab.test'], ips: [], validDays: 1 })).cert);
    expect(leaf.verify(new X509Certificate(first.caPem).publicKey)).toBe(true);
  });

  it('replaces a CA whose key is missing or foreign, or that is near its end', async () => {
    const dir = tempDir();
    const original = await LabPki.open(dir, systemClock);
    const other = tempDir();
    await LabPki.open(other, systemClock);
    writeFileSync(join(dir, CA_KEY_FILE), readFileSync(join(other, CA_KEY_FILE)));
    const replaced = await LabPki.open(dir, systemClock);
    expect(replaced.caPem).not.toBe(original.caPem);

    rmSync(join(dir, CA_KEY_FILE));
    const again = await LabPki.open(dir, systemClock);
    expect(again.caPem).not.toBe(replaced.caPem);

    const late = new ManualClock(Date.now() + 3_600 * DAY);
    const renewed = await LabPki.open(dir, late);
    expect(renewed.caPem).not.toBe(again.caPem);
    expect(Date.parse(new X509Certificate(renewed.caPem).validTo)).toBeGreaterThan(late.now() + 3_000 * DAY);
  });

  it('refuses a certificate with nothing to name', async () => {
    const pki = await LabPki.open(undefined, systemClock);
    await expect(pki.issue({ names: [], ips: [], validDays: 5 })).rejects.toThrow(/at least one name or IP/);
    await expect(pki.issue({ names: ['a.lab.test'], ips: [], validDays: 0 })).rejects.toThrow(/positive/);
  });
});

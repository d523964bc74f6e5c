import { randomBytes, webcrypto } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { silentLogger, type Clock, type Logger } from '../core/index.js';

/** File names of the persisted CA inside the lab's directory. */
export const CA_CERT_FILE = 'ca.pem';
/** The CA's private key (PKCS#8 PEM), readable by its owner only. */
export const CA_KEY_FILE = 'ca-key.pem';

/** What a leaf certificate covers and for how long. */
export interface IssueRequest {
  /** DNS names; the first is also the subject CN. */
  readonly names: readonly string[];
  readonly ips: readonly string[];
  readonly validDays: number;
}

/** A leaf certificate and its key, PEM, as `tls.createSecureContext` takes them. */
export interface IssuedCertificate {
  readonly cert: string;
  readonly key: string;
  /** ms since the epoch. */
  readonly notAfter: number;
}

/** The lab's usual leaf lifetime, as an ACME CA would issue. */
export const NORMAL_VALID_DAYS = 90;
/** Lifetime of the certificate served under the `cert-expiring` fault. */
export const EXPIRING_VALID_DAYS = 5;

const DAY_MS = 86_400_000;
const CA_VALID_DAYS = 3_650;
// A CA closer to its end than this is replaced at start, so no leaf outlives its issuer.
const CA_RENEW_MARGIN_DAYS = NORMAL_VALID_DAYS + 1;
// Certificates start a little in the past, so a client whose clock lags still accepts them.
const BACKDATE_MS = 3_600_000;
const CA_NAME = 'CN=NOC Lab CA, O=NOC Lab';
const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

// Passed to every x509 call instead of setting the library's global provider: no process-wide state.
const crypto = webcrypto;
type CryptoKey = webcrypto.CryptoKey;

/** The lab's certificate authority: one ECDSA P-256 CA, persisted when given a directory, issuing leaf certificates. */
export class LabPki {
  private constructor(
    private readonly caCert: x509.X509Certificate,
    private readonly caKey: CryptoKey,
    private readonly clock: Clock,
    /** Where `ca.pem` lives, when the CA is persisted. */
    readonly caFile: string | undefined,
  ) {}

  /**
   * Opens the CA kept in `dir` (created with the directory when missing, unreadable or near its end), or a
   * throwaway CA when `dir` is undefined.
   */
  static async open(dir: string | undefined, clock: Clock, log: Logger = silentLogger): Promise<LabPki> {
    const pkiLog = log.child({ component: 'lab-pki' });
    if (dir === undefined) {
      const { cert, key } = await createCa(clock);
      return new LabPki(cert, key, clock, undefined);
    }
    const certFile = join(dir, CA_CERT_FILE);
    const keyFile = join(dir, CA_KEY_FILE);
    const loaded = await loadCa(certFile, keyFile, clock);
    if (loaded.ok) {
      pkiLog.info({ caFile: certFile }, 'lab CA loaded');
      return new LabPki(loaded.cert, loaded.key, clock, certFile);
    }
    if (loaded.reason !== undefined) pkiLog.warn({ caFile: certFile, reason: loaded.reason }, 'making a new lab CA');
    const { cert, key } = await createCa(clock);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    // Key first: a crash between the two renames leaves no ca.pem, so the next start makes a fresh pair.
    await writeAtomically(keyFile, await keyPem(key), 0o600);
    await writeAtomically(certFile, pemText(cert), 0o644);
    pkiLog.info({ caFile: certFile }, 'lab CA created');
    return new LabPki(cert, key, clock, certFile);
  }

  /** The CA certificate, PEM: what a client trusts (`tls.ca`, `ca_file`). */
  get caPem(): string {
    return pemText(this.caCert);
  }

  /** Issues a server certificate for `names` and `ips`, valid from now for `validDays`, with a fresh key. */
  async issue(request: IssueRequest): Promise<IssuedCertificate> {
    if (request.names.length === 0 && request.ips.length === 0) throw new Error('a certificate needs at least one name or IP');
    if (!(request.validDays > 0)) throw new Error('validDays must be positive');
    const now = this.clock.now();
    const notAfter = new Date(now + request.validDays * DAY_MS);
    const keys = await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
    const cn = request.names[0] ?? request.ips[0] ?? '';
    const cert = await x509.X509CertificateGenerator.create(
      {
        serialNumber: serialNumber(),
        subject: `CN=${cn}, O=NOC Lab`,
        issuer: this.caCert.subject,
        notBefore: new Date(now - BACKDATE_MS),
        notAfter,
        signingAlgorithm: SIGNING_ALGORITHM,
        publicKey: keys.publicKey,
        signingKey: this.caKey,
        extensions: [
          new x509.BasicConstraintsExtension(false, undefined, true),
          new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
          new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
          new x509.SubjectAlternativeNameExtension([
            ...request.names.map((value) => ({ type: 'dns' as const, value })),
            ...request.ips.map((value) => ({ type: 'ip' as const, value })),
          ]),
          await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
          await x509.AuthorityKeyIdentifierExtension.create(this.caCert.publicKey, false, crypto),
        ],
      },
      crypto,
    );
    // X.509 times have whole seconds: report what the certificate says, not what was asked.
    return { cert: pemText(cert), key: await keyPem(keys.privateKey), notAfter: cert.notAfter.getTime() };
  }
}

async function createCa(clock: Clock): Promise<{ cert: x509.X509Certificate; key: CryptoKey }> {
  const now = clock.now();
  const keys = await crypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialNumber(),
      name: CA_NAME,
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + CA_VALID_DAYS * DAY_MS),
      signingAlgorithm: SIGNING_ALGORITHM,
      keys,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  return { cert, key: keys.privateKey };
}

type LoadedCa = { ok: true; cert: x509.X509Certificate; key: CryptoKey } | { ok: false; reason?: string };

/** The persisted CA, or why it cannot be used (no reason when there simply is none yet). */
async function loadCa(certFile: string, keyFile: string, clock: Clock): Promise<LoadedCa> {
  let certText: string;
  let keyText: string;
  try {
    certText = await readFile(certFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { ok: false };
    return { ok: false, reason: `cannot read ${certFile}: ${(error as Error).message}` };
  }
  try {
    keyText = await readFile(keyFile, 'utf8');
  } catch (error) {
    return { ok: false, reason: `cannot read ${keyFile}: ${(error as Error).message}` };
  }
  try {
    const cert = new x509.X509Certificate(certText);
    const der = x509.PemConverter.decodeFirst(keyText);
    const key = await crypto.subtle.importKey('pkcs8', der, KEY_ALGORITHM, true, ['sign']);
    if (!(await keyMatches(cert, key))) return { ok: false, reason: `${keyFile} is not the key of ${certFile}` };
    if (cert.notAfter.getTime() - clock.now() < CA_RENEW_MARGIN_DAYS * DAY_MS) {
      return { ok: false, reason: `${certFile} expires ${cert.notAfter.toISOString()}` };
    }
    return { ok: true, cert, key };
  } catch (error) {
    return { ok: false, reason: `cannot parse ${certFile} or ${keyFile}: ${(error as Error).message}` };
  }
}

async function keyMatches(cert: x509.X509Certificate, key: CryptoKey): Promise<boolean> {
  const probe = randomBytes(32);
  const signature = await crypto.subtle.sign(SIGNING_ALGORITHM, key, probe);
  const publicKey = await cert.publicKey.export(KEY_ALGORITHM, ['verify'], crypto);
  return crypto.subtle.verify(SIGNING_ALGORITHM, publicKey, signature, probe);
}

async function keyPem(key: CryptoKey): Promise<string> {
  return `${x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY')}\n`;
}

// PEM files end with a newline, as OpenSSL writes them; the library leaves it off.
function pemText(cert: x509.X509Certificate): string {
  return `${cert.toString('pem')}\n`;
}

/** 16 random bytes, top bit clear so the DER integer stays positive (RFC 5280 §4.1.2.2). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex');
}

/** Writes `text` to a temporary file beside `path`, flushed, then renames it over `path`: readers see old or new, never half. */
async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temporary, path);
}

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A server certificate with its key and the facts tests assert. */
export interface TestLeaf {
  readonly cert: string;
  readonly key: string;
  /** notAfter as requested from OpenSSL, Unix seconds. */
  readonly notAfter: number;
  /** Serial as OpenSSL prints it (upper-case hex). */
  readonly serial: string;
}

/** A throw-away PKI: a CA and leaves for `www.rr.test` in every state a probe must tell apart. */
export interface TestPki {
  readonly caName: string;
  /** The CA certificate, PEM. */
  readonly ca: string;
  /** Signed by the CA, valid now, for www.rr.test. */
  readonly valid: TestLeaf;
  /** Signed by the CA, for www.rr.test, expired in 2020. */
  readonly expired: TestLeaf;
  /** Self-signed, for www.rr.test. */
  readonly selfSigned: TestLeaf;
  /** Signed by the CA, valid now, but for other.rr.test only. */
  readonly wrongName: TestLeaf;
  /** Where the files are; removed by {@link TestPki.remove}. */
  readonly dir: string;
  remove(): void;
}

const CA_NAME = 'NOC Test CA';
const DAY = 86_400;

const CA_CONFIG = `[req]
distinguished_name = dn
prompt = no
[dn]
CN = ${CA_NAME}
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ca]
default_ca = test_ca
[test_ca]
database = db/index.txt
new_certs_dir = db
serial = db/serial
default_md = sha256
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
`;

const leafExtensions = (name: string): string =>
  `subjectAltName = DNS:${name}\nbasicConstraints = CA:FALSE\nkeyUsage = critical,digitalSignature\nextendedKeyUsage = serverAuth\n`;

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** `YYYYMMDDHHMMSSZ`, the form `openssl ca -startdate/-enddate` takes. */
function opensslTime(unixSeconds: number): string {
  return `${new Date(unixSeconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

/** Creates the PKI with the `openssl` CLI (OpenSSL 3.0 has no `-not_after` on `x509`, so leaves go through `openssl ca`). */
export function createTestPki(openssl: string): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'noc-pki-'));
  const run = (args: string[]): string => execFileSync(openssl, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const read = (file: string): string => readFileSync(join(dir, file), 'utf8');
  mkdirSync(join(dir, 'db'));
  writeFileSync(join(dir, 'db/index.txt'), '');
  writeFileSync(join(dir, 'db/serial'), '1001\n');
  writeFileSync(join(dir, 'ca.cnf'), CA_CONFIG);
  run(['req', '-x509', ...EC_KEY, '-config', 'ca.cnf', '-extensions', 'ca_ext', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650']);

  const serialOf = (file: string): string => run(['x509', '-in', file, '-noout', '-serial']).trim().replace(/^serial=/, '');
  const now = Math.floor(Date.now() / 1000);

  const signed = (file: string, name: string, notBefore: number, notAfter: number): TestLeaf => {
    writeFileSync(join(dir, `${file}.ext`), leafExtensions(name));
    run(['req', '-new', ...EC_KEY, '-subj', `/CN=${name}`, '-keyout', `${file}.key`, '-out', `${file}.csr`]);
    run(['ca', '-batch', '-config', 'ca.cnf', '-cert', 'ca.pem', '-keyfile', 'ca.key', '-in', `${file}.csr`, '-out', `${file}.pem`,
      '-startdate', opensslTime(notBefore), '-enddate', opensslTime(notAfter), '-extfile', `${file}.ext`, '-notext']);
    return { cert: read(`${file}.pem`), key: read(`${file}.key`), notAfter, serial: serialOf(`${file}.pem`) };
  };

  const valid = signed('valid', 'www.rr.test', now - DAY, now + 90 * DAY);
  const expired = signed('expired', 'www.rr.test', Date.UTC(2020, 0, 1) / 1000, Date.UTC(2020, 1, 1) / 1000);
  const wrongName = signed('wrong-name', 'other.rr.test', now - DAY, now + 30 * DAY);
  run(['req', '-x509', ...EC_KEY, '-subj', '/CN=www.rr.test', '-addext', 'subjectAltName=DNS:www.rr.test',
    '-keyout', 'self.key', '-out', 'self.pem', '-days', '10']);
  const selfEnd = run(['x509', '-in', 'self.pem', '-noout', '-enddate']).trim().replace(/^notAfter=/, '');
  const selfSigned = { cert: read('self.pem'), key: read('self.key'), notAfter: Date.parse(selfEnd) / 1000, serial: serialOf('self.pem') };

  return {
    caName: CA_NAME,
    ca: read('ca.pem'),
    valid,
    expired,
    selfSigned,
    wrongName,
    dir,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Labels } from '../../../core/index.js';
import type { Measurement } from '../../probe.js';

/** What a TLS handshake revealed about the server, whether or not the probe trusts it. */
export interface TlsFacts {
  /** `TLSv1.3`, `TLSv1.2`… */
  readonly protocol: string;
  readonly cipher: string;
  readonly subjectCn: string;
  readonly issuerCn: string;
  /** Hex, as OpenSSL prints it. */
  readonly serial: string;
  /** The leaf certificate's notAfter, Unix seconds; NaN when the server sent no certificate. */
  readonly notAfter: number;
  /** Why the chain does not verify against the trusted CAs; undefined when it does. */
  readonly chainError?: string;
  /** Why the certificate does not cover the server name; undefined when it does. */
  readonly nameError?: string;
}

/**
 * Reads the facts of a connected TLS socket. The socket must have been opened without name checking
 * (`checkServerIdentity: () => undefined`), so `authorized` speaks of the chain alone and the name is checked here.
 */
export function readTlsFacts(socket: TLSSocket, serverName: string): TlsFacts {
  // The lazy X509Certificate costs far less per run than getPeerCertificate()'s eager legacy object.
  const cert = socket.getPeerX509Certificate();
  const nameProblem = cert === undefined ? 'the server sent no certificate' : nameMismatch(cert, serverName);
  const chainProblem = socket.authorized ? undefined : String(socket.authorizationError ?? 'not trusted');
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher().name,
    subjectCn: commonName(cert?.subject),
    issuerCn: commonName(cert?.issuer),
    serial: cert?.serialNumber ?? '',
    notAfter: cert === undefined ? Number.NaN : Date.parse(cert.validTo) / 1000,
    ...(chainProblem === undefined ? {} : { chainError: chainProblem }),
    ...(nameProblem === undefined ? {} : { nameError: nameProblem }),
  };
}

/** Why `cert` does not cover `name` (a host name or an IP, as browsers check it); undefined when it does. */
function nameMismatch(cert: X509Certificate, name: string): string | undefined {
  const covered = isIP(name) === 0 ? cert.checkHost(name) !== undefined : cert.checkIP(name) !== undefined;
  if (covered) return undefined;
  return `the certificate is for ${cert.subjectAltName ?? `CN=${commonName(cert.subject)}`}, not ${name}`;
}

/** Why a client that verifies would refuse this server; undefined when it would accept it. */
export function verificationProblem(facts: TlsFacts): string | undefined {
  if (facts.chainError !== undefined) return `certificate not trusted: ${facts.chainError}`;
  if (facts.nameError !== undefined) return `certificate name mismatch: ${facts.nameError}`;
  return undefined;
}

/** `TLSv1.2` → 1.2, `TLSv1` → 1.0; NaN for anything else. */
export function protocolNumber(protocol: string): number {
  const match = /^TLSv(\d)(?:\.(\d))?$/.exec(protocol);
  return match ? Number(`${match[1]}.${match[2] ?? '0'}`) : Number.NaN;
}

/** The `tls_*` series of the facts, each with `labels`. */
export function tlsMeasurements(facts: TlsFacts, labels: Labels): Measurement[] {
  const measurements: Measurement[] = [
    { metric: 'tls_cert_valid', labels, value: facts.chainError === undefined ? 1 : 0 },
    { metric: 'tls_cert_name_match', labels, value: facts.nameError === undefined ? 1 : 0 },
    {
      metric: 'tls_info',
      labels: {
        ...labels,
        version: facts.protocol,
        cipher: facts.cipher,
        subject_cn: facts.subjectCn,
        issuer_cn: facts.issuerCn,
        serial: facts.serial,
      },
      value: 1,
    },
  ];
  if (Number.isFinite(facts.notAfter)) measurements.push({ metric: 'tls_cert_expiry_seconds', labels, value: facts.notAfter });
  const version = protocolNumber(facts.protocol);
  if (Number.isFinite(version)) measurements.push({ metric: 'tls_protocol_version', labels, value: version });
  return measurements;
}

/** The CN of a distinguished name as X509Certificate prints it (`CN=www.example.net\nO=…`); '' when absent. */
function commonName(name: string | undefined): string {
  if (name === undefined) return '';
  return name
    .split('\n')
    .filter((part) => part.startsWith('CN='))
    .map((part) => part.slice(3))
    .join(',');
}

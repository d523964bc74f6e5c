import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls';
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
  const cert = socket.getPeerCertificate();
  const present = Object.keys(cert).length > 0;
  const nameProblem = present ? checkServerIdentity(serverName, cert) : new Error('the server sent no certificate');
  const chainProblem = socket.authorized ? undefined : String(socket.authorizationError ?? 'not trusted');
  return {
    protocol: socket.getProtocol() ?? 'unknown',
    cipher: socket.getCipher().name,
    subjectCn: commonName(present ? cert.subject : undefined),
    issuerCn: commonName(present ? cert.issuer : undefined),
    serial: present ? cert.serialNumber : '',
    notAfter: present ? Date.parse(cert.valid_to) / 1000 : Number.NaN,
    ...(chainProblem === undefined ? {} : { chainError: chainProblem }),
    ...(nameProblem === undefined ? {} : { nameError: nameProblem.message }),
  };
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

function commonName(name: PeerCertificate['subject'] | undefined): string {
  const cn: unknown = name?.CN;
  if (Array.isArray(cn)) return cn.join(',');
  return typeof cn === 'string' ? cn : '';
}

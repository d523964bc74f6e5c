/** The parts of net-snmp 3 this probe uses. */
declare module 'net-snmp' {
  /** One OID and its value as decoded by net-snmp (Counter64 arrives as a Buffer). */
  export interface Varbind {
    readonly oid: string;
    readonly type: number;
    readonly value: Buffer | number | string | boolean | null;
  }

  /** Options of a session. */
  export interface SessionOptions {
    port?: number;
    retries?: number;
    timeout?: number;
    backoff?: number;
    transport?: 'udp4' | 'udp6';
    version?: number;
    idBitsSize?: 16 | 32;
  }

  /** An SNMPv3 USM user. */
  export interface User {
    name: string;
    level: number;
    authProtocol?: number;
    authKey?: string;
    privProtocol?: number;
    privKey?: string;
  }

  /** A UDP session with one agent. */
  export interface Session {
    get(oids: readonly string[], callback: (error: Error | null, varbinds?: Varbind[]) => void): Session;
    /** Walks everything below `oid`; `feed` returns true to stop early. */
    subtree(oid: string, maxRepetitions: number, feed: (varbinds: Varbind[]) => boolean | undefined, done: (error: Error | null) => void): Session;
    cancelRequests(error: Error): void;
    close(): Session;
    on(event: 'error' | 'close', listener: (error?: Error) => void): Session;
  }

  /** A v1/v2c session (community string). */
  export function createSession(target: string, community: string, options?: SessionOptions): Session;
  /** An SNMPv3 session (USM user). */
  export function createV3Session(target: string, user: User, options?: SessionOptions): Session;
  /** Protocol version codes for `SessionOptions.version`. */
  export const Version2c: number;
  /** SNMPv3, set by `createV3Session`. */
  export const Version3: number;
  /** ASN.1 / SMI type codes of varbinds. */
  export const ObjectType: {
    readonly Boolean: 1;
    readonly Integer: 2;
    readonly BitString: 3;
    readonly OctetString: 4;
    readonly Null: 5;
    readonly OID: 6;
    readonly IpAddress: 64;
    readonly Counter: 65;
    readonly Gauge: 66;
    readonly TimeTicks: 67;
    readonly Opaque: 68;
    readonly Counter64: 70;
    readonly NoSuchObject: 128;
    readonly NoSuchInstance: 129;
    readonly EndOfMibView: 130;
  };
  /** USM security level codes. */
  export const SecurityLevel: Readonly<Record<'noAuthNoPriv' | 'authNoPriv' | 'authPriv', number>>;
  /** USM authentication protocol codes. */
  export const AuthProtocols: Readonly<Record<'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512', number>>;
  /** USM privacy protocol codes. */
  export const PrivProtocols: Readonly<Record<'des' | 'aes' | 'aes256b' | 'aes256r', number>>;
}

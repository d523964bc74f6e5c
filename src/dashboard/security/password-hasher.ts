import { randomBytes, scrypt, type ScryptOptions, timingSafeEqual } from 'node:crypto';
import { parseScryptHash } from '../../config/index.js';

/** Cost of new password hashes. */
export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  readonly N: number;
  readonly r: number;
  readonly p: number;
  readonly saltBytes: number;
  readonly keyBytes: number;
}

/** 32 MiB and tens of milliseconds per hash: memory-hard enough that offline guessing is slow on GPUs. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 };

/** A password never hashed to anything: verifying against it costs the same and always fails. */
const DUMMY_PASSWORD = 'no such user: equal work for unknown names';

function derive(password: string, salt: Buffer, keyBytes: number, N: number, r: number, p: number): Promise<Buffer> {
  // Node refuses scrypt above maxmem (32 MiB by default), which the default cost reaches exactly.
  const options: ScryptOptions = { N, r, p, maxmem: 128 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/**
 * Hashes and checks passwords with scrypt on the libuv thread pool (never blocking the event loop), in the
 * format `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`. The parameters of a stored hash are read from it, so
 * raising the cost later leaves old hashes valid.
 */
export class PasswordHasher {
  /** Computed up front so that the first unknown username costs no more than the next ones. */
  private readonly dummy: Promise<string>;

  constructor(private readonly params: ScryptParams = DEFAULT_SCRYPT) {
    this.dummy = this.hash(DUMMY_PASSWORD);
    // A failure surfaces where the dummy is awaited; it must not crash the process as an unhandled rejection.
    this.dummy.catch(() => undefined);
  }

  /** A new hash of `password` with a fresh random salt. */
  async hash(password: string): Promise<string> {
    const { N, r, p, saltBytes, keyBytes } = this.params;
    const salt = randomBytes(saltBytes);
    const key = await derive(password, salt, keyBytes, N, r, p);
    return `scrypt$${N}$${r}$${p}$${salt.toString('base64')}$${key.toString('base64')}`;
  }

  /** True when `password` matches `encoded`; false for a wrong password or an unusable hash. Constant time. */
  async verify(password: string, encoded: string): Promise<boolean> {
    const parsed = parseScryptHash(encoded);
    if (!parsed.ok) {
      // Still spend the work, so a broken stored hash cannot be told apart from a wrong password by timing.
      await this.verifyNobody(password);
      return false;
    }
    const { N, r, p, salt, key } = parsed.hash;
    const candidate = await derive(password, salt, key.length, N, r, p);
    return timingSafeEqual(candidate, key);
  }

  /** The work of one verification against a hash nobody has: for unknown usernames. Always false. */
  async verifyNobody(password: string): Promise<false> {
    const parsed = parseScryptHash(await this.dummy);
    if (parsed.ok) {
      const { N, r, p, salt, key } = parsed.hash;
      const candidate = await derive(password, salt, key.length, N, r, p);
      timingSafeEqual(candidate, key);
    }
    return false;
  }
}

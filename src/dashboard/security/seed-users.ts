import type { UserAccount } from '../../config/index.js';
import type { Logger, User, UserStore } from '../../core/index.js';
import type { PasswordHasher } from './password-hasher.js';

/**
 * Writes the users of `server.auth.users` into the store, at start and after a reload. The file is
 * authoritative for them: a changed role, hash or password replaces the stored one, a disabled one is enabled
 * again. A plain `password` is hashed here (kept when the stored hash already matches, so restarts do not
 * end sessions). When the credentials change, the user's sessions end. Users only in the store are left alone.
 */
export async function seedUsers(store: UserStore, accounts: readonly UserAccount[], hasher: PasswordHasher, log: Logger): Promise<void> {
  for (const account of accounts) {
    const stored = await store.getUser(account.username);
    let passwordHash: string;
    if (account.password_hash !== undefined) {
      passwordHash = account.password_hash.trim();
    } else {
      const plain = account.password ?? '';
      passwordHash = stored !== undefined && (await hasher.verify(plain, stored.passwordHash)) ? stored.passwordHash : await hasher.hash(plain);
    }
    const next: User = { username: account.username, passwordHash, role: account.role, disabled: false };
    if (stored !== undefined && stored.passwordHash === next.passwordHash && stored.role === next.role && !stored.disabled) continue;
    await store.upsertUser(next);
    if (stored !== undefined && stored.passwordHash !== next.passwordHash) {
      const revoked = await store.deleteSessionsOf(account.username);
      log.info({ username: account.username, revoked }, 'configured password changed; sessions revoked');
    } else {
      log.info({ username: account.username, role: account.role }, stored === undefined ? 'configured user added' : 'configured user updated');
    }
  }
}

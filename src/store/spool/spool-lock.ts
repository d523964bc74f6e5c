import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NocError } from '../../core/index.js';

const LOCK_FILE = 'LOCK';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims a spool directory for this process: two processes appending to one spool would interleave their
 * records and acknowledge each other's, so the second is refused, naming the first. A lock left by a
 * process that is gone is taken over; so is one of this very process (a spool it never closed).
 * Returns the release function.
 */
export function lockSpoolDirectory(directory: string): () => void {
  const path = join(directory, LOCK_FILE);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = Number(readFileSync(path, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder)) {
      throw new NocError('conflict', `spool ${directory} is in use by process ${holder}; give each process its own store.buffer.path (or working directory)`);
    }
    writeFileSync(path, String(process.pid));
  }
  return () => {
    try {
      if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
    } catch {
      // Already gone: nothing to release.
    }
  };
}

import { closeSync, fdatasync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { NocError } from '../../core/index.js';
import { fsyncDirectory, segmentPath, type SpoolCursor } from './spool-files.js';

/**
 * Appends records to numbered segment files in a directory, starting a new file past `segmentBytes`. Writes
 * are synchronous (so records land in call order); `sync` makes them durable with one fdatasync shared by
 * every caller waiting at the time (group commit), so many small pushes do not cost one disk flush each.
 */
export class SegmentWriter {
  private fd = -1;
  private segment = 0;
  private offset = 0;
  private written = 0;
  private synced = 0;
  private syncing: Promise<void> | undefined;
  private readonly retiredFds: number[] = [];
  private closed = false;

  constructor(
    private readonly dir: string,
    private readonly options: { readonly segmentBytes: number; readonly fsync: boolean },
  ) {}

  /** Where the next record goes. */
  get position(): SpoolCursor {
    return { segment: this.segment, offset: this.offset };
  }

  /** Starts writing to segment `segment` (a new, empty file). */
  start(segment: number): void {
    if (this.fd >= 0) {
      // Everything written so far becomes durable here, so a sync in flight on the old file may be outrun;
      // that file is closed only once the sync is over, so its descriptor is never reused under it.
      fsyncSync(this.fd);
      this.synced = this.written;
      if (this.syncing === undefined) closeSync(this.fd);
      else this.retiredFds.push(this.fd);
    }
    this.segment = segment;
    this.fd = openSync(segmentPath(this.dir, segment), 'a');
    this.offset = 0;
    if (this.options.fsync) fsyncDirectory(this.dir);
  }

  /** Writes one record and returns where it starts. Throws NocError('unavailable'), leaving no partial record. */
  write(record: Uint8Array): SpoolCursor {
    if (this.closed) throw new NocError('unavailable', `spool ${this.dir} is closed`);
    if (this.offset > 0 && this.offset + record.length > this.options.segmentBytes) this.start(this.segment + 1);
    try {
      let done = 0;
      while (done < record.length) done += writeSync(this.fd, record, done, record.length - done);
    } catch (error) {
      // Nothing may follow a torn record in the same file: replay stops at the first bad one.
      try {
        ftruncateSync(this.fd, this.offset);
      } catch {
        this.start(this.segment + 1);
      }
      throw new NocError('unavailable', `spool ${this.dir}: cannot write a batch to disk`, undefined, { cause: error });
    }
    const at = { segment: this.segment, offset: this.offset };
    this.offset += record.length;
    this.written++;
    return at;
  }

  /** Resolves when every record written so far is on stable storage (at once when `fsync` is off). */
  async sync(): Promise<void> {
    const target = this.written;
    // After close every record is durable (close fsyncs), and the file is no longer ours to sync.
    while (this.options.fsync && this.synced < target && !this.closed) {
      if (this.syncing === undefined) {
        const goal = this.written;
        this.syncing = datasync(this.fd)
          .then(() => {
            this.synced = Math.max(this.synced, goal);
          })
          .finally(() => {
            this.syncing = undefined;
            for (const fd of this.retiredFds.splice(0)) closeSync(fd);
          });
      }
      await this.syncing;
    }
  }

  /** Waits for a sync in flight, then fsyncs and closes the current file. */
  async close(): Promise<void> {
    if (this.closed) return;
    while (this.syncing !== undefined) await this.syncing.catch(() => undefined);
    this.closed = true;
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (error) => (error ? reject(error) : resolve())));
}

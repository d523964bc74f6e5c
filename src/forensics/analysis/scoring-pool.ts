import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ScoringBatch } from './scoring-batch.js';
import type { ScoreOptions } from './score-series.js';
import type { ScoringAnswer, ScoringRequest } from './scoring-worker.js';

/**
 * Batches one thread may have queued: enough that it keeps scoring while the calling thread reads from disk
 * (the caller takes back what is still queued when it runs out of series to read).
 */
const DEPTH = 8;
/** Series per batch, and numbers (times and values) per batch: 128 series of 5 h at 10 s fit. */
const BATCH_SERIES = 128;
const BATCH_NUMBERS = BATCH_SERIES * 4_096;

/**
 * Empty batches kept for the next analysis (4 MB each): enough to start one without allocating, few enough
 * that an idle server holds little; an analysis allocates the rest of its queue as it goes.
 */
const KEPT_BATCHES = 4;

/** Scoring threads by default: one core is left to the thread that reads and prepares the series. */
export function defaultScoringThreads(): number {
  return Math.max(0, Math.min(3, availableParallelism() - 1));
}

/** How a thread answered for a batch: scored it, found it taken back by its sender, or failed (or stopped). */
export type BatchOutcome = 'scored' | 'skipped' | 'failed';

/** A batch handed to a thread, settled when the thread answers. */
export interface SubmittedBatch {
  readonly batch: ScoringBatch;
  readonly answered: Promise<BatchOutcome>;
}

interface Thread {
  readonly worker: Worker;
  readonly queued: Set<ScoringBatch>;
}

/**
 * Worker threads that score batches of prepared series in shared memory, for the forensics analysis to use
 * every core. Threads are started on first use and keep the process alive only while they owe answers; a
 * thread that fails is dropped, and its batches are answered `failed` so that the caller scores them itself.
 */
export class ScoringPool {
  private static sharedPool: ScoringPool | undefined;
  private readonly threads: Thread[] = [];
  private readonly free: ScoringBatch[] = [];
  private readonly waiting = new Map<number, { batch: ScoringBatch; thread: Thread; settle: (outcome: BatchOutcome) => void }>();
  private nextId = 1;

  private constructor(threads: number) {
    for (let i = 0; i < threads; i++) this.startThread();
  }

  /** The process-wide pool of {@link defaultScoringThreads} threads; undefined when there is no core to spare. */
  static shared(): ScoringPool | undefined {
    if (ScoringPool.sharedPool === undefined && defaultScoringThreads() > 0) ScoringPool.sharedPool = new ScoringPool(defaultScoringThreads());
    return ScoringPool.sharedPool;
  }

  /** A pool of its own (tests); stop it with {@link close}. */
  static create(threads: number): ScoringPool {
    return new ScoringPool(threads);
  }

  /** Threads still alive. */
  get size(): number {
    return this.threads.length;
  }

  /** An empty batch to fill, when some thread has room in its queue (checked without waiting for messages). */
  takeBatch(): ScoringBatch | undefined {
    if (this.roomiest() === undefined) return undefined;
    const batch = this.free.pop() ?? new ScoringBatch(BATCH_SERIES, BATCH_NUMBERS);
    batch.clear();
    return batch;
  }

  /** Hands a filled batch to the least busy thread; answered `failed` when there is no thread. */
  submit(batch: ScoringBatch, options: ScoreOptions): SubmittedBatch {
    const thread = this.roomiest() ?? this.threads[0];
    if (thread === undefined) return { batch, answered: Promise.resolve('failed') };
    const id = this.nextId++;
    const answered = new Promise<BatchOutcome>((settle) => this.waiting.set(id, { batch, thread, settle }));
    thread.queued.add(batch);
    this.holdOpen(thread);
    const request: ScoringRequest = { id, memory: batch.memory(), options };
    thread.worker.postMessage(request);
    return { batch, answered };
  }

  /** Returns a batch whose results have been read, for reuse. */
  release(batch: ScoringBatch): void {
    if (this.free.length < KEPT_BATCHES) this.free.push(batch);
  }

  /** Stops the threads; queued batches are answered `failed`. */
  async close(): Promise<void> {
    const threads = this.threads.splice(0);
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
    for (const thread of threads) this.fail(thread);
  }

  /** The thread with the fewest unscored batches, if it has room for one more. */
  private roomiest(): Thread | undefined {
    let best: Thread | undefined;
    let fewest = DEPTH;
    for (const thread of this.threads) {
      for (const batch of thread.queued) if (batch.scored) thread.queued.delete(batch);
      if (thread.queued.size < fewest) {
        fewest = thread.queued.size;
        best = thread;
      }
    }
    return best;
  }

  private startThread(): void {
    const worker = startWorker();
    const thread: Thread = { worker, queued: new Set() };
    this.threads.push(thread);
    worker.on('message', (answer: ScoringAnswer) => {
      const waiting = this.waiting.get(answer.id);
      if (waiting === undefined) return;
      this.waiting.delete(answer.id);
      thread.queued.delete(waiting.batch);
      this.holdOpen(thread);
      if (answer.error !== undefined) process.emitWarning(`a forensics scoring thread failed a batch (scored on the calling thread instead): ${answer.error}`);
      waiting.settle(answer.error !== undefined ? 'failed' : answer.skipped === true ? 'skipped' : 'scored');
    });
    const drop = (): void => {
      const at = this.threads.indexOf(thread);
      if (at >= 0) this.threads.splice(at, 1);
      this.fail(thread);
    };
    worker.on('error', (error) => {
      process.emitWarning(`a forensics scoring thread stopped (its work goes to the calling thread): ${error.message}`);
      drop();
    });
    worker.on('exit', drop);
    // After the listeners, since attaching a 'message' listener refs the thread again.
    worker.unref();
  }

  /** An idle thread does not keep the process alive; one that owes answers does, or they would be lost. */
  private holdOpen(thread: Thread): void {
    let owes = false;
    for (const waiting of this.waiting.values()) owes ||= waiting.thread === thread;
    if (owes) thread.worker.ref();
    else thread.worker.unref();
  }

  private fail(thread: Thread): void {
    for (const [id, waiting] of this.waiting) {
      if (waiting.thread !== thread) continue;
      this.waiting.delete(id);
      waiting.settle('failed');
    }
    thread.queued.clear();
  }
}

/**
 * Starts the worker module next to this one: the compiled JavaScript in a build; from the TypeScript
 * sources (tests, benchmarks), through tsx's loader, which a thread does not inherit from its parent.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./scoring-worker.js', import.meta.url));
  const entry = new URL('./scoring-worker.ts', import.meta.url).href;
  const loader = import.meta.resolve('tsx/esm/api');
  const code = `import(${JSON.stringify(loader)}).then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}))`;
  return new Worker(code, { eval: true });
}

import { setTimeout as delay } from 'node:timers/promises';

/** Waits `ms`, rejecting as soon as `signal` aborts; injected so tests need not wait for real. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** The real timer. */
export const realSleep: Sleep = async (ms, signal) => {
  await delay(ms, undefined, { signal });
};

import { describe, expect, it } from 'vitest';
import { NocError, seriesKey, silentLogger } from '../../core/index.js';
import { LineAppender } from './line-appender.js';

const UP = seriesKey('up', { target: 'a' });
const NO_RETRY = { maxRetries: 0, minDelay: 0, maxDelay: 0 };

describe('LineAppender', () => {
  it('sends accepted samples in chunks of batchLines and refuses what is not newer, counting it', async () => {
    const sent: string[][] = [];
    const appender = new LineAppender({ server: 'test', write: async (lines) => void sent.push([...lines]), retry: NO_RETRY, batchLines: 2, log: silentLogger });
    const result = await appender.append([1, 2, 3, 2].map((s) => ({ series: UP, t: s * 1000, v: s })));
    expect(result).toEqual({ accepted: 3, rejected: 1 });
    expect(sent).toEqual([['up,target=a value=1 1000', 'up,target=a value=2 2000'], ['up,target=a value=3 3000']]);
    expect(appender.stats()).toMatchObject({ series: 1, samplesAppended: 3, samplesRejected: 1 });
  });

  it('leaves the order as it was after a failed write, so the same batch goes again', async () => {
    let down = true;
    const sent: string[] = [];
    const write = async (lines: readonly string[]) => {
      if (down) throw new NocError('unavailable', 'server away');
      sent.push(...lines);
    };
    const appender = new LineAppender({ server: 'test', write, retry: NO_RETRY, batchLines: 100, log: silentLogger });
    const batch = [{ series: UP, t: 5000, v: 1 }];
    await expect(appender.append(batch)).rejects.toThrow('server away');
    down = false;
    expect(await appender.append(batch)).toEqual({ accepted: 1, rejected: 0 });
    expect(sent).toEqual(['up,target=a value=1 5000']);
  });

  it('asks the server once per metric for what it holds, and refuses older samples after a restart', async () => {
    const asked: string[][] = [];
    const appender = new LineAppender({
      server: 'test',
      write: async () => undefined,
      retry: NO_RETRY,
      batchLines: 100,
      newestOnServer: async (metrics) => {
        asked.push([...metrics]);
        return [{ key: UP, t: 9000 }];
      },
      log: silentLogger,
    });
    expect(await appender.append([{ series: UP, t: 8000, v: 1 }])).toEqual({ accepted: 0, rejected: 1 });
    expect(await appender.append([{ series: UP, t: 10_000, v: 1 }])).toEqual({ accepted: 1, rejected: 0 });
    expect(asked).toEqual([['up']]);
  });
});

import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ManualClock } from '../../core/index.js';
import { type InfluxServer, startInflux } from '../../../test/peers/influxdb.js';
import { peerBinary } from '../../../test/peers/peer-binary.js';
import { describeSeriesStoreContract, type SeriesStoreUnderTest } from '../series-store.case.js';
import { InfluxSeriesStore } from './influx-series-store.js';

const binary = peerBinary('/usr/bin/influxd', 'apt-get install influxdb');

if (binary === undefined) {
  describe.skip('series store contract: influxdb 1.x', () => it('needs /usr/bin/influxd', () => undefined));
} else {
  let server: InfluxServer;
  let databases = 0;
  beforeAll(async () => {
    server = await startInflux(binary);
  }, 30_000);
  afterAll(async () => server?.stop());

  const openOn = (database: string, clock: ManualClock): SeriesStoreUnderTest => {
    const store = new InfluxSeriesStore({ url: server.url, version: 1, database, clock, timeoutMs: 10_000 });
    return {
      appender: store,
      querier: store,
      // Appends resolve only once InfluxDB acknowledged them: nothing is left to flush.
      flush: async () => undefined,
      reopen: async () => {
        await store.close();
        return openOn(database, clock);
      },
      close: () => store.close(),
    };
  };

  describeSeriesStoreContract('influxdb 1.x', async (clock) => {
    const database = `contract_${++databases}`;
    await server.query(`CREATE DATABASE "${database}"`);
    return openOn(database, clock);
  });
}

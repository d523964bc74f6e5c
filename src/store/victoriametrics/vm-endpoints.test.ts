import { describe, expect, it } from 'vitest';
import { victoriaMetricsEndpoints } from './vm-endpoints.js';

describe('victoriaMetricsEndpoints', () => {
  it('uses a single node URL for both sides', () => {
    expect(victoriaMetricsEndpoints({ url: 'http://vm:8428' })).toEqual({ insertUrl: 'http://vm:8428', selectUrl: 'http://vm:8428' });
  });

  it('takes the cluster URLs as given', () => {
    const cluster = { insert_url: 'http://vminsert:8480/insert/0/influx', select_url: 'http://vmselect:8481/select/0/prometheus' };
    expect(victoriaMetricsEndpoints(cluster)).toEqual({ insertUrl: cluster.insert_url, selectUrl: cluster.select_url });
  });

  it('refuses a config with neither shape', () => {
    expect(() => victoriaMetricsEndpoints({ insert_url: 'http://vminsert:8480' })).toThrow(/both insert_url and select_url/);
  });
});

import { describe, expect, it } from 'vitest';
import { passthroughMeasurements, sipMeasurements } from './stat-mapping.js';
import { parseFetchResult, parseStatisticLines, type KamailioStat } from './stats-result.js';

function statsOf(parsed: ReturnType<typeof parseFetchResult>): readonly KamailioStat[] {
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.stats;
}

const FETCHED = {
  'core.rcv_requests': '40',
  'dialog.active_dialogs': '3',
  'usrloc.registered_users': '4',
  'usrloc.location_contacts': '5',
  'usrloc.aliases_contacts': '1',
  'tmx.2xx_transactions': '20',
  'tmx.3xx_transactions': '0',
  'tmx.4xx_transactions': '6',
  'tmx.5xx_transactions': '1',
  'tmx.6xx_transactions': '0',
  'tmx.active_transactions': '2',
  'pike.blocked_ips': '1',
  'script.pike_blocked': '9',
  'shmem.used_size': '2710440',
};

const LINES = Object.entries(FETCHED).map(([key, value]) => `${key.replace('.', ':')} = ${value}`);

const EXPECTED_SIP = [
  { metric: 'sip_active_dialogs', value: 3 },
  { metric: 'sip_registered_contacts', value: 6 },
  { metric: 'sip_active_transactions', value: 2 },
  { metric: 'sip_transactions_total', labels: { code_class: '2xx' }, value: 20 },
  { metric: 'sip_transactions_total', labels: { code_class: '3xx' }, value: 0 },
  { metric: 'sip_transactions_total', labels: { code_class: '4xx' }, value: 6 },
  { metric: 'sip_transactions_total', labels: { code_class: '5xx' }, value: 1 },
  { metric: 'sip_transactions_total', labels: { code_class: '6xx' }, value: 0 },
  { metric: 'sip_blocked_sources', value: 1 },
];

describe('Kamailio statistics to metrics', () => {
  it('maps both answer shapes to the same sip_* metrics', () => {
    expect(sipMeasurements(statsOf(parseFetchResult(FETCHED)))).toEqual(EXPECTED_SIP);
    expect(sipMeasurements(statsOf(parseStatisticLines(LINES)))).toEqual(EXPECTED_SIP);
  });

  it('falls back to registered_users, script pike_blocked and the tm group', () => {
    const stats = statsOf(parseFetchResult({ 'usrloc.registered_users': '4', 'script.pike_blocked': '9', 'tm.1xx_transactions': '2' }));
    expect(sipMeasurements(stats)).toEqual([
      { metric: 'sip_registered_contacts', value: 4 },
      { metric: 'sip_transactions_total', labels: { code_class: '1xx' }, value: 2 },
      { metric: 'sip_blocked_sources', value: 9 },
    ]);
  });

  it('gives nothing for statistics Kamailio did not report', () => {
    expect(sipMeasurements([])).toEqual([]);
  });

  it('passes the chosen groups through, counters with _total', () => {
    const stats = statsOf(parseFetchResult(FETCHED));
    expect(passthroughMeasurements(stats, ['core', 'dialog', 'shmem'])).toEqual([
      { metric: 'kamailio_core_rcv_requests_total', value: 40 },
      { metric: 'kamailio_dialog_active_dialogs', value: 3 },
      { metric: 'kamailio_shmem_used_size_bytes', value: 2710440 },
    ]);
    expect(passthroughMeasurements(stats, [])).toEqual([]);
    expect(passthroughMeasurements(stats, ['all'])).toHaveLength(Object.keys(FETCHED).length);
  });

  it('keeps the first of two statistics that sanitise to one name', () => {
    const stats = statsOf(parseFetchResult({ 'script.Calls': '1', 'script.calls': '2' }));
    expect(passthroughMeasurements(stats, ['script'])).toEqual([{ metric: 'kamailio_script_calls', value: 1 }]);
  });
});

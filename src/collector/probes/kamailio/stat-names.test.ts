import { describe, expect, it } from 'vitest';
import { isMetricName } from '../../../core/index.js';
import { isGaugeStat, passthroughName, sanitizeNamePart } from './stat-names.js';

describe('Kamailio statistic names', () => {
  it.each([
    ['core', 'rcv_requests', 'kamailio_core_rcv_requests_total'],
    ['core', 'fwd_requests', 'kamailio_core_fwd_requests_total'],
    ['tmx', '2xx_transactions', 'kamailio_tmx_2xx_transactions_total'],
    ['tmx', 'UAC_transactions', 'kamailio_tmx_uac_transactions_total'],
    ['sl', '200_replies', 'kamailio_sl_200_replies_total'],
    ['usrloc', 'location_expires', 'kamailio_usrloc_location_expires_total'],
    ['dialog', 'processed_dialogs', 'kamailio_dialog_processed_dialogs_total'],
    ['dialog', 'active_dialogs', 'kamailio_dialog_active_dialogs'],
    ['tmx', 'active_transactions', 'kamailio_tmx_active_transactions'],
    ['pike', 'blocked_ips', 'kamailio_pike_blocked_ips'],
    ['usrloc', 'registered_users', 'kamailio_usrloc_registered_users'],
    ['usrloc', 'location_contacts', 'kamailio_usrloc_location_contacts'],
    ['usrloc', 'aliases_users', 'kamailio_usrloc_aliases_users'],
    ['shmem', 'free_size', 'kamailio_shmem_free_size_bytes'],
    ['shmem', 'fragments', 'kamailio_shmem_fragments'],
    ['script', 'pike_blocked', 'kamailio_script_pike_blocked'],
    ['core', 'bad_URIs_rcvd', 'kamailio_core_bad_uris_rcvd_total'],
    ['script', 'calls-out.MX', 'kamailio_script_calls_out_mx'],
    ['script', 'calls_total', 'kamailio_script_calls_total'],
    ['my-mod', 'hits__total', 'kamailio_my_mod_hits_total'],
  ])('%s:%s → %s', (group, name, expected) => {
    expect(passthroughName({ group, name })).toBe(expected);
    expect(isMetricName(expected)).toBe(true);
  });

  it('treats unknown module statistics as counters and memory and script groups as gauges', () => {
    expect(isGaugeStat({ group: 'acc', name: 'accounted_reqs' })).toBe(false);
    expect(isGaugeStat({ group: 'pkmem', name: '0-used' })).toBe(true);
    expect(isGaugeStat({ group: 'registrar', name: 'max_expires' })).toBe(true);
    expect(isGaugeStat({ group: 'registrar', name: 'accepted_regs' })).toBe(false);
  });

  it('sanitises to lower-case snake_case', () => {
    expect(sanitizeNamePart('__Weird..Name--ß__')).toBe('weird_name');
  });
});

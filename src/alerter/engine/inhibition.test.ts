import { describe, expect, it } from 'vitest';
import { RuleConfig } from '../../config/index.js';
import type { Labels } from '../../core/index.js';
import { Inhibition, type InhibitionSource } from './inhibition.js';

function rule(name: string, inhibit: unknown[]): RuleConfig {
  return RuleConfig.parse({ name, kind: 'threshold', select: 'up', op: '==', value: 0, severity: 'S1', inhibit });
}

const source = (fingerprint: string, rule: string, labels: Labels): InhibitionSource => ({ fingerprint, rule, labels });

describe('Inhibition', () => {
  const rules = [
    rule('site_down', [{ target: '{role="sbc"}', equal: ['site'] }]),
    rule('cores_down', [{ target: 'sip_options_slow', source: '{pair="core-1+core-2"}' }]),
  ];
  const inhibition = new Inhibition(rules);
  const find = inhibition.index([
    source('a', 'site_down', { alertname: 'site_down', site: 'mx' }),
    source('b', 'cores_down', { alertname: 'cores_down', pair: 'core-1+core-2' }),
    source('c', 'cores_down', { alertname: 'cores_down', pair: 'core-3+core-4' }),
    source('d', 'other_rule', { alertname: 'other_rule', site: 'co' }),
  ]);

  it.each([
    ['an SBC alert on the same site', { alertname: 'x', role: 'sbc', site: 'mx' }, 'a'],
    ['an SBC alert on another site (equal labels differ)', { alertname: 'x', role: 'sbc', site: 'co' }, undefined],
    ['a core alert (target matchers fail)', { alertname: 'x', role: 'core', site: 'mx' }, undefined],
    ['an alertname given as the selector name, from the source that matches its source matchers', { alertname: 'sip_options_slow', site: 'pe' }, 'b'],
  ])('%s', (_name, labels, expected) => {
    expect(find({ fingerprint: 'z', labels })?.fingerprint).toBe(expected);
  });

  it('never lets an alert inhibit itself', () => {
    const self = new Inhibition([rule('site_down', [{ target: '{site="mx"}' }])]).index([source('a', 'site_down', { alertname: 'site_down', site: 'mx' })]);
    expect(self({ fingerprint: 'a', labels: { alertname: 'site_down', site: 'mx' } })).toBeUndefined();
    expect(self({ fingerprint: 'b', labels: { alertname: 'other', site: 'mx' } })?.fingerprint).toBe('a');
  });

  it('counts an absent equal label as empty on both sides', () => {
    const find = new Inhibition([rule('r', [{ target: '{role="sbc"}', equal: ['site'] }])]).index([source('a', 'r', { alertname: 'r' })]);
    expect(find({ fingerprint: 'z', labels: { role: 'sbc' } })?.fingerprint).toBe('a');
    expect(find({ fingerprint: 'z', labels: { role: 'sbc', site: 'mx' } })).toBeUndefined();
  });

  it('is empty without inhibit entries', () => {
    expect(new Inhibition([rule('r', [])]).empty).toBe(true);
    expect(inhibition.empty).toBe(false);
  });
});

import { ObjectType, type Varbind } from 'net-snmp';
import { describe, expect, it } from 'vitest';
import { varbindLabel, varbindNumber } from './varbind-value.js';

const vb = (type: number, value: Varbind['value']): Varbind => ({ oid: '1.3.6.1.2.1.1.3.0', type, value });
const u64 = (hex: string): Buffer => Buffer.from(hex, 'hex');

describe('varbindNumber', () => {
  it.each([
    ['Integer', vb(ObjectType.Integer, -5), -5],
    ['Counter32', vb(ObjectType.Counter, 4294967295), 4294967295],
    ['Gauge32', vb(ObjectType.Gauge, 42), 42],
    ['TimeTicks in seconds', vb(ObjectType.TimeTicks, 12345), 123.45],
    ['Counter64 of one byte', vb(ObjectType.Counter64, u64('05')), 5],
    ['Counter64 above 2^32', vb(ObjectType.Counter64, u64('0100000001')), 4294967297],
    ['Counter64 at 2^53 - 1, exactly', vb(ObjectType.Counter64, u64('1fffffffffffff')), Number.MAX_SAFE_INTEGER],
    ['Counter64 beyond 2^53, nearest double', vb(ObjectType.Counter64, u64('ffffffffffffffff')), 2 ** 64],
    ['Counter64 with a leading zero byte', vb(ObjectType.Counter64, u64('00ff')), 255],
    ['empty Counter64', vb(ObjectType.Counter64, u64('')), 0],
    ['numeric OctetString', vb(ObjectType.OctetString, Buffer.from(' 37.5\0')), 37.5],
    ['Boolean', vb(ObjectType.Boolean, true), 1],
  ])('reads %s', (_, varbind, expected) => {
    expect(varbindNumber(varbind)).toEqual({ value: expected });
  });

  it.each([
    ['noSuchObject', vb(ObjectType.NoSuchObject, null), 'noSuchObject'],
    ['noSuchInstance', vb(ObjectType.NoSuchInstance, null), 'noSuchInstance'],
    ['endOfMibView', vb(ObjectType.EndOfMibView, null), 'endOfMibView'],
    ['text', vb(ObjectType.OctetString, Buffer.from('eth0')), 'OctetString "eth0" is not a number'],
    ['an OID', vb(ObjectType.OID, '1.3.6'), 'OID is not a number'],
    ['an IpAddress', vb(ObjectType.IpAddress, '10.0.0.1'), 'IpAddress is not a number'],
  ])('reports %s', (_, varbind, error) => {
    expect(varbindNumber(varbind)).toEqual({ error });
  });
});

describe('varbindLabel', () => {
  it('decodes text, drops NUL padding, prints numbers and skips exceptions', () => {
    expect(varbindLabel(vb(ObjectType.OctetString, Buffer.from('Gi0/1\0\0')))).toBe('Gi0/1');
    expect(varbindLabel(vb(ObjectType.Integer, 7))).toBe('7');
    expect(varbindLabel(vb(ObjectType.Counter64, u64('0100000001')))).toBe('4294967297');
    expect(varbindLabel(vb(ObjectType.NoSuchInstance, null))).toBeUndefined();
  });
});

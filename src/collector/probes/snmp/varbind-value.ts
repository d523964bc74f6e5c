import { ObjectType, type Varbind } from 'net-snmp';

/** A varbind read as a number, or why it cannot be one. */
export type VarbindReading = { readonly value: number } | { readonly error: string };

const NUMERIC_TEXT = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** SNMP exception values: the agent answered, but has nothing at that OID. */
const EXCEPTIONS: Readonly<Record<number, string>> = {
  [ObjectType.NoSuchObject]: 'noSuchObject',
  [ObjectType.NoSuchInstance]: 'noSuchInstance',
  [ObjectType.EndOfMibView]: 'endOfMibView',
};

/**
 * Reads a varbind as a number: integers, gauges and counters as they are, TimeTicks in seconds, Counter64
 * exactly up to 2^53 (beyond, the nearest double, as Prometheus stores it), numeric OctetStrings parsed.
 */
export function varbindNumber(varbind: Varbind): VarbindReading {
  const exception = EXCEPTIONS[varbind.type];
  if (exception !== undefined) return { error: exception };
  const { value } = varbind;
  switch (varbind.type) {
    case ObjectType.Integer:
    case ObjectType.Counter:
    case ObjectType.Gauge:
      return typeof value === 'number' ? { value } : { error: 'malformed number' };
    case ObjectType.TimeTicks:
      return typeof value === 'number' ? { value: value / 100 } : { error: 'malformed TimeTicks' };
    case ObjectType.Counter64:
      return counter64(value);
    case ObjectType.Boolean:
      return { value: value === true ? 1 : 0 };
    case ObjectType.OctetString: {
      const text = octetText(value).trim();
      return NUMERIC_TEXT.test(text) ? { value: Number(text) } : { error: `OctetString ${JSON.stringify(text.slice(0, 40))} is not a number` };
    }
    default:
      return { error: `${typeName(varbind.type)} is not a number` };
  }
}

/** A varbind as label text: OctetStrings decoded as UTF-8, anything else in its usual notation. */
export function varbindLabel(varbind: Varbind): string | undefined {
  if (EXCEPTIONS[varbind.type] !== undefined) return undefined;
  if (varbind.type === ObjectType.Counter64) {
    const reading = counter64(varbind.value);
    return 'value' in reading ? String(reading.value) : undefined;
  }
  return varbind.type === ObjectType.OctetString ? octetText(varbind.value) : String(varbind.value);
}

/** net-snmp hands Counter64 over as a big-endian Buffer of variable length. */
function counter64(value: Varbind['value']): VarbindReading {
  if (typeof value === 'number') return { value };
  if (!Buffer.isBuffer(value)) return { error: 'malformed Counter64' };
  if (value.length === 0) return { value: 0 };
  // Number() of a BigInt is exact below 2^53 and the nearest double above it.
  return { value: Number(BigInt(`0x${value.toString('hex')}`)) };
}

function octetText(value: Varbind['value']): string {
  // Agents often pad C strings with NULs.
  return (Buffer.isBuffer(value) ? value.toString('utf8') : String(value ?? '')).replace(/\0+$/, '');
}

function typeName(type: number): string {
  return Object.entries(ObjectType).find(([, code]) => code === type)?.[0] ?? `type ${type}`;
}

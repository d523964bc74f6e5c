import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './same-origin.js';

function request(headers: Record<string, string>, encrypted = false): IncomingMessage {
  return { headers, socket: encrypted ? { encrypted: true } : {} } as unknown as IncomingMessage;
}

describe('isSameOrigin', () => {
  it.each([
    ['the Origin of the Host, over http', { host: '127.0.0.1:9700', origin: 'http://127.0.0.1:9700' }, false, undefined, true],
    ['the Origin of the Host, over TLS', { host: 'noc.example.net', origin: 'https://noc.example.net' }, true, undefined, true],
    ['a default port written out', { host: 'noc.example.net', origin: 'https://noc.example.net:443' }, true, undefined, true],
    ['another site', { host: '127.0.0.1:9700', origin: 'http://evil.example' }, false, undefined, false],
    ['another port', { host: '127.0.0.1:9700', origin: 'http://127.0.0.1:9701' }, false, undefined, false],
    ['http where we speak TLS', { host: 'noc.example.net', origin: 'http://noc.example.net' }, true, undefined, false],
    ['https where we speak http', { host: '127.0.0.1:9700', origin: 'https://127.0.0.1:9700' }, false, undefined, false],
    ['no Origin and no Referer', { host: '127.0.0.1:9700' }, false, undefined, false],
    ['Origin null', { host: '127.0.0.1:9700', origin: 'null' }, false, undefined, false],
    ['Origin null with our Referer', { host: '127.0.0.1:9700', origin: 'null', referer: 'http://127.0.0.1:9700/wall' }, false, undefined, true],
    ['a Referer of ours', { host: '127.0.0.1:9700', referer: 'http://127.0.0.1:9700/incidents?x=1' }, false, undefined, true],
    ['a Referer of another site', { host: '127.0.0.1:9700', referer: 'http://evil.example/x' }, false, undefined, false],
    ['the public URL behind a proxy', { host: '10.0.0.5:9700', origin: 'https://noc.example.net' }, false, 'https://noc.example.net/', true],
    ['a look-alike of the public URL', { host: '10.0.0.5:9700', origin: 'https://noc.example.net.evil.example' }, false, 'https://noc.example.net', false],
    ['no Host header', { origin: 'http://127.0.0.1:9700' }, false, undefined, false],
    ['a non-http origin', { host: '127.0.0.1:9700', origin: 'file://' }, false, undefined, false],
  ])('%s', (_name, headers, encrypted, publicUrl, expected) => {
    expect(isSameOrigin(request(headers, encrypted), publicUrl)).toBe(expected);
  });
});

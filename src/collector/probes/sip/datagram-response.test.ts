import { describe, expect, it } from 'vitest';
import { readResponseDatagram } from './datagram-response.js';
import { parseResponse, topBranch } from './sip-message.js';

const read = (text: string) => readResponseDatagram(Buffer.from(text));

describe('readResponseDatagram', () => {
  it('reads the status, the topmost Via branch and the CSeq method; reason, headers and body on demand', () => {
    const text =
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.9:40000;branch=z9hG4bKabc;rport=40000;received=10.0.0.9\r\n' +
      'From: <sip:noc@x>;tag=1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 4\r\n\r\nbody';
    const response = read(text);
    expect(response).toMatchObject({ status: 200, reason: 'OK', branch: 'z9hG4bKabc', cseqMethod: 'OPTIONS', body: 'body' });
    expect(response?.headers).toEqual(parseResponse(text)?.headers);
  });

  it('takes compact and oddly cased names, blanks around the colon and the branch, and bare LF line ends', () => {
    expect(read('SIP/2.0 486 Busy Here\nv : SIP/2.0/UDP a ; BRANCH = z9hG4bKx1 ;rport\ncseq:  7   options \n\n')).toMatchObject({
      status: 486,
      reason: 'Busy Here',
      branch: 'z9hG4bKx1',
      cseqMethod: 'options',
    });
  });

  it('takes the branch of the first Via value only, and ignores a later Via header', () => {
    const response = read('SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP a, SIP/2.0/UDP b;branch=z9hG4bKlower\r\nVia: SIP/2.0/UDP c;branch=z9hG4bKc\r\n\r\n');
    expect(response).toBeUndefined();
    expect(read('SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKtop, SIP/2.0/UDP b;branch=z9hG4bKlower\r\n\r\n')?.branch).toBe('z9hG4bKtop');
  });

  it('agrees with the full parser on a folded topmost Via', () => {
    const text = 'SIP/2.0 503 Service Unavailable\r\nv: SIP/2.0/UDP 10.0.0.9:40000\r\n  ;branch=z9hG4bKfold\r\nCSeq: 1 OPTIONS\r\n\r\n';
    const full = parseResponse(text);
    expect(read(text)).toMatchObject({ status: 503, reason: 'Service Unavailable', branch: full && topBranch(full), cseqMethod: 'OPTIONS' });
  });

  it('decodes a UTF-8 reason phrase', () => {
    expect(read('SIP/2.0 480 Temporärement indisponible\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKu\r\n\r\n')?.reason).toBe('Temporärement indisponible');
    expect(read('SIP/2.0 200\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKu\r\n\r\n')?.reason).toBe('');
  });

  it('is undefined for requests, garbage, bad status lines and responses without a Via branch', () => {
    for (const text of [
      'OPTIONS sip:x SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKr\r\n\r\n',
      'HTTP/1.1 200 OK\r\n\r\n',
      '',
      'SIP/2.0 700 Nope\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKr\r\n\r\n',
      'SIP/2.0 2000 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKr\r\n\r\n',
      'SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;rport\r\n\r\n',
      'SIP/2.0 200 OK\r\nCSeq: 1 OPTIONS\r\n\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKbody\r\n',
    ]) {
      expect(read(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it('leaves the CSeq method undefined when there is no CSeq', () => {
    expect(read('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKn\r\n\r\n')?.cseqMethod).toBeUndefined();
  });
});

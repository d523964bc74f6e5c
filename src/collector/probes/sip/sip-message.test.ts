import { describe, expect, it } from 'vitest';
import { buildOptions, completeMessageLength, newBranch, OptionsTemplate, parseResponse, RandomTokens, topBranch } from './sip-message.js';

const request = {
  requestUri: 'sip:sbc1.example.net',
  viaTransport: 'UDP' as const,
  localHost: '10.0.0.9',
  localPort: 40000,
  branch: 'z9hG4bKabc',
  fromUser: 'noc',
  fromHost: 'sbc1.example.net',
  tag: 't1',
  callId: 'c1@10.0.0.9',
  userAgent: 'noc-probe',
};

describe('buildOptions', () => {
  it('writes an RFC 3261 OPTIONS request with CRLF line ends and an empty body', () => {
    expect(buildOptions(request).split('\r\n')).toEqual([
      'OPTIONS sip:sbc1.example.net SIP/2.0',
      'Via: SIP/2.0/UDP 10.0.0.9:40000;branch=z9hG4bKabc;rport',
      'Max-Forwards: 70',
      'From: <sip:noc@sbc1.example.net>;tag=t1',
      'To: <sip:sbc1.example.net>',
      'Call-ID: c1@10.0.0.9',
      'CSeq: 1 OPTIONS',
      'Contact: <sip:noc@10.0.0.9:40000>',
      'User-Agent: noc-probe',
      'Accept: application/sdp',
      'Content-Length: 0',
      '',
      '',
    ]);
  });

  it('brackets IPv6 addresses and names the stream transport in the Contact', () => {
    const text = buildOptions({ ...request, viaTransport: 'TCP', localHost: '::1', fromHost: '::2' });
    expect(text).toContain('Via: SIP/2.0/TCP [::1]:40000;branch=');
    expect(text).toContain('From: <sip:noc@[::2]>;tag=t1');
    expect(text).toContain('Contact: <sip:noc@[::1]:40000;transport=tcp>');
  });

  it('renders a template to the same text, with only branch, tag and Call-ID changing', () => {
    const template = new OptionsTemplate(request);
    expect(template.render(request.branch, request.tag, request.callId)).toBe(buildOptions(request));
    const other = template.render('z9hG4bKother', 't2', 'c2@10.0.0.9');
    expect(other).toBe(buildOptions({ ...request, branch: 'z9hG4bKother', tag: 't2', callId: 'c2@10.0.0.9' }));
  });

  it('cuts random tokens from a pool without reusing bytes, across refills', () => {
    const tokens = new RandomTokens(16);
    const seen = Array.from({ length: 40 }, () => tokens.next(8));
    for (const token of seen) expect(token).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(seen).size).toBe(seen.length);
    expect(tokens.next(12)).toMatch(/^[0-9a-f]{24}$/);
    expect(tokens.next(40)).toMatch(/^[0-9a-f]{80}$/);
  });

  it('makes branches with the magic cookie, a fresh one each time', () => {
    const branch = newBranch();
    expect(branch).toMatch(/^z9hG4bK[0-9a-f]{16}$/);
    expect(newBranch()).not.toBe(branch);
  });
});

describe('parseResponse', () => {
  it('reads the status line, headers by lower-case name and the body', () => {
    const response = parseResponse('SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 10.0.0.9:40000;branch=z9hG4bKabc;rport=40000\r\nCSeq: 1 OPTIONS\r\nContent-Length: 4\r\n\r\nbody');
    expect(response?.status).toBe(200);
    expect(response?.reason).toBe('OK');
    expect(response?.headers.get('cseq')).toEqual(['1 OPTIONS']);
    expect(response?.body).toBe('body');
    expect(response && topBranch(response)).toBe('z9hG4bKabc');
  });

  it('joins folded header lines and expands compact names', () => {
    const response = parseResponse(
      'SIP/2.0 503 Service Unavailable\r\nv: SIP/2.0/UDP 10.0.0.9:40000\r\n  ;branch=z9hG4bKfold\r\ni: abc@host\r\nSubject: first\r\n\tsecond\r\nl: 0\r\n\r\n',
    );
    expect(response?.reason).toBe('Service Unavailable');
    expect(response?.headers.get('via')).toEqual(['SIP/2.0/UDP 10.0.0.9:40000 ;branch=z9hG4bKfold']);
    expect(response?.headers.get('call-id')).toEqual(['abc@host']);
    expect(response?.headers.get('subject')).toEqual(['first second']);
    expect(response?.headers.get('content-length')).toEqual(['0']);
    expect(response && topBranch(response)).toBe('z9hG4bKfold');
  });

  it('takes the branch of the topmost Via when one header lists several', () => {
    const response = parseResponse('SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP a;branch=z9hG4bKtop, SIP/2.0/UDP b;branch=z9hG4bKlower\r\nVia: SIP/2.0/UDP c;branch=z9hG4bKc\r\n\r\n');
    expect(response && topBranch(response)).toBe('z9hG4bKtop');
  });

  it('is undefined for a request or garbage', () => {
    expect(parseResponse('OPTIONS sip:x SIP/2.0\r\n\r\n')).toBeUndefined();
    expect(parseResponse('HTTP/1.1 200 OK\r\n\r\n')).toBeUndefined();
    expect(parseResponse('')).toBeUndefined();
  });
});

describe('completeMessageLength', () => {
  it('waits for the headers and Content-Length bytes of body, and frames only the first message', () => {
    const first = 'SIP/2.0 200 OK\r\nl: 3\r\n\r\nabc';
    expect(completeMessageLength(Buffer.from(first.slice(0, 10)))).toBeUndefined();
    expect(completeMessageLength(Buffer.from(first.slice(0, -1)))).toBeUndefined();
    expect(completeMessageLength(Buffer.from(`${first}SIP/2.0 100 Trying\r\n`))).toBe(first.length);
    expect(completeMessageLength(Buffer.from('SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n'))).toBe(37);
  });
});

import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

function originOf(text: string): string | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The origin the request claims to come from: its `Origin`, or failing that its `Referer`. */
function claimedOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  // "null" is what browsers send from opaque contexts (sandboxed frames, some redirects): no origin at all.
  if (origin !== undefined && origin !== 'null') return originOf(origin);
  const referer = req.headers.referer;
  return referer === undefined ? undefined : originOf(referer);
}

/**
 * True when the request's `Origin` (or, failing that, `Referer`) names this server: the scheme of the
 * connection with the `Host` header, or the origin of `publicUrl` (the name people use behind a proxy).
 * A request naming no origin is not same-origin. Browsers always send `Origin` on a state-changing fetch
 * and on a WebSocket handshake, and another site cannot forge it.
 */
export function isSameOrigin(req: IncomingMessage, publicUrl?: string): boolean {
  const claimed = claimedOrigin(req);
  if (claimed === undefined) return false;
  if (publicUrl !== undefined && originOf(publicUrl) === claimed) return true;
  const host = req.headers.host;
  if (host === undefined || host === '') return false;
  const scheme = (req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
  return originOf(`${scheme}://${host}`) === claimed;
}


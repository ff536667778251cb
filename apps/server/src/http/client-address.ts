// The address a request comes from, for per-client rate limits and the audit log. Behind a
// reverse proxy (deploy/nginx/stratus.conf) every request arrives from the proxy, so one client
// guessing tokens would throttle everyone; with STRATUS_TRUST_PROXY naming the proxies, the
// client is read from X-Forwarded-For instead. Only hops appended by trusted proxies count: the
// entry left of the last trusted hop is the client, and whatever a client wrote further left
// itself is ignored, so it cannot pick its own address.
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { BlockList, isIP } from 'node:net';

/** Named ranges accepted in STRATUS_TRUST_PROXY besides addresses and CIDRs. */
const NAMED: Record<string, string[]> = {
  loopback: ['127.0.0.0/8', '::1/128'],
  private: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

export type TrustedProxies = (address: string) => boolean;

const plain = (a: string) => (a.startsWith('::ffff:') && isIP(a.slice(7)) === 4 ? a.slice(7) : a);

/**
 * Parses a comma-separated list of addresses, CIDRs and the names `loopback` and `private`.
 * Throws with the offending entry on anything else (a typo must not silently trust nobody).
 */
export function trustedProxies(spec: string | undefined): TrustedProxies | undefined {
  const entries = (spec ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!entries.length) return undefined;
  const list = new BlockList();
  for (const entry of entries.flatMap((e) => NAMED[e] ?? [e])) {
    const [addr, bits, extra] = entry.split('/');
    const family = isIP(addr ?? '');
    const prefix = bits === undefined ? (family === 6 ? 128 : 32) : Number(bits);
    if (
      !family ||
      extra !== undefined ||
      !Number.isInteger(prefix) ||
      prefix < 0 ||
      prefix > (family === 6 ? 128 : 32)
    )
      throw new Error(
        `STRATUS_TRUST_PROXY: "${entry}" is not an IP address, a CIDR range, "loopback" or "private"`,
      );
    list.addSubnet(addr!, prefix, family === 6 ? 'ipv6' : 'ipv4');
  }
  return (address) => {
    const a = plain(address);
    const family = isIP(a);
    return family !== 0 && list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/** The client's address: the socket's peer, or (through trusted proxies) X-Forwarded-For's. */
export function clientAddress(req: IncomingMessage, trusted: TrustedProxies | undefined): string {
  let client = plain(req.socket.remoteAddress ?? 'unknown');
  if (!trusted || !trusted(client)) return client;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => plain(s.trim()));
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!;
    if (!isIP(hop)) break; // garbage: stop at the last address a trusted proxy vouched for
    client = hop;
    if (!trusted(hop)) break;
  }
  return client;
}

/** The client of an Express request, with the app's trusted proxies (createApp sets them). */
export const clientOf = (req: Request): string =>
  clientAddress(req, req.app.locals.trustProxy as TrustedProxies | undefined);

import ipaddr from 'ipaddr.js';

/**
 * An IPv4 CIDR block, parsed and checked with ipaddr.js. `start`/`end` are the first and last
 * addresses as unsigned numbers (for sorting and sweeping); containment uses ipaddr's `match`.
 */
export interface Cidr {
  readonly text: string;
  readonly address: ipaddr.IPv4;
  readonly prefix: number;
  readonly network: ipaddr.IPv4;
  readonly start: number;
  readonly end: number;
}

export type CidrParse =
  | { ok: true; cidr: Cidr }
  | { ok: false; reason: string; suggestion?: string; ipv6?: boolean };

const toNumber = (ip: ipaddr.IPv4): number => ip.toByteArray().reduce((acc, byte) => acc * 256 + byte, 0);

const cache = new Map<string, CidrParse>();

/**
 * Parses `a.b.c.d/n` strictly: four decimal parts, a prefix 0-32 and no host bits set.
 * The result says why a string is refused ("host bits set; did you mean 10.0.0.0/16?").
 */
export function parseCidr(text: string): CidrParse {
  const hit = cache.get(text);
  if (hit) return hit;
  const result = parseUncached(text);
  if (cache.size > 20_000) cache.clear();
  cache.set(text, result);
  return result;
}

function parseUncached(text: string): CidrParse {
  const trimmed = text.trim();
  const slash = trimmed.indexOf('/');
  if (slash < 0) return { ok: false, reason: 'has no /prefix (write it as a.b.c.d/n)' };
  const addressPart = trimmed.slice(0, slash);
  const prefixPart = trimmed.slice(slash + 1);
  if (ipaddr.IPv6.isValid(addressPart)) return { ok: false, reason: 'is IPv6, not IPv4', ipv6: true };
  if (!ipaddr.IPv4.isValidFourPartDecimal(addressPart))
    return { ok: false, reason: 'is not an IPv4 address of four numbers 0-255' };
  if (!/^\d{1,2}$/.test(prefixPart) || Number(prefixPart) > 32)
    return { ok: false, reason: 'has a prefix that is not a number from 0 to 32' };
  let parsed: [ipaddr.IPv4, number];
  try {
    parsed = ipaddr.IPv4.parseCIDR(trimmed);
  } catch {
    return { ok: false, reason: 'does not parse as an IPv4 CIDR' };
  }
  const [address, prefix] = parsed;
  const network = ipaddr.IPv4.networkAddressFromCIDR(trimmed);
  const broadcast = ipaddr.IPv4.broadcastAddressFromCIDR(trimmed);
  if (network.toString() !== address.toString()) {
    const suggestion = `${network.toString()}/${prefix}`;
    return { ok: false, reason: `has host bits set (the block starts at ${suggestion})`, suggestion };
  }
  return {
    ok: true,
    cidr: {
      text: `${network.toString()}/${prefix}`,
      address,
      prefix,
      network,
      start: toNumber(network),
      end: toNumber(broadcast),
    },
  };
}

/** The parsed block, or undefined when the text is not a valid IPv4 CIDR. */
export function cidrOrUndefined(text: string | undefined): Cidr | undefined {
  if (text === undefined) return undefined;
  const r = parseCidr(text);
  return r.ok ? r.cidr : undefined;
}

/** Does `outer` contain every address of `inner`? */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.prefix <= inner.prefix && inner.network.match(outer.network, outer.prefix);
}

/** Do two blocks share any address? (CIDR blocks overlap only when one contains the other.) */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

/** Addresses AWS lets you use in a subnet: 2^(32-prefix) minus the five it reserves. */
export function usableAddresses(c: Cidr): number {
  return Math.max(0, 2 ** (32 - c.prefix) - 5);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map(
  (t) => (parseCidr(t) as { ok: true; cidr: Cidr }).cidr,
);

/** The RFC 1918 range holding the whole block, if any. */
export function privateRangeOf(c: Cidr): Cidr | undefined {
  return PRIVATE_RANGES.find((r) => contains(r, c));
}

/** Is the text an "anywhere" source (0.0.0.0/0 or ::/0)? */
export function isAnywhere(text: string | undefined): boolean {
  if (!text) return false;
  const t = text.trim();
  if (t === '0.0.0.0/0') return true;
  try {
    const [addr, prefix] = ipaddr.parseCIDR(t);
    return prefix === 0 && (addr.kind() === 'ipv6' || addr.toString() === '0.0.0.0');
  } catch {
    return false;
  }
}

/** Does the block hold any public (non-RFC 1918) address? */
export function includesPublic(c: Cidr): boolean {
  return privateRangeOf(c) === undefined;
}

/**
 * Network ACL evaluation over a whole port range. A network ACL is a numbered list of rules,
 * evaluated lowest number first; for each packet the first rule that matches it decides. So for
 * a range of ports (the ephemeral range 1024-65535 a reply may go to, say) the answer is a set:
 * every port is decided by the first rule matching it, several rules together can cover the
 * range, a DENY placed before an ALLOW removes its ports, and ports no rule matches are dropped
 * by the final implicit deny (`*`).
 */

/** One numbered network ACL rule, as the rules read it. */
export interface NaclRow {
  ruleNumber: number;
  protocol?: string;
  fromPort?: number;
  toPort?: number;
  cidr: string;
  action: 'allow' | 'deny';
}

/** Does a rule's value match some (`overlap`) or all (`cover`) of the traffic asked about? */
export interface Match {
  overlap: boolean;
  cover: boolean;
}

/** Sorted, disjoint, inclusive port ranges. */
export type Ranges = [number, number][];

export const EPHEMERAL: [number, number] = [1024, 65535];

/** Protocols whose traffic has no ports (an ALL-traffic flow is matched as a whole). */
export const portless = (protocol: string) => protocol === 'all' || protocol === 'icmp';

export function protoMatch(rule: string, flow: string): Match {
  if (rule === 'all') return { overlap: true, cover: true };
  if (flow === 'all') return { overlap: true, cover: false };
  return { overlap: rule === flow, cover: rule === flow };
}

/** The ports a rule names: ALL-traffic and ICMP rules match every port. */
export const portsOf = (r: { protocol?: string; fromPort?: number; toPort?: number }): [number, number] => {
  if (portless(r.protocol ?? 'tcp')) return [0, 65535];
  const from = r.fromPort ?? 0;
  const to = r.toPort ?? r.fromPort ?? 65535;
  return [Math.min(from, to), Math.max(from, to)];
};

function intersect(ranges: Ranges, [a, b]: [number, number]): Ranges {
  const out: Ranges = [];
  for (const [x, y] of ranges) {
    const lo = Math.max(x, a);
    const hi = Math.min(y, b);
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

function subtract(ranges: Ranges, cut: Ranges): Ranges {
  let out = ranges;
  for (const [a, b] of cut) {
    const next: Ranges = [];
    for (const [x, y] of out) {
      if (b < x || a > y) {
        next.push([x, y]);
        continue;
      }
      if (x < a) next.push([x, a - 1]);
      if (y > b) next.push([b + 1, y]);
    }
    out = next;
  }
  return out;
}

function union(a: Ranges, b: Ranges): Ranges {
  const all = [...a, ...b].sort((p, q) => p[0] - q[0]);
  const out: Ranges = [];
  for (const [x, y] of all) {
    const last = out[out.length - 1];
    if (last && x <= last[1] + 1) last[1] = Math.max(last[1], y);
    else out.push([x, y]);
  }
  return out;
}

export const portCount = (ranges: Ranges) => ranges.reduce((n, [a, b]) => n + b - a + 1, 0);

/** "port 5432", "ports 1024-5431 and 5433-65535". */
export function rangesText(ranges: Ranges): string {
  const parts = ranges.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`));
  const one = ranges.length === 1 && ranges[0]![0] === ranges[0]![1];
  const list =
    parts.length <= 2
      ? parts.join(' and ')
      : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${one ? 'port' : 'ports'} ${list}`;
}

/** What an ordered rule list does with a range of ports. */
export interface PortVerdict {
  /** Ports some of the traffic gets through on. */
  allowed: Ranges;
  /** Ports an explicit DENY rule drops, by rule (in rule order). */
  denied: { rule: NaclRow; ports: Ranges }[];
  /** Ports no rule matches: dropped by the implicit final deny. */
  unmatched: Ranges;
}

/**
 * First-match evaluation of `rows` for traffic of `protocol` on `ports`, from or to a peer the
 * `cidr` callback matches a rule's CIDR against. Where a rule matches only part of the traffic
 * (its CIDR covers part of the peer's block, or it names one protocol of an ALL-traffic flow),
 * an ALLOW still lets that part through and a DENY leaves the rest to later rules: the answer
 * is what can get through, not what always does. A portless flow (ALL traffic, ICMP) is one
 * pseudo-port, 0.
 */
export function evaluateNacl(
  rows: readonly NaclRow[],
  protocol: string,
  ports: [number, number],
  cidr: (text: string | undefined) => Match,
): PortVerdict {
  const noPorts = portless(protocol);
  let open: Ranges = noPorts ? [[0, 0]] : [ports];
  let allowed: Ranges = [];
  const denied: PortVerdict['denied'] = [];
  const sorted = [...rows].sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const r of sorted) {
    if (open.length === 0) break;
    const pm = protoMatch(r.protocol ?? 'tcp', protocol);
    if (!pm.overlap) continue;
    const cm = cidr(r.cidr);
    if (!cm.overlap) continue;
    const rp = portsOf(r);
    const hit = noPorts ? open : intersect(open, rp);
    if (hit.length === 0) continue;
    const whole = pm.cover && cm.cover && (!noPorts || (rp[0] === 0 && rp[1] === 65535));
    if (r.action === 'allow') {
      allowed = union(allowed, hit);
      open = subtract(open, hit);
    } else if (whole) {
      denied.push({ rule: r, ports: hit });
      open = subtract(open, hit);
    }
  }
  return { allowed, denied, unmatched: open };
}

/**
 * Network ACL fidelity: rules are evaluated lowest number first and the first match decides, per
 * port; replies go to the client's ephemeral port, anywhere in 1024-65535, so the reply direction
 * must allow that whole range (issue 14, item 4). Table-driven over rule combinations, checked
 * through the two rules that read ACLs: NET_FLOW_BLOCKED and NACL_NO_EPHEMERAL_RETURN.
 */
import type { Board } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { net } from '../../test/boards.ts';
import { validateBoard } from '../engine.ts';
import { evaluateNacl, type NaclRow } from '../nacl.ts';

type Row = Record<string, unknown>;
const rule = (
  ruleNumber: number,
  action: string,
  protocol: string,
  cidr: string,
  from?: number,
  to?: number,
): Row => ({
  ruleNumber,
  action,
  protocol,
  cidr,
  ...(from !== undefined ? { fromPort: from, toPort: to ?? from } : {}),
});
const acl = (inbound: Row[], outbound: Row[]) => ({
  id: 'acl',
  kind: 'network-acl',
  parentId: 'v',
  label: 'Data ACL',
  props: { inbound, outbound },
});

/** The correct design with the database in its own subnet (priv_b), under the ACL given. */
function dbBehind(inbound: Row[], outbound: Row[], subnet = 'priv_b'): Board {
  return net({
    add: [acl(inbound, outbound)],
    parent: { db: 'priv_b' },
    props: { db: { subnetGroupSubnetIds: ['priv_a'] } },
    edges: [{ id: 'a_acl', kind: 'association', source: 'acl', target: subnet }],
  });
}

const blockedMessage = (b: Board, edge: string) =>
  validateBoard(b).find((f) => f.ruleId === 'NET_FLOW_BLOCKED' && f.edgeIds[0] === edge)?.message;

const VPC = '10.0.0.0/16';
const APP = '10.0.10.0/24';
/** Inbound rules of the database's subnet that admit the request (app → db, tcp 5432). */
const DB_IN = [rule(100, 'allow', 'tcp', VPC, 5432)];

describe('NET_FLOW_BLOCKED: the responses need the whole ephemeral range, rule order decides per port', () => {
  const cases: { name: string; inbound?: Row[]; outbound: Row[]; blocked: RegExp | null }[] = [
    {
      name: 'an outbound rule copied from the inbound one (5432 out for 5432 in) drops the responses',
      outbound: [rule(100, 'allow', 'tcp', VPC, 5432)],
      blocked:
        /Network ACL "Data ACL" on Subnet "priv_b": outbound rules let the responses \(tcp 1024-65535 to "app" \(10\.0\.10\.0\/24\)\) through only on port 5432: no rule allows ports 1024-5431 and 5433-65535/,
    },
    {
      name: 'one rule allowing 1024-65535 carries them',
      outbound: [rule(100, 'allow', 'tcp', VPC, 1024, 65535)],
      blocked: null,
    },
    {
      name: 'several rules together covering 1024-65535 carry them',
      outbound: [
        rule(100, 'allow', 'tcp', VPC, 1024, 30000),
        rule(110, 'allow', 'tcp', APP, 30001, 50000),
        rule(120, 'allow', 'tcp', '0.0.0.0/0', 50001, 65535),
      ],
      blocked: null,
    },
    {
      name: 'several rules leaving one port out drop the responses on it',
      outbound: [rule(100, 'allow', 'tcp', VPC, 1024, 30000), rule(110, 'allow', 'tcp', VPC, 30002, 65535)],
      blocked: /through only on ports 1024-30000 and 30002-65535: no rule allows port 30001/,
    },
    {
      name: 'a DENY numbered before the ALLOW removes its ports',
      outbound: [
        rule(90, 'deny', 'tcp', APP, 3000, 3999),
        rule(100, 'allow', 'tcp', '0.0.0.0/0', 1024, 65535),
      ],
      blocked: /through only on ports 1024-2999 and 4000-65535: rule 90 denies ports 3000-3999/,
    },
    {
      name: 'a DENY numbered after the ALLOW is never reached',
      outbound: [
        rule(100, 'allow', 'tcp', '0.0.0.0/0', 1024, 65535),
        rule(110, 'deny', 'tcp', APP, 3000, 3999),
      ],
      blocked: null,
    },
    {
      name: 'a DENY for other addresses does not remove ports for this client',
      outbound: [
        rule(90, 'deny', 'tcp', '203.0.113.0/24', 1024, 65535),
        rule(100, 'allow', 'tcp', VPC, 1024, 65535),
      ],
      blocked: null,
    },
    {
      name: 'a DENY of every port, before the ALLOW, names the rule',
      outbound: [rule(90, 'deny', 'tcp', VPC, 0, 65535), rule(100, 'allow', 'tcp', VPC, 1024, 65535)],
      blocked: /outbound rule 90 denies the responses \(tcp 1024-65535 to "app"/,
    },
    {
      name: 'an ALL-traffic ALLOW counts (no ports on it)',
      outbound: [rule(100, 'allow', 'all', APP)],
      blocked: null,
    },
    {
      name: 'an ALL-traffic ALLOW fills the gap other rules leave',
      outbound: [rule(100, 'allow', 'tcp', VPC, 1024, 30000), rule(200, 'allow', 'all', '0.0.0.0/0')],
      blocked: null,
    },
    {
      name: 'an ALL-traffic DENY before the ALLOW drops everything',
      outbound: [rule(50, 'deny', 'all', APP), rule(100, 'allow', 'tcp', VPC, 1024, 65535)],
      blocked: /outbound rule 50 denies the responses \(tcp 1024-65535 to "app"/,
    },
    {
      name: 'a udp rule does not carry tcp responses',
      outbound: [rule(100, 'allow', 'udp', VPC, 1024, 65535)],
      blocked: /no outbound rule allows the responses \(tcp 1024-65535 to "app"/,
    },
    {
      name: 'tcp and udp rules side by side: the tcp one carries the responses',
      outbound: [rule(100, 'allow', 'udp', VPC, 1024, 65535), rule(110, 'allow', 'tcp', VPC, 1024, 65535)],
      blocked: null,
    },
    {
      name: 'a udp DENY does not remove tcp ports',
      outbound: [rule(90, 'deny', 'udp', VPC, 1024, 65535), rule(100, 'allow', 'tcp', VPC, 1024, 65535)],
      blocked: null,
    },
    {
      name: 'the request itself: a DENY of a port range holding 5432, before an ALL-traffic ALLOW',
      inbound: [rule(90, 'deny', 'tcp', VPC, 5000, 6000), rule(100, 'allow', 'all', '0.0.0.0/0')],
      outbound: [rule(100, 'allow', 'all', '0.0.0.0/0')],
      blocked: /inbound rule 90 denies the request \(tcp 5432 from "app"/,
    },
  ];

  it.each(cases)('$name', ({ inbound, outbound, blocked }) => {
    const message = blockedMessage(dbBehind(inbound ?? DB_IN, outbound), 'f_app_db');
    if (blocked === null) expect(message).toBeUndefined();
    else expect(message).toMatch(blocked);
  });

  it("checks the client's side too: an inbound rule copied from the outbound one keeps the responses out", () => {
    const b = dbBehind(
      [rule(100, 'allow', 'tcp', '10.0.11.0/24', 5432), rule(110, 'allow', 'tcp', '10.0.0.0/24', 8080)],
      [
        rule(100, 'allow', 'tcp', '10.0.11.0/24', 5432),
        rule(110, 'allow', 'tcp', '10.0.0.0/24', 1024, 65535),
      ],
      'priv_a',
    );
    expect(blockedMessage(b, 'f_app_db')).toMatch(
      /Network ACL "Data ACL" on Subnet "priv_a": inbound rules let the responses \(tcp 1024-65535 from "db" \(10\.0\.11\.0\/24\)\) through only on port 5432/,
    );
  });

  it('from the internet: a DENY of one port inside the ephemeral range drops the responses sent to it', () => {
    const b = net({
      add: [
        acl(
          [rule(100, 'allow', 'tcp', '0.0.0.0/0', 443)],
          [rule(90, 'deny', 'tcp', '0.0.0.0/0', 3389), rule(100, 'allow', 'tcp', '0.0.0.0/0', 1024, 65535)],
        ),
      ],
      edges: [{ id: 'a_acl', kind: 'association', source: 'acl', target: 'pub_a' }],
    });
    expect(blockedMessage(b, 'f_users_alb')).toMatch(
      /Subnet "pub_a": outbound rules let the responses \(tcp 1024-65535 to the internet\) through only on ports 1024-3388 and 3390-65535: rule 90 denies port 3389/,
    );
  });
});

const ephemeral = (inbound: Row[], outbound: Row[]) =>
  validateBoard(net({ add: [acl(inbound, outbound)] }))
    .filter((f) => f.ruleId === 'NACL_NO_EPHEMERAL_RETURN')
    .map((f) => f.message);

describe('NACL_NO_EPHEMERAL_RETURN: every allowed service port needs the ephemeral range back', () => {
  const ok = [rule(100, 'allow', 'tcp', VPC, 1024, 65535)];
  const cases: { name: string; inbound: Row[]; outbound: Row[]; warns: RegExp[] }[] = [
    ...[5432, 3306, 6379, 8080].map((port) => ({
      name: `inbound ${port} (a service port above 1024) without an outbound return rule`,
      inbound: [rule(100, 'allow', 'tcp', VPC, port)],
      outbound: [rule(100, 'allow', 'tcp', '203.0.113.0/24', 443)],
      warns: [
        new RegExp(
          `Network ACL "Data ACL": inbound rule 100 allows tcp port ${port} from 10\\.0\\.0\\.0/16, but no outbound rule allows tcp ports 1024-65535 to it for the responses`,
        ),
        /outbound rule 100 allows tcp port 443 to 203\.0\.113\.0\/24, but no inbound rule allows tcp ports 1024-65535 from it/,
      ],
    })),
    ...[5432, 3306, 6379, 8080].map((port) => ({
      name: `inbound ${port} with an outbound 1024-65535 rule`,
      inbound: [rule(100, 'allow', 'tcp', VPC, port)],
      outbound: ok,
      warns: [],
    })),
    {
      name: 'the copied rule: 5432 out for 5432 in',
      inbound: [rule(100, 'allow', 'tcp', VPC, 5432)],
      outbound: [rule(100, 'allow', 'tcp', VPC, 5432)],
      warns: [
        /inbound rule 100 allows tcp port 5432 from 10\.0\.0\.0\/16, but the outbound rules let the responses \(tcp 1024-65535 to it\) through only on port 5432: no rule allows ports 1024-5431 and 5433-65535/,
        /outbound rule 100 allows tcp port 5432 to 10\.0\.0\.0\/16, but the inbound rules let the responses \(tcp 1024-65535 from it\) through only on port 5432/,
      ],
    },
    {
      name: 'several outbound rules together covering 1024-65535',
      inbound: [rule(100, 'allow', 'tcp', VPC, 5432)],
      outbound: [rule(100, 'allow', 'tcp', VPC, 1024, 32767), rule(110, 'allow', 'tcp', VPC, 32768, 65535)],
      warns: [],
    },
    {
      name: 'several outbound rules leaving a gap',
      inbound: [rule(100, 'allow', 'tcp', VPC, 5432)],
      outbound: [rule(100, 'allow', 'tcp', VPC, 1024, 32000), rule(110, 'allow', 'tcp', VPC, 32768, 65535)],
      warns: [/through only on ports 1024-32000 and 32768-65535: no rule allows ports 32001-32767/],
    },
    {
      name: 'a DENY before the ALLOW removes ports',
      inbound: [rule(100, 'allow', 'tcp', VPC, 5432)],
      outbound: [
        rule(90, 'deny', 'tcp', '0.0.0.0/0', 1024, 2047),
        rule(100, 'allow', 'tcp', VPC, 1024, 65535),
      ],
      warns: [/through only on ports 2048-65535: rule 90 denies ports 1024-2047/],
    },
    {
      name: 'a DENY after the ALLOW changes nothing',
      inbound: [rule(100, 'allow', 'tcp', VPC, 5432)],
      outbound: [
        rule(100, 'allow', 'tcp', VPC, 1024, 65535),
        rule(110, 'deny', 'tcp', '0.0.0.0/0', 1024, 2047),
      ],
      warns: [],
    },
    {
      name: 'an ALL-traffic outbound rule carries the responses (and its own requests need responses back)',
      inbound: [rule(100, 'allow', 'tcp', VPC, 5432)],
      outbound: [rule(100, 'allow', 'all', '0.0.0.0/0')],
      warns: [
        /outbound rule 100 allows all traffic to 0\.0\.0\.0\/0, but the inbound rules let the responses \(tcp 1024-65535 from it\) through only on port 5432/,
      ],
    },
    {
      name: 'an ALL-traffic inbound rule needs tcp and udp responses',
      inbound: [rule(100, 'allow', 'all', VPC)],
      outbound: ok,
      warns: [
        /inbound rule 100 allows all traffic from 10\.0\.0\.0\/16, but no outbound rule allows udp ports 1024-65535/,
      ],
    },
    {
      name: 'an ALL-traffic rule both ways',
      inbound: [rule(100, 'allow', 'all', VPC)],
      outbound: [rule(100, 'allow', 'all', VPC)],
      warns: [],
    },
    {
      name: 'protocol mismatch: tcp in, udp return rule',
      inbound: [rule(100, 'allow', 'tcp', VPC, 5432)],
      outbound: [rule(100, 'allow', 'udp', VPC, 1024, 65535)],
      warns: [/inbound rule 100 allows tcp port 5432 .* no outbound rule allows tcp ports 1024-65535/],
    },
    {
      name: 'protocol mismatch: udp in, tcp return rule',
      inbound: [rule(100, 'allow', 'udp', VPC, 53)],
      outbound: ok,
      warns: [/inbound rule 100 allows udp port 53 .* no outbound rule allows udp ports 1024-65535/],
    },
    {
      name: 'udp in, udp return rule',
      inbound: [rule(100, 'allow', 'udp', VPC, 53)],
      outbound: [rule(100, 'allow', 'udp', VPC, 1024, 65535)],
      warns: [],
    },
    {
      name: 'an ephemeral-range rule is itself a return rule (1024-65535, 32768-65535)',
      inbound: [
        rule(100, 'allow', 'tcp', '0.0.0.0/0', 1024, 65535),
        rule(110, 'allow', 'tcp', VPC, 32768, 65535),
      ],
      outbound: [rule(100, 'allow', 'tcp', '0.0.0.0/0', 443)],
      warns: [],
    },
  ];

  it.each(cases)('$name', ({ inbound, outbound, warns }) => {
    const messages = ephemeral(inbound, outbound);
    expect(messages, messages.join('\n')).toHaveLength(warns.length);
    for (const w of warns) expect(messages.join('\n')).toMatch(w);
  });
});

describe('evaluateNacl', () => {
  const row = (
    n: number,
    action: 'allow' | 'deny',
    protocol: string,
    from?: number,
    to?: number,
  ): NaclRow => ({
    ruleNumber: n,
    action,
    protocol,
    cidr: '0.0.0.0/0',
    ...(from !== undefined ? { fromPort: from, toPort: to ?? from } : {}),
  });
  const any = () => ({ overlap: true, cover: true });

  it('decides every port by the first rule matching it, whatever order the rows are listed in', () => {
    const v = evaluateNacl(
      [
        row(300, 'allow', 'tcp', 1024, 65535),
        row(100, 'allow', 'tcp', 8000, 9000),
        row(200, 'deny', 'tcp', 8500, 20000),
      ],
      'tcp',
      [1024, 65535],
      any,
    );
    expect(v.allowed).toEqual([
      [1024, 9000],
      [20001, 65535],
    ]);
    expect(v.denied.map((d) => [d.rule.ruleNumber, d.ports])).toEqual([[200, [[9001, 20000]]]]);
    expect(v.unmatched).toEqual([]);
  });

  it('leaves what no rule matches to the implicit deny', () => {
    const v = evaluateNacl(
      [row(100, 'allow', 'udp', 0, 65535), row(110, 'allow', 'tcp', 5432)],
      'tcp',
      [1024, 65535],
      any,
    );
    expect(v.allowed).toEqual([[5432, 5432]]);
    expect(v.unmatched).toEqual([
      [1024, 5431],
      [5433, 65535],
    ]);
  });
});

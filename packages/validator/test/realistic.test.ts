import { readFileSync, readdirSync } from 'node:fs';
import { TEMPLATES, parseBoardOrThrow } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { summarize, validateBoard } from '../src/index.ts';
import { cachedAnalytics, peeredVpcs } from './correct-designs.ts';

const templatesDir = new URL('../../model/templates/', import.meta.url);
const templateFiles = readdirSync(templatesDir).filter((f) => f.endsWith('.board.json'));

describe('correct designs produce no errors', () => {
  it.each(templateFiles)('template %s', (file) => {
    const board = parseBoardOrThrow(readFileSync(new URL(file, templatesDir), 'utf8'));
    const findings = validateBoard(board);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    // Warnings on a template would be advice the starter board itself ignores.
    expect(findings.filter((f) => f.severity === 'warning')).toEqual([]);
  });

  it('covers every template the app offers', () => {
    expect(TEMPLATES.length).toBeGreaterThan(0);
    for (const t of TEMPLATES)
      expect(validateBoard(t.board()).filter((f) => f.severity === 'error')).toEqual([]);
  });

  it.each([
    ['two peered VPCs with a NAT instance, custom ACLs and Aurora', peeredVpcs],
    ['CloudFront, ALB, Valkey with failover, RDS with a replica, Redshift', cachedAnalytics],
  ])('%s', (_name, make) => {
    const findings = validateBoard(make());
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(findings.every((f) => f.ruleId === 'SUBNET_USABLE_IPS')).toBe(true);
  });

  it('the example board of docs/board-format.md', () => {
    const doc = readFileSync(new URL('../../../docs/board-format.md', import.meta.url), 'utf8');
    const block = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block).toBeTruthy();
    const findings = validateBoard(parseBoardOrThrow(block!));
    expect(summarize(findings)).toMatchObject({ errors: 0, warnings: 0 });
  });
});

describe('a deliberately broken three-tier design', () => {
  const board = parseBoardOrThrow(
    readFileSync(new URL('./fixtures/broken-three-tier.board.json', import.meta.url), 'utf8'),
  );

  it('produces exactly the expected findings', () => {
    const got = validateBoard(board).map((f) => [
      f.ruleId,
      f.severity,
      f.nodeIds.join(','),
      f.edgeIds.join(','),
    ]);
    expect(got).toEqual([
      ['CF_TTL_ORDER', 'error', 'cdn', ''],
      ['DDB_CAPACITY_MISSING', 'error', 'sessions', ''],
      ['NATGW_NO_EIP', 'error', 'nat_a', ''],
      ['NET_DATA_TIER_EXPOSED', 'error', 'db,igw,public_a,sg_db', ''],
      ['NET_FLOW_BLOCKED', 'error', 'alb,app_a,sg_app', 'f_alb_app_a'],
      ['NET_FLOW_BLOCKED', 'error', 'alb,app_b,sg_app', 'f_alb_app_b'],
      ['SUBNET_OUTSIDE_VPC', 'error', 'public_b,vpc_main', ''],
      ['RDS_PUBLICLY_ACCESSIBLE', 'warning', 'db', ''],
      ['RDS_PUBLIC_SUBNET', 'warning', 'db,public_a', ''],
      ['SG_OPEN_TO_WORLD', 'warning', 'sg_db', ''],
      ['SQS_DLQ_RETENTION', 'warning', 'orders_dlq,orders_queue', 'dlq'],
      // The figures every subnet shows (not mistakes).
      ['SUBNET_USABLE_IPS', 'info', 'private_a', ''],
      ['SUBNET_USABLE_IPS', 'info', 'private_b', ''],
      ['SUBNET_USABLE_IPS', 'info', 'public_a', ''],
      ['SUBNET_USABLE_IPS', 'info', 'public_b', ''],
    ]);
  });

  it('names the offending values and the blocking hop', () => {
    const byRule = new Map(validateBoard(board).map((f) => [f.ruleId, f.message]));
    expect(byRule.get('SUBNET_OUTSIDE_VPC')).toContain(
      'subnet 10.1.1.0/24 lies outside VPC "Production VPC" 10.0.0.0/16',
    );
    expect(byRule.get('NET_FLOW_BLOCKED')).toMatch(
      /security group "app-sg".*no inbound rule admits tcp 8080/,
    );
    expect(byRule.get('NET_DATA_TIER_EXPOSED')).toMatch(
      /Internet → Internet gateway "Internet gateway" → Subnet "Public A" → Security group "db-sg"/,
    );
    expect(byRule.get('CF_TTL_ORDER')).toContain('min 100000 s, default 86400 s');
  });

  it('keeps an acknowledged finding listed, flagged, and out of the error count', () => {
    const acked = structuredClone(board);
    const db = acked.nodes.find((n) => n.id === 'db')!;
    db.acks = { RDS_PUBLICLY_ACCESSIBLE: { reason: 'Read-only demo data', by: 'ana' } };
    const findings = validateBoard(acked);
    const f = findings.find((x) => x.ruleId === 'RDS_PUBLICLY_ACCESSIBLE');
    expect(f?.acknowledged).toEqual({ reason: 'Read-only demo data', by: 'ana' });
    expect(findings.find((x) => x.ruleId === 'RDS_PUBLIC_SUBNET')?.acknowledged).toBeUndefined();
    const before = summarize(validateBoard(board));
    const after = summarize(findings);
    expect(after.total).toBe(before.total);
    expect(after.warnings).toBe(before.warnings - 1);
    expect(after.acknowledged).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { makeBoard } from '../test/boards.ts';
import { planBoard } from './resolve.ts';

describe('planBoard reads kinds’ network traits', () => {
  it('leaves out a security group drawn on a kind AWS gives none (a NAT gateway), with a note', () => {
    const board = makeBoard(
      'sg on nat',
      [
        { id: 'v', kind: 'vpc', label: 'VPC', props: { cidr: '10.0.0.0/16', region: 'us-east-1' } },
        { id: 's', kind: 'subnet', label: 'Public', parentId: 'v', props: { cidr: '10.0.1.0/24' } },
        { id: 'nat', kind: 'nat-gateway', label: 'NAT', parentId: 's' },
        { id: 'sg', kind: 'security-group', label: 'Web SG', parentId: 'v' },
      ],
      [{ id: 'a', kind: 'association', source: 'sg', target: 'nat' }],
    );
    expect(planBoard(board).warnings).toContain(
      'NAT (nat-gateway): a NAT gateway cannot have security groups; Web SG is not attached.',
    );
  });
});

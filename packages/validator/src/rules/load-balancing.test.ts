import type { Board } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import { net } from '../../test/boards.ts';
import { validateBoard } from '../engine.ts';

const unserved = (b: Board) =>
  validateBoard(b)
    .filter((f) => f.ruleId === 'LB_TARGET_AZ_UNSERVED')
    .map((f) => ({ severity: f.severity, nodes: f.nodeIds, edges: f.edgeIds, message: f.message }));

// net(): the load balancer "alb" in pub_a (us-east-1a) and pub_b (us-east-1b), "app" in priv_a (us-east-1a).
const inA = { subnetIds: undefined }; // the load balancer in pub_a only: a node in us-east-1a only
const nlb = (props: Record<string, unknown>, edit: Parameters<typeof net>[0] = {}) =>
  net({ ...edit, props: { ...edit.props, alb: { type: 'network', ...props } } });
const group = (subnetIds: string[]) => ({
  add: [
    { id: 'group', kind: 'autoscaling-group', parentId: 'priv_a', props: { subnetIds, instancePort: 8080 } },
  ],
  edges: [{ id: 'f_group', kind: 'traffic', source: 'alb', target: 'group' }],
});

describe('LB_TARGET_AZ_UNSERVED', () => {
  it('a target only in an AZ where the load balancer has no subnet gets no traffic at all', () => {
    expect(unserved(nlb(inA, { parent: { app: 'priv_b' } }))).toEqual([
      {
        severity: 'warning',
        nodes: ['alb', 'app', 'priv_b'],
        edges: ['f_alb_app'],
        message:
          'EC2 instance "app" runs in us-east-1b ("priv_b"), where Load balancer "alb" has no subnet: it receives no traffic from it at all.',
      },
    ]);
    // Near miss: the load balancer has a subnet in us-east-1b (pub_b) too.
    expect(unserved(nlb({}, { parent: { app: 'priv_b' } }))).toEqual([]);
  });

  it('names the members of a spread target in the AZs the load balancer lacks, the others being served', () => {
    expect(unserved(nlb(inA, group(['priv_b']))).map((f) => f.message)).toEqual([
      'Auto Scaling group "group" launches instances in us-east-1b ("priv_b"), where Load balancer "alb" has no subnet: targets there receive no traffic from it.',
    ]);
    expect(unserved(nlb({}, group(['priv_b'])))).toEqual([]);
    const svc = {
      add: [{ id: 'svc', kind: 'ecs-service', parentId: 'priv_a', props: { subnetIds: ['priv_b'] } }],
      edges: [{ id: 'f_svc', kind: 'traffic', source: 'alb', target: 'svc' }],
    };
    expect(unserved(nlb(inA, svc)).map((f) => [f.nodes, f.edges])).toEqual([
      [['alb', 'svc', 'priv_b'], ['f_svc']],
    ]);
  });

  it('holds for an ALB and for an NLB with cross-zone load balancing on: nodes never send to zones not enabled', () => {
    const edit = { parent: { app: 'priv_b' } };
    expect(unserved(nlb({ ...inA, crossZone: true }, edit))).toHaveLength(1);
    expect(unserved(nlb({ ...inA, type: 'application' }, edit))).toHaveLength(1);
  });

  it('is silent for targets that are not zonal members, for unknown zones and for flows to the load balancer', () => {
    // RDS picks one subnet of its group: not a target in each of them.
    const toDb = { edges: [{ id: 'f_db', kind: 'traffic', source: 'alb', target: 'db' }] };
    expect(unserved(nlb(inA, toDb))).toEqual([]);
    // The target's subnet has no AZ (SUBNET_NO_AZ says so).
    expect(unserved(nlb(inA, { parent: { app: 'priv_b', priv_b: 'v' } }))).toEqual([]);
    expect(unserved(nlb(inA, { parent: { app: 'priv_b' }, remove: ['f_alb_app'] }))).toEqual([]);
  });
});

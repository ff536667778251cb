import type { BoardNode } from '@stratus/model';
import { describe, name } from '../context.ts';
import { defineRules, rule } from '../types.ts';
import { placements } from './reachability.ts';

/**
 * Targets whose members run in each subnet they are placed in (an instance in its subnet, an ECS
 * service's tasks and an Auto Scaling group's instances in each of their subnets), so a member
 * sits in every one of their AZs. A database is not one: RDS picks one subnet of its group.
 */
const TARGET_MEMBERS: Readonly<Record<string, string>> = {
  'ec2-instance': 'runs',
  'ecs-service': 'runs tasks',
  'autoscaling-group': 'launches instances',
};

export const loadBalancingRules = defineRules([
  rule({
    id: 'LB_TARGET_AZ_UNSERVED',
    title: "Load balancer has no subnet in its target's availability zone",
    severity: 'warning',
    section: 'Load balancing',
    statement:
      'A load balancer should have a subnet in every availability zone its targets (instances, ECS tasks, Auto Scaling instances) run in.',
    rationale:
      "A load balancer has a node in the availability zone of each of its subnets, and only those zones are enabled for it. A target registered in a zone that is not enabled receives no traffic from it: with cross-zone load balancing off (a Network Load Balancer's default) each node sends only to targets in its own zone, and with it on (always for an Application Load Balancer) the nodes send to targets in all enabled zones, still not to the others. So an instance drawn there, or the tasks or instances an ECS service or Auto Scaling group runs there, sit idle, and a target only there gets nothing at all. Reachability (NET_FLOW_BLOCKED) follows a load balancer's nodes only to the targets they send to, so it says nothing about these.",
    source:
      'Elastic Load Balancing User Guide for Network Load Balancers: Cross-zone load balancing (docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#cross-zone-load-balancing); Availability Zones and load balancer nodes ("If you register targets in an Availability Zone but do not enable the Availability Zone, these registered targets do not receive traffic")',
    edgeKinds: ['traffic'],
    edge(edge, ctx, emit) {
      const lb = ctx.node(edge.source);
      const target = ctx.node(edge.target);
      if (lb?.kind !== 'load-balancer' || !target) return;
      const members = TARGET_MEMBERS[target.kind as string];
      if (!members) return;
      const fronts = placements(ctx, lb);
      const zones = new Set(fronts.map((p) => ctx.zoneOf(p.subnet)));
      // A load balancer in no subnet, or one of unknown zone, is another rule's business.
      if (fronts.length === 0 || zones.has(undefined)) return;
      const vpc = fronts[0]!.vpc.id;
      const unserved = new Map<string, BoardNode[]>(); // zone -> the target's subnets there
      let served = false;
      for (const p of placements(ctx, target)) {
        const zone = ctx.zoneOf(p.subnet);
        if (zone === undefined || p.vpc.id !== vpc) continue;
        if (zones.has(zone)) served = true;
        else unserved.set(zone, [...(unserved.get(zone) ?? []), p.subnet]);
      }
      if (unserved.size === 0) return;
      const where = [...unserved]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([zone, subnets]) => `${zone} (${subnets.map((s) => name(s)).join(', ')})`);
      const subnets = [...unserved.values()].flat();
      const outcome = served
        ? 'targets there receive no traffic from it'
        : 'it receives no traffic from it at all';
      emit({
        nodeIds: [lb.id, target.id, ...subnets.map((s) => s.id)],
        edgeIds: [edge.id],
        message: `${describe(target)} ${members} in ${where.join(', ')}, where ${describe(lb)} has no subnet: ${outcome}.`,
        fix: `Add a subnet of ${[...unserved.keys()].sort().join(' and ')} to the load balancer's Subnets (one per availability zone), or place the targets in its zones.`,
      });
    },
  }),
]);

import type { BoardNode } from '@stratus/model';
import { type RuleContext, describe, name, propOrDefault } from '../context.ts';
import { subnetEgress } from '../egress.ts';
import { type NodeOfKind, type Rule, defineRules, rule } from '../types.ts';

/**
 * Fargate's task sizes above the smallest: for each CPU value, the memory range (MiB) and its
 * step. From the task size table of "Amazon ECS task definition parameters for Fargate".
 */
const FARGATE_MEMORY: ReadonlyMap<number, { min: number; max: number; step: number }> = new Map([
  [512, { min: 1024, max: 4096, step: 1024 }],
  [1024, { min: 2048, max: 8192, step: 1024 }],
  [2048, { min: 4096, max: 16384, step: 1024 }],
  [4096, { min: 8192, max: 30720, step: 1024 }],
  [8192, { min: 16384, max: 61440, step: 4096 }],
  [16384, { min: 32768, max: 122880, step: 8192 }],
]);

/** Why a Fargate task size is invalid, or undefined when Fargate accepts it. */
export function fargateSizeProblem(cpu: number, memory: number): string | undefined {
  if (cpu === 256) {
    // The smallest size is the one exception to the steps: 512 MiB, 1 GB or 2 GB.
    if ([512, 1024, 2048].includes(memory)) return undefined;
    return `256 CPU units takes 512, 1024 or 2048 MiB, not ${memory} MiB`;
  }
  const range = FARGATE_MEMORY.get(cpu);
  if (!range) return `${cpu} CPU units is not a Fargate size (256, 512, 1024, 2048, 4096, 8192 or 16384)`;
  const ok = memory >= range.min && memory <= range.max && (memory - range.min) % range.step === 0;
  if (ok) return undefined;
  return `${cpu} CPU units takes ${range.min}-${range.max} MiB in steps of ${range.step} MiB, not ${memory} MiB`;
}

/** An image in a private ECR registry (`<account>.dkr.ecr.<region>.amazonaws.com/…`). */
export const isPrivateEcrImage = (image: string): boolean =>
  /^\d{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//.test(image.trim());

/**
 * How a Fargate task in this subnet pulls its image, or what is missing. Fargate pulls through the
 * task's own network interface: over the internet (a NAT route, or an internet gateway route with
 * a public IP) or, for a private ECR image only, through the ECR API and Docker interface
 * endpoints plus the S3 gateway endpoint that serves the image layers.
 */
function imagePullGap(
  ctx: RuleContext,
  subnet: BoardNode,
  image: string,
  publicIp: boolean,
): { publicSubnet: boolean; missingEndpoints: string[] | undefined } | undefined {
  const publicSubnet = ctx.isPublicSubnet(subnet.id);
  if (publicSubnet && publicIp) return undefined;
  const egress = subnetEgress(ctx, subnet.id);
  // A route table sends 0.0.0.0/0 to one target: an internet gateway's route is never a NAT's.
  if (!publicSubnet && egress.internet) return undefined;
  if (!isPrivateEcrImage(image)) return { publicSubnet, missingEndpoints: undefined };
  const missing = [
    ...['ecr.api', 'ecr.dkr'].filter((s) => !egress.interfaceEndpoints.has(s)).map((s) => `${s} (interface)`),
    ...(egress.gatewayEndpoints.has('s3') ? [] : ['s3 (gateway)']),
  ];
  return missing.length === 0 ? undefined : { publicSubnet, missingEndpoints: missing };
}

/** The subnets of a Fargate service whose tasks cannot pull its image, with what is missing in each. */
function imagePullGaps(node: NodeOfKind<'ecs-service'>, ctx: RuleContext) {
  const image = propOrDefault<string>(node, 'image') ?? '';
  const publicIp = propOrDefault<boolean>(node, 'assignPublicIp') === true;
  return ctx.subnetsUsed(node).flatMap((subnet) => {
    const gap = imagePullGap(ctx, subnet, image, publicIp);
    return gap ? [{ image, subnet, ...gap }] : [];
  });
}

const pullNeeds = (missing: string[] | undefined) =>
  missing
    ? `and the VPC endpoints ECR needs are missing: ${missing.join(', ')}`
    : 'and only images in your private ECR can come through VPC endpoints';

/** A service or group in no subnet (neither drawn in one nor listing any): `why` it needs one. */
const noSubnetRule = (
  r: Pick<Rule, 'id' | 'title' | 'section' | 'statement' | 'rationale' | 'source'> & {
    kind: 'ecs-service' | 'autoscaling-group';
    why: string;
  },
) =>
  rule({
    id: r.id,
    title: r.title,
    severity: 'error',
    section: r.section,
    statement: r.statement,
    rationale: r.rationale,
    source: r.source,
    nodeKinds: [r.kind],
    node(node, ctx, emit) {
      if (ctx.subnetsUsed(node).length > 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is in no subnet: ${r.why}.`,
        fix: 'Draw it in a private subnet, and list subnets of other availability zones in its Subnets.',
      });
    },
  });

/** One availability zone for all its subnets (silent while a subnet's zone is unknown). */
function singleZone(node: BoardNode, ctx: RuleContext): { zone: string; subnets: BoardNode[] } | undefined {
  const subnets = ctx.subnetsUsed(node);
  if (subnets.length === 0) return undefined;
  const zones = subnets.map((s) => ctx.zoneOf(s));
  if (zones.some((z) => z === undefined)) return undefined; // SUBNET_NO_AZ
  const distinct = new Set(zones);
  return distinct.size === 1 ? { zone: zones[0]!, subnets } : undefined;
}

export const computeRules = defineRules([
  rule({
    id: 'ECS_FARGATE_TASK_SIZE',
    title: 'Fargate task size is not one Fargate offers',
    severity: 'error',
    section: 'ECS',
    statement: "A Fargate task's CPU and memory must be one of the combinations Fargate supports.",
    rationale:
      'Fargate runs tasks only in fixed sizes: 256 CPU units with 512, 1024 or 2048 MiB; 512 with 1-4 GB, 1024 with 2-8 GB, 2048 with 4-16 GB and 4096 with 8-30 GB, in 1 GB steps; 8192 with 16-60 GB (4 GB steps); 16384 with 32-120 GB (8 GB steps). ECS rejects a task definition of any other size.',
    source: 'Amazon ECS Developer Guide: Task definition parameters for Fargate (Task size)',
    nodeKinds: ['ecs-service'],
    node(node, _ctx, emit) {
      const cpu = propOrDefault<number>(node, 'cpu') ?? 256;
      const memory = propOrDefault<number>(node, 'memory') ?? 512;
      const problem = fargateSizeProblem(cpu, memory);
      if (!problem) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: ${problem}.`,
        fix: 'Pick a CPU value and a memory size from the Fargate task size table.',
      });
    },
  }),
  noSubnetRule({
    id: 'ECS_NO_SUBNET',
    title: 'ECS service has no subnet to run in',
    section: 'ECS',
    statement: 'An ECS service on Fargate needs at least one subnet.',
    rationale:
      "Fargate tasks use the awsvpc network mode: every task gets a network interface in one of the subnets of the service's network configuration, which must list at least one.",
    source: 'Amazon ECS Developer Guide: Task networking options for Fargate',
    kind: 'ecs-service',
    why: 'Fargate gives every task a network interface in one of its subnets',
  }),
  rule({
    id: 'ECS_IMAGE_PULL_NO_ROUTE',
    title: 'Fargate tasks cannot pull their container image',
    severity: 'error',
    section: 'ECS',
    statement:
      'Fargate tasks in a private subnet need a NAT route to pull their image, or, for an image in your private ECR, the ecr.api and ecr.dkr interface endpoints and the S3 gateway endpoint.',
    rationale:
      "Fargate pulls the image through the task's network interface. In a subnet without a 0.0.0.0/0 route to a NAT, the pull times out (CannotPullContainerError) unless the image is in your private ECR and the VPC has the ECR API and Docker endpoints and an S3 gateway endpoint on the subnet's route table (ECR keeps image layers in S3). Images from Docker Hub or other registries always need the internet.",
    source:
      'Amazon ECR User Guide: Amazon ECR interface VPC endpoints (AWS PrivateLink); AWS re:Post Knowledge Center: CannotPullContainerError on Fargate',
    nodeKinds: ['ecs-service'],
    node(node, ctx, emit) {
      for (const { image, subnet, publicSubnet, missingEndpoints } of imagePullGaps(node, ctx)) {
        if (publicSubnet) continue; // ECS_PUBLIC_SUBNET_NO_PUBLIC_IP
        emit({
          nodeIds: [node.id, subnet.id],
          message: `${describe(node)} cannot pull ${image} in ${describe(subnet)}: the subnet has no 0.0.0.0/0 route to a NAT, ${pullNeeds(missingEndpoints)}.`,
          fix: 'Route 0.0.0.0/0 to a NAT gateway, or (for an image in your private ECR) add ecr.api and ecr.dkr interface endpoints and an S3 gateway endpoint.',
        });
      }
    },
  }),
  rule({
    id: 'ECS_PUBLIC_SUBNET_NO_PUBLIC_IP',
    title: 'Fargate tasks in a public subnet have no public IP',
    severity: 'warning',
    section: 'ECS',
    statement:
      'Fargate tasks in a public subnet without "Assign public IP" cannot pull their image through the internet gateway.',
    rationale:
      'An internet gateway carries only the traffic of network interfaces with a public IPv4 address. A Fargate task in a public subnet without one cannot reach its registry (unless the image is in your private ECR and the ECR and S3 endpoints are there), so the task stops before it starts.',
    source:
      'Amazon ECS Developer Guide: Task networking options for Fargate; AWS re:Post Knowledge Center: CannotPullContainerError on Fargate',
    nodeKinds: ['ecs-service'],
    node(node, ctx, emit) {
      for (const { image, subnet, publicSubnet } of imagePullGaps(node, ctx)) {
        if (!publicSubnet) continue; // ECS_IMAGE_PULL_NO_ROUTE
        emit({
          nodeIds: [node.id, subnet.id],
          message: `${describe(node)} runs tasks in ${describe(subnet)}, a public subnet, without public IPs: they cannot pull ${image} through the internet gateway.`,
          fix: 'Turn "Assign public IP" on, or run the tasks in private subnets routed to a NAT gateway.',
        });
      }
    },
  }),
  rule({
    id: 'ECS_SINGLE_AZ',
    title: 'ECS service runs in one availability zone',
    severity: 'warning',
    section: 'ECS',
    statement: 'A service with two or more tasks should have subnets in at least two availability zones.',
    rationale:
      "ECS spreads a service's tasks across the availability zones of its subnets; with subnets in one zone, an outage of that zone stops every task.",
    source: 'Amazon ECS Developer Guide: Amazon ECS task placement (spread across Availability Zones)',
    nodeKinds: ['ecs-service'],
    node(node, ctx, emit) {
      const tasks = propOrDefault<number>(node, 'desiredCount') ?? 1;
      if (tasks < 2) return;
      const one = singleZone(node, ctx);
      if (!one) return;
      emit({
        nodeIds: [node.id, ...one.subnets.map((s) => s.id)],
        message: `${describe(node)} runs ${tasks} tasks, but its subnets (${one.subnets.map((s) => name(s)).join(', ')}) are all in ${one.zone}.`,
        fix: 'Add a subnet of another availability zone to its Subnets.',
      });
    },
  }),
  rule({
    id: 'ASG_SIZE_ORDER',
    title: 'Auto Scaling group sizes are out of order',
    severity: 'error',
    section: 'Auto Scaling',
    statement: 'An Auto Scaling group needs minimum ≤ desired ≤ maximum.',
    rationale:
      'The desired capacity must lie between the minimum and the maximum size (unset, it is the minimum); EC2 Auto Scaling rejects a group whose sizes are out of order.',
    source: 'Amazon EC2 Auto Scaling User Guide: Set scaling limits for your Auto Scaling group',
    nodeKinds: ['autoscaling-group'],
    node(node, _ctx, emit) {
      const min = propOrDefault<number>(node, 'minSize') ?? 0;
      const max = propOrDefault<number>(node, 'maxSize') ?? 0;
      const desired = node.props.desiredCapacity ?? min;
      if (min <= desired && desired <= max) return;
      const what =
        min > max
          ? `minimum ${min} is above maximum ${max}`
          : `desired ${desired} is outside minimum ${min} to maximum ${max}`;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: ${what}.`,
        fix: 'Set minimum ≤ desired ≤ maximum.',
      });
    },
  }),
  noSubnetRule({
    id: 'ASG_NO_SUBNET',
    title: 'Auto Scaling group has no subnet to launch in',
    section: 'Auto Scaling',
    statement: 'An Auto Scaling group in a VPC needs at least one subnet.',
    rationale:
      'The group launches its instances in the subnets of its VPC zone identifier; without one it has nowhere to put them.',
    source: 'Amazon EC2 Auto Scaling User Guide: Auto Scaling groups (VPCZoneIdentifier)',
    kind: 'autoscaling-group',
    why: 'it launches its instances in its subnets',
  }),
  rule({
    id: 'ASG_SINGLE_AZ',
    title: 'Auto Scaling group spans one availability zone',
    severity: 'warning',
    section: 'Auto Scaling',
    statement: 'An Auto Scaling group should have subnets in at least two availability zones.',
    rationale:
      'EC2 Auto Scaling balances instances across the availability zones of its subnets and launches replacements in the healthy ones when a zone fails; subnets in one zone give it nowhere to go.',
    source: 'Amazon EC2 Auto Scaling User Guide: Example: Distribute instances across Availability Zones',
    nodeKinds: ['autoscaling-group'],
    node(node, ctx, emit) {
      const one = singleZone(node, ctx);
      if (!one) return;
      emit({
        nodeIds: [node.id, ...one.subnets.map((s) => s.id)],
        message: `${describe(node)} launches only in ${one.zone} (${one.subnets.map((s) => name(s)).join(', ')}).`,
        fix: 'Add a subnet of another availability zone to its Subnets.',
      });
    },
  }),
  rule({
    id: 'ASG_ELB_HEALTH_CHECK',
    title: 'Auto Scaling group ignores its load balancer health checks',
    severity: 'warning',
    section: 'Auto Scaling',
    statement:
      'An Auto Scaling group behind a load balancer should use load balancer health checks (health check type ELB).',
    rationale:
      'With EC2 health checks the group replaces only instances whose EC2 status checks fail; an instance whose application stopped answering keeps running, taken out of service by the load balancer but never replaced.',
    source:
      'Amazon EC2 Auto Scaling User Guide: Health checks for instances in an Auto Scaling group; Add Elastic Load Balancing health checks',
    nodeKinds: ['autoscaling-group'],
    node(node, ctx, emit) {
      if (propOrDefault<string>(node, 'healthCheckType') === 'ELB') return;
      const front = ctx.inEdges(node.id, 'traffic').find((e) => ctx.node(e.source)?.kind === 'load-balancer');
      if (!front) return;
      emit({
        nodeIds: [node.id, front.source],
        edgeIds: [front.id],
        message: `${describe(node)} receives traffic from ${describe(ctx.node(front.source))} but uses EC2 health checks only.`,
        fix: 'Set its health check to "Load balancer health checks" (ELB).',
      });
    },
  }),
]);

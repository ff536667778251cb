import { describe, edgePropOrDefault, propOrDefault } from '../context.ts';
import { defineRules, rule } from '../types.ts';

const ORIGIN_KINDS = new Set(['s3-bucket', 'load-balancer', 'ec2-instance', 'custom-origin', 'api-gateway']);

export const cloudfrontRules = defineRules([
  rule({
    id: 'CF_NO_ORIGIN',
    title: 'Distribution has no origin',
    severity: 'error',
    section: 'CloudFront',
    statement: 'A distribution needs at least one origin.',
    rationale:
      'CloudFront fetches what it has not cached from an origin; a distribution without one cannot be created.',
    source: 'Origins',
    nodeKinds: ['cloudfront-distribution'],
    node(node, ctx, emit) {
      if (ctx.outEdges(node.id, 'origin').length > 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has no origin.`,
        fix: 'Draw an origin edge to an S3 bucket, a load balancer or an HTTP server.',
      });
    },
  }),
  rule({
    id: 'CF_ORIGIN_TYPE',
    title: 'Origin does not serve web content',
    severity: 'error',
    section: 'CloudFront',
    statement:
      'An origin must be an S3 bucket, an S3 website, a load balancer, an EC2 instance, an API Gateway API or a custom HTTP server; not a database or a queue.',
    rationale: 'CloudFront speaks HTTP(S) to its origins; databases, caches and queues do not serve HTTP.',
    source: 'CloudFront',
    edgeKinds: ['origin'],
    edge(edge, ctx, emit) {
      const t = ctx.node(edge.target);
      if (!t || ORIGIN_KINDS.has(t.kind)) return;
      emit({
        nodeIds: [edge.source, t.id],
        edgeIds: [edge.id],
        message: `${describe(ctx.node(edge.source))} uses ${describe(t)} as an origin; it does not serve HTTP.`,
        fix: 'Point the origin at an S3 bucket, a load balancer, an EC2 instance or a custom HTTP server.',
      });
    },
  }),
  rule({
    id: 'CF_ORIGIN_PRIVATE',
    title: 'Origin is in a private subnet',
    severity: 'error',
    section: 'CloudFront',
    statement:
      'An origin in a private subnet cannot be reached by CloudFront unless it is configured as a VPC origin (possible for an ALB, NLB or EC2 instance only).',
    rationale:
      'CloudFront reaches ordinary origins over the internet. An internal load balancer or an instance in a private subnet is reachable only through a CloudFront VPC origin.',
    source: 'CloudFront',
    notesSay: 'The notes predate CloudFront VPC origins (available since late 2024).',
    edgeKinds: ['origin'],
    edge(edge, ctx, emit) {
      const t = ctx.node(edge.target);
      if (t?.kind !== 'load-balancer' && t?.kind !== 'ec2-instance') return;
      if (edgePropOrDefault<boolean>(edge, 'vpcOrigin') === true) return;
      const subnet = ctx.subnetOf(t.id);
      const internal = t.kind === 'load-balancer' && propOrDefault(t, 'scheme') === 'internal';
      const privateSubnet = subnet !== undefined && !ctx.isPublicSubnet(subnet.id);
      if (!internal && !privateSubnet) return;
      emit({
        nodeIds: [edge.source, t.id, ...(subnet ? [subnet.id] : [])],
        edgeIds: [edge.id],
        message: internal
          ? `${describe(ctx.node(edge.source))} uses internal ${describe(t)} as an origin without a VPC origin.`
          : `${describe(ctx.node(edge.source))} uses ${describe(t)} in private ${describe(subnet)} as an origin without a VPC origin.`,
        fix: 'Turn on "VPC origin" for this origin, or use an internet-facing load balancer in a public subnet.',
      });
    },
  }),
  rule({
    id: 'CF_TTL_ORDER',
    title: 'Cache TTLs are out of order',
    severity: 'error',
    section: 'CloudFront',
    statement: 'Minimum TTL <= default TTL <= maximum TTL.',
    rationale: 'CloudFront refuses a cache behaviour whose TTLs are out of order.',
    source: 'Cache control',
    nodeKinds: ['cloudfront-distribution'],
    node(node, _ctx, emit) {
      const p = node.props;
      if (p.minTtl === undefined && p.defaultTtl === undefined && p.maxTtl === undefined) return;
      const min = propOrDefault<number>(node, 'minTtl') ?? 0;
      const def = propOrDefault<number>(node, 'defaultTtl') ?? 86400;
      const max = propOrDefault<number>(node, 'maxTtl') ?? 31536000;
      if (min <= def && def <= max) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: TTLs min ${min} s, default ${def} s, max ${max} s are not in order.`,
        fix: 'Make minimum <= default <= maximum.',
      });
    },
  }),
  rule({
    id: 'CF_DEFAULT_TTL',
    title: 'No cache TTL is set',
    severity: 'info',
    section: 'CloudFront',
    statement: 'No TTL set: objects expire after 24 h.',
    rationale:
      'Without a default TTL (and no Cache-Control from the origin) CloudFront caches objects for 24 hours.',
    source: 'Cache control',
    nodeKinds: ['cloudfront-distribution'],
    node(node, _ctx, emit) {
      if (node.props.defaultTtl !== undefined) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} sets no default TTL: objects expire after 24 h.`,
        fix: 'Set a default TTL that suits the content.',
      });
    },
  }),
]);

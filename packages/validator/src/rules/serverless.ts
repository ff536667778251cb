import { type BoardNode, GATEWAY_ENDPOINT_SERVICES, kindDef } from '@stratus/model';
import { type RuleContext, describe, name, propOrDefault } from '../context.ts';
import { ENDPOINT_SERVICE_OF_KIND, type GatewayEndpointService, subnetEgress } from '../egress.ts';
import { defineRules, rule } from '../types.ts';
import { isPrivateApi, networkedHere } from './reachability.ts';

/**
 * What a VPC resource calling this node over its public endpoint can use besides the internet:
 * the VPC endpoint service that serves it (gateway endpoints exist only for S3 and DynamoDB).
 * Undefined for what only the internet serves (the Internet, CloudFront, a server outside AWS).
 */
function endpointServiceFor(
  target: BoardNode,
): { gateway?: GatewayEndpointService; service: string } | undefined {
  const service = isPrivateApi(target) ? 'execute-api' : ENDPOINT_SERVICE_OF_KIND[target.kind];
  if (!service) return undefined;
  const gateway = GATEWAY_ENDPOINT_SERVICES.find((g) => g === service);
  return { gateway, service };
}

function rangeCheck(value: number | undefined, min: number, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && value >= min && value <= max);
}

export const serverlessRules = defineRules([
  rule({
    id: 'LAMBDA_MEMORY_RANGE',
    title: 'Function memory is out of range',
    severity: 'error',
    section: 'Serverless',
    statement: "A Lambda function's memory must be a whole number of MB from 128 to 10,240.",
    rationale:
      'Lambda accepts memory from 128 MB to 10,240 MB in 1 MB steps, and gives CPU in proportion to it; any other value is rejected when the function is created or updated.',
    source: 'AWS Lambda Developer Guide: "Configure Lambda function memory"',
    nodeKinds: ['lambda-function'],
    node(node, _ctx, emit) {
      const memory = node.props.memorySize;
      if (rangeCheck(memory, 128, 10240)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has ${memory} MB of memory; Lambda accepts 128 to 10240 MB.`,
        fix: 'Set the memory between 128 and 10240 MB.',
      });
    },
  }),
  rule({
    id: 'LAMBDA_TIMEOUT_RANGE',
    title: 'Function timeout is out of range',
    severity: 'error',
    section: 'Serverless',
    statement: "A Lambda function's timeout must be a whole number of seconds from 1 to 900 (15 minutes).",
    rationale:
      'Lambda runs an invocation for at most 900 seconds; a timeout outside 1-900 s is rejected. Work that takes longer belongs in a container task or a Step Functions workflow.',
    source: 'AWS Lambda Developer Guide: "Configure Lambda function timeout"',
    nodeKinds: ['lambda-function'],
    node(node, _ctx, emit) {
      const timeout = node.props.timeout;
      if (rangeCheck(timeout, 1, 900)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} has a timeout of ${timeout} s; Lambda accepts 1 to 900 s.`,
        fix: 'Set the timeout between 1 and 900 seconds, or move longer work to ECS or Step Functions.',
      });
    },
  }),
  rule({
    id: 'LAMBDA_PUBLIC_SUBNET',
    title: 'Function in a public subnet has no internet access',
    severity: 'warning',
    section: 'Serverless',
    statement:
      'A Lambda function attached to a public subnet (0.0.0.0/0 to an internet gateway, no NAT) gets no public IP and so no internet access.',
    rationale:
      "Lambda never assigns a public IPv4 address to a VPC function's network interfaces, so an internet gateway route does nothing for it: it reaches the internet and AWS public endpoints only through a NAT gateway in a public subnet (the function's own subnets private) or through VPC endpoints.",
    source: 'AWS Lambda Developer Guide: "Enable internet access for VPC-connected Lambda functions"',
    nodeKinds: ['lambda-function'],
    node(node, ctx, emit) {
      if (!networkedHere(ctx, node)) return;
      const publicOnly = ctx
        .subnetsUsed(node)
        .filter((s) => ctx.isPublicSubnet(s.id) && !subnetEgress(ctx, s.id).internet);
      if (publicOnly.length === 0) return;
      emit({
        nodeIds: [node.id, ...publicOnly.map((s) => s.id)],
        message: `${describe(node)} is attached to public subnet${publicOnly.length > 1 ? 's' : ''} ${publicOnly.map((s) => name(s)).join(', ')}: a VPC function gets no public IP, so their internet gateway route gives it no internet access.`,
        fix: 'Attach the function to private subnets whose 0.0.0.0/0 route goes to a NAT gateway, or add VPC endpoints for the AWS services it calls.',
      });
    },
  }),
  rule({
    id: 'LAMBDA_VPC_NO_EGRESS',
    title: 'Function in a VPC cannot reach a service it calls',
    severity: 'error',
    section: 'Serverless',
    statement:
      'A Lambda function in a VPC that calls the internet or an AWS public endpoint (S3, DynamoDB, SQS, SNS, Lambda) needs, in each of its subnets, a 0.0.0.0/0 route to a NAT or a VPC endpoint for that service.',
    rationale:
      "Once attached to a VPC, a function's traffic leaves only through its subnets' routes, and it has no public address. Every subnet it is attached to must offer a way out, because any invocation may run in any of them: a NAT route, a gateway endpoint (S3, DynamoDB) or an interface endpoint for the service.",
    source:
      'AWS Lambda Developer Guide: "Giving Lambda functions access to resources in an Amazon VPC" and "Connecting inbound interface VPC endpoints"',
    nodeKinds: ['lambda-function'],
    node(node, ctx, emit) {
      if (!networkedHere(ctx, node)) return;
      const subnets = ctx.subnetsUsed(node);
      if (subnets.length === 0) return; // not in a subnet: reachability says so
      for (const edge of ctx.outEdges(node.id, 'traffic')) {
        const target = ctx.node(edge.target);
        if (!target || target.id === node.id || networkedHere(ctx, target)) continue;
        if (!kindDef(target.kind as string)?.publicEndpoint) continue;
        const via = endpointServiceFor(target);
        const stuck = subnets.filter((s) => {
          const out = subnetEgress(ctx, s.id);
          if (out.internet) return false;
          if (!via) return true;
          return (
            !(via.gateway && out.gatewayEndpoints.has(via.gateway)) &&
            !out.interfaceEndpoints.has(via.service)
          );
        });
        if (stuck.length === 0) continue;
        const missing = [
          'a 0.0.0.0/0 route to a NAT',
          ...(via?.gateway ? [`a ${via.gateway} gateway endpoint`] : []),
          ...(via ? [`a ${via.service} interface endpoint`] : []),
        ];
        emit({
          nodeIds: [node.id, target.id, ...stuck.map((s) => s.id)],
          edgeIds: [edge.id],
          message: `${describe(node)} calls ${describe(target)}, but its subnet${stuck.length > 1 ? 's' : ''} ${stuck.map((s) => name(s)).join(', ')} ha${stuck.length > 1 ? 've' : 's'} none of: ${missing.join(', ')} (a function in a VPC has no public IP).`,
          fix: `Route 0.0.0.0/0 from ${stuck.length > 1 ? 'these subnets' : 'this subnet'} to a NAT gateway${via ? `, or add ${via.gateway ? `a ${via.gateway} gateway endpoint` : `a ${via.service} interface endpoint`}` : ''}.`,
        });
      }
    },
  }),
  rule({
    id: 'LAMBDA_SINGLE_AZ',
    title: 'Function subnets are all in one availability zone',
    severity: 'warning',
    section: 'Serverless',
    statement: 'A Lambda function in a VPC should be attached to subnets in at least two availability zones.',
    rationale:
      'Lambda runs a VPC function only in the AZs of its subnets; with one AZ, an outage of that zone stops the function. AWS recommends at least two subnets in different AZs for high availability.',
    source: 'AWS Lambda Developer Guide: "Giving Lambda functions access to resources in an Amazon VPC"',
    nodeKinds: ['lambda-function'],
    node(node, ctx, emit) {
      if (!networkedHere(ctx, node)) return;
      const subnets = ctx.subnetsUsed(node);
      if (subnets.length === 0) return;
      const zones = subnets.map((s) => ctx.zoneOf(s));
      if (zones.some((z) => z === undefined)) return; // SUBNET_NO_AZ
      const distinct = new Set(zones);
      if (distinct.size >= 2) return;
      emit({
        nodeIds: [node.id, ...subnets.map((s) => s.id)],
        message: `${describe(node)} is attached only to ${subnets.map((s) => name(s)).join(', ')}, all in ${zones[0]}.`,
        fix: 'Add a subnet in another availability zone to its other subnets.',
      });
    },
  }),
  rule({
    id: 'APIGW_VPC_LINK_TARGET',
    title: 'Legacy VPC link cannot reach an application load balancer',
    severity: 'error',
    section: 'Serverless',
    statement:
      'A REST API using a VPC link V1 reaches only Network Load Balancers; an internal ALB needs a VPC link V2.',
    rationale:
      'A VPC link V1 (legacy, REST APIs only) targets Network Load Balancers. VPC links V2, used by HTTP APIs and, since November 2025, by REST APIs, connect directly to Application or Network Load Balancers. A traffic edge from an API to an internal load balancer is its private integration.',
    source: 'Amazon API Gateway Developer Guide: "Private integrations for REST APIs in API Gateway"',
    edgeKinds: ['traffic'],
    edge(edge, ctx, emit) {
      const api = ctx.node(edge.source);
      const lb = ctx.node(edge.target);
      if (api?.kind !== 'api-gateway' || lb?.kind !== 'load-balancer') return;
      if (propOrDefault(lb, 'scheme') !== 'internal' || propOrDefault(lb, 'type') === 'network') return;
      if (propOrDefault(api, 'apiType') !== 'REST' || propOrDefault(api, 'vpcLinkVersion') !== 'v1') return;
      emit({
        nodeIds: [api.id, lb.id],
        edgeIds: [edge.id],
        message: `${describe(api)} uses a VPC link V1, which reaches only Network Load Balancers, not the Application Load Balancer ${name(lb)}.`,
        fix: 'Use a VPC link V2, or put a Network Load Balancer in front.',
      });
    },
  }),
  rule({
    id: 'APIGW_HTTP_REST_ONLY_OPTION',
    title: 'HTTP API is given an option only REST APIs have',
    severity: 'error',
    section: 'Serverless',
    statement:
      'An HTTP API is regional and uses VPC links V2: edge-optimised, private and VPC link V1 are REST API options.',
    rationale:
      'HTTP APIs offer only a regional endpoint (put CloudFront in front for edge caching) and only VPC links V2; private endpoints (reached through an execute-api interface endpoint) and VPC links V1 exist only for REST APIs.',
    source: 'Amazon API Gateway Developer Guide: "Choose between REST APIs and HTTP APIs"',
    nodeKinds: ['api-gateway'],
    node(node, _ctx, emit) {
      if (propOrDefault(node, 'apiType') !== 'HTTP') return;
      const endpoint = propOrDefault<string>(node, 'endpointType');
      const link = propOrDefault<string>(node, 'vpcLinkVersion');
      const wrong = [
        ...(endpoint !== 'REGIONAL' ? [`a ${endpoint} endpoint`] : []),
        ...(link === 'v1' ? ['a VPC link V1'] : []),
      ];
      if (wrong.length === 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} is an HTTP API but is set to ${wrong.join(' and ')}, which only REST APIs have.`,
        fix: 'Make it a REST API, or use a regional endpoint and a VPC link V2.',
      });
    },
  }),
  rule({
    id: 'APIGW_LAMBDA_TIMEOUT',
    title: 'Function may outlive the API request',
    severity: 'warning',
    section: 'Serverless',
    statement:
      "A Lambda function integrated with an API Gateway should time out before the API's integration timeout (29 s by default).",
    rationale:
      'API Gateway waits at most its integration timeout (50 ms to 29 s by default; up to 30 s for HTTP APIs) and then answers 504 to the caller, while the function keeps running and is billed until its own timeout. Keep the function timeout below the integration timeout, or make long work asynchronous.',
    source: 'Amazon API Gateway Developer Guide: "Amazon API Gateway quotas"',
    edgeKinds: ['traffic'],
    edge(edge, ctx, emit) {
      const api = ctx.node(edge.source);
      const fn = ctx.node(edge.target);
      if (api?.kind !== 'api-gateway' || fn?.kind !== 'lambda-function') return;
      const timeoutS = propOrDefault<number>(fn, 'timeout') ?? 3;
      const limitMs = propOrDefault<number>(api, 'integrationTimeoutMs') ?? 29000;
      if (timeoutS * 1000 <= limitMs) return;
      emit({
        nodeIds: [fn.id, api.id],
        edgeIds: [edge.id],
        message: `${describe(fn)} may run ${timeoutS} s, but ${describe(api)} gives up after ${limitMs / 1000} s and answers 504.`,
        fix: `Lower the function timeout to ${Math.floor(limitMs / 1000)} s or less, or have the API start the work asynchronously (a queue) and return at once.`,
      });
    },
  }),
  rule({
    id: 'APIGW_PRIVATE_NO_ENDPOINT',
    title: 'Private API cannot be reached by its caller',
    severity: 'error',
    section: 'Serverless',
    statement:
      'A private REST API is reached only through an execute-api interface endpoint: its callers must be in a VPC that has one (with private DNS).',
    rationale:
      "A private API has no public endpoint. Clients in a VPC call it through an interface VPC endpoint for execute-api; with private DNS on, the API's usual name resolves to the endpoint. The internet, CloudFront and functions outside any VPC cannot reach it, and neither can resources of a VPC without such an endpoint.",
    source: 'Amazon API Gateway Developer Guide: "Private REST APIs in API Gateway"',
    edgeKinds: ['traffic', 'origin'],
    edge(edge, ctx, emit) {
      const api = ctx.node(edge.target);
      const caller = ctx.node(edge.source);
      if (api?.kind !== 'api-gateway' || !caller || !isPrivateApi(api)) return;
      const inVpc = networkedHere(ctx, caller);
      const subnet = inVpc ? ctx.subnetOf(caller.id) : undefined;
      if (inVpc && !subnet) return; // not in a subnet: reachability reports it
      if (subnet && subnetEgress(ctx, subnet.id).interfaceEndpoints.has('execute-api')) return;
      const vpc = subnet ? ctx.vpcOf(subnet.id) : undefined;
      emit({
        nodeIds: [api.id, caller.id, ...(vpc ? [vpc.id] : [])],
        edgeIds: [edge.id],
        message: vpc
          ? `${describe(api)} is private, and ${describe(vpc)} of its caller ${name(caller)} has no execute-api interface endpoint with private DNS.`
          : `${describe(api)} is private: ${describe(caller)}, outside any VPC, cannot reach it.`,
        fix: vpc
          ? 'Add an execute-api interface endpoint (private DNS on) to that VPC.'
          : 'Make the API regional (or edge-optimised), or call it from a VPC with an execute-api interface endpoint.',
      });
    },
  }),
]);

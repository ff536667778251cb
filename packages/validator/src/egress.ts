import { type BoardNode, type GATEWAY_ENDPOINT_SERVICES, NODE_KINDS } from '@stratus/model';
import { type RuleContext, listedSubnetIds, perRun, propOrDefault } from './context.ts';

/** A service a gateway endpoint can serve (AWS offers gateway endpoints only for S3 and DynamoDB). */
export type GatewayEndpointService = (typeof GATEWAY_ENDPOINT_SERVICES)[number];

/** The ways out of a subnet, for rules asking "can a resource here reach the internet or this AWS API?". */
export interface SubnetEgress {
  /**
   * The subnet's route table sends 0.0.0.0/0 to a NAT gateway or NAT instance (or, when the caller
   * says the resource has a public address, to an internet gateway of its own VPC).
   */
  internet: boolean;
  /** Services reached through a gateway endpoint associated with this subnet's route table. */
  gatewayEndpoints: ReadonlySet<GatewayEndpointService>;
  /**
   * Services reached through an interface endpoint of the subnet's VPC with private DNS on (the
   * service's usual name resolves to the endpoint for every subnet of the VPC; without private
   * DNS, clients using the usual name still go out through NAT).
   */
  interfaceEndpoints: ReadonlySet<string>;
}

const NAT_KINDS: readonly string[] = ['nat-gateway', 'nat-instance', 'ec2-instance'];

/** Per check run: by subnet and whether the asker has a public address. */
const memo = perRun<string, SubnetEgress>();

/**
 * How traffic leaves a subnet. `publicAddress`: the resource asking has a public IPv4 address, so
 * an internet gateway route also takes it out (a Lambda function never has one; an EC2 instance
 * may). Gateway endpoints count only when associated with the subnet (its route table) and in the
 * same VPC, as AWS applies them.
 */
export function subnetEgress(
  ctx: RuleContext,
  subnetId: string,
  options: { publicAddress?: boolean } = {},
): SubnetEgress {
  const key = `${subnetId}|${options.publicAddress === true}`;
  const cache = memo(ctx);
  const hit = cache.get(key);
  if (hit) return hit;

  const natRoute = ctx
    .defaultRoutes(subnetId)
    .some((e) => NAT_KINDS.includes(ctx.node(e.target)?.kind ?? ''));
  const internet = natRoute || (options.publicAddress === true && ctx.isPublicSubnet(subnetId));

  const vpc = ctx.vpcOf(subnetId);
  const gatewayEndpoints = new Set<GatewayEndpointService>();
  for (const e of ctx.inEdges(subnetId, 'association')) {
    const ep = ctx.node(e.source);
    if (ep?.kind !== 'gateway-endpoint' || !vpc || ctx.vpcOf(ep.id)?.id !== vpc.id) continue;
    const service = propOrDefault<GatewayEndpointService>(ep, 'service');
    if (service) gatewayEndpoints.add(service);
  }

  const interfaceEndpoints = new Set<string>();
  if (vpc)
    for (const ep of ctx.descendants(vpc.id, ['interface-endpoint'])) {
      if (propOrDefault<boolean>(ep, 'privateDnsEnabled') !== true) continue;
      const service = propOrDefault<string>(ep, 'service')?.trim();
      if (service) interfaceEndpoints.add(service);
    }

  const out: SubnetEgress = { internet, gatewayEndpoints, interfaceEndpoints };
  cache.set(key, out);
  return out;
}

/**
 * The AWS API a VPC resource calls when it talks to a node of this kind (the endpoint service
 * name after com.amazonaws.<region>.), from each kind's `endpointService`. Only these are reached
 * through VPC endpoints.
 */
export const ENDPOINT_SERVICE_OF_KIND: Readonly<Record<string, string>> = Object.fromEntries(
  NODE_KINDS.flatMap((k) => {
    const service = 'endpointService' in k ? k.endpointService : undefined;
    return service ? [[k.kind, service]] : [];
  }),
);

/** The interface endpoint (private DNS on) that answers for a service in a VPC, if any (lowest id). */
export function interfaceEndpointFor(
  ctx: RuleContext,
  vpcId: string,
  service: string,
): BoardNode | undefined {
  return ctx
    .descendants(vpcId, ['interface-endpoint'])
    .find(
      (ep) =>
        propOrDefault<boolean>(ep, 'privateDnsEnabled') === true &&
        propOrDefault<string>(ep, 'service')?.trim() === service,
    );
}

/** Gateway endpoints for a service in a VPC, associated with the subnet or not (sorted by id). */
export function gatewayEndpointsFor(ctx: RuleContext, vpcId: string, service: string): BoardNode[] {
  return ctx
    .descendants(vpcId, ['gateway-endpoint'])
    .filter((ep) => propOrDefault<string>(ep, 'service') === service);
}

/** The subnets an interface endpoint has a network interface in: the one it is drawn in, then `subnetIds`. */
export function endpointSubnets(ctx: RuleContext, endpoint: BoardNode): BoardNode[] {
  const ids = [ctx.subnetOf(endpoint.id)?.id, ...listedSubnetIds(endpoint)];
  const out: BoardNode[] = [];
  for (const id of ids) {
    const n = ctx.node(id);
    if (n?.kind === 'subnet' && !out.includes(n)) out.push(n);
  }
  return out;
}

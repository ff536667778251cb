import type { RuleContext } from './context.ts';

/**
 * How a subnet's resources reach beyond the VPC (the internet and AWS service APIs).
 * - `internet`: the subnet's route table sends 0.0.0.0/0 to a NAT gateway or NAT instance. An
 *   internet gateway route is not counted: it carries only the traffic of resources with a public
 *   address, which the caller knows (see `RuleContext.isPublicSubnet`).
 * - `gatewayEndpoints`: S3/DynamoDB gateway endpoints associated with its route table.
 * - `interfaceEndpoints`: interface endpoints in the VPC by service name (`ecr.api`, `ecr.dkr`, `logs`…).
 *
 * Minimal version (routes only, no endpoint kinds on this branch): the VPC endpoints branch
 * replaces it with the same signature.
 */
export interface SubnetEgress {
  internet: boolean;
  gatewayEndpoints: ReadonlySet<'s3' | 'dynamodb'>;
  interfaceEndpoints: ReadonlySet<string>;
}

const NONE: ReadonlySet<never> = new Set();

export function subnetEgress(ctx: RuleContext, subnetId: string): SubnetEgress {
  const internet = ctx.defaultRoutes(subnetId).some((route) => {
    const target = ctx.node(route.target);
    if (target?.kind === 'nat-instance') return true;
    // A private NAT gateway translates to private addresses only: no way to the internet.
    return target?.kind === 'nat-gateway' && target.props.connectivity !== 'private';
  });
  return { internet, gatewayEndpoints: NONE, interfaceEndpoints: NONE };
}

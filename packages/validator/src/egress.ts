import type { RuleContext } from './context.ts';

/**
 * How traffic leaves a subnet for the internet and AWS public endpoints. Shared by the rules of
 * resources that call AWS APIs from a VPC (Lambda, Fargate tasks) so they agree.
 *
 * This is the minimal version (kinds-serverless): `internet` only counts a 0.0.0.0/0 route to a
 * NAT (gateway, NAT instance, or an instance acting as one), which serves every resource; an
 * internet gateway route serves only resources with a public address, which the caller checks
 * itself. The endpoint sets stay empty until the board has VPC endpoint kinds (kinds-connect's
 * version of this file fills them and replaces this one).
 */
export interface SubnetEgress {
  internet: boolean;
  gatewayEndpoints: ReadonlySet<'s3' | 'dynamodb'>;
  interfaceEndpoints: ReadonlySet<string>;
}

const NONE: ReadonlySet<never> = new Set();

export function subnetEgress(ctx: RuleContext, subnetId: string): SubnetEgress {
  const internet = ctx.defaultRoutes(subnetId).some((e) => {
    const kind = ctx.node(e.target)?.kind;
    return kind === 'nat-gateway' || kind === 'nat-instance' || kind === 'ec2-instance';
  });
  return { internet, gatewayEndpoints: NONE, interfaceEndpoints: NONE };
}

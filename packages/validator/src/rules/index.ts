import type { Rule } from '../types.ts';
import { cloudfrontRules } from './cloudfront.ts';
import { computeRules } from './compute.ts';
import { connectivityRules } from './connectivity.ts';
import { databaseRules } from './databases.ts';
import { dynamodbRules } from './dynamodb.ts';
import { elasticacheRules } from './elasticache.ts';
import { loadBalancingRules } from './load-balancing.ts';
import { networkRules } from './network.ts';
import { reachabilityRules } from './reachability.ts';
import { serverlessRules } from './serverless.ts';
import { sqsRules } from './sqs.ts';

/** The rule catalogue, in the order of shared/rules.md, then the rules of kinds beyond the notes. */
export const RULES: readonly Rule[] = [
  ...networkRules,
  ...databaseRules,
  ...dynamodbRules,
  ...sqsRules,
  ...elasticacheRules,
  ...cloudfrontRules,
  ...connectivityRules,
  ...serverlessRules,
  ...reachabilityRules,
  ...computeRules,
  ...loadBalancingRules,
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

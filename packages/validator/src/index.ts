export {
  validateBoard,
  createValidator,
  reach,
  publicSubnetIds,
  publicSubnetsOf,
  refsOf,
  type Validator,
  type BoardInput,
  type ReachQuery,
  type ReachAnswer,
} from './engine.ts';
export { RULES, RULES_BY_ID } from './rules/index.ts';
export { summarize, type Summary } from './summary.ts';
export { renderRulesMarkdown } from './docs.ts';
export type { Finding, Rule, Severity, Section, Report } from './types.ts';
export {
  parseCidr,
  contains as cidrContains,
  overlaps as cidrOverlaps,
  usableAddresses,
  type Cidr,
} from './cidr.ts';

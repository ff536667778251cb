import type { Acknowledgement, BoardEdge, BoardNode, EdgeKind, NodeKind } from '@stratus/model';
import type { RuleContext } from './context.ts';

export type Severity = 'error' | 'warning' | 'info';

/** One problem (or figure) the validator reports about a board. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  /** The nodes involved; the first is the one the finding is "on" (and can be acknowledged on). */
  nodeIds: string[];
  edgeIds: string[];
  /** What the finding is called in lists ("Subnet has an invalid CIDR block"): the rule's title or a more specific one. */
  title: string;
  /** One line naming the resource by its label and the offending values. */
  message: string;
  /** A suggested fix, where one is obvious. */
  fix?: string;
  /** Present when the first node acknowledges this rule: the finding is still listed. */
  acknowledged?: Acknowledgement;
}

export type Section =
  | 'Networking'
  | 'Databases'
  | 'DynamoDB'
  | 'SQS'
  | 'ElastiCache'
  | 'CloudFront'
  | 'Reachability'
  | 'ECS'
  | 'Auto Scaling'
  | 'Load balancing'
  | 'Serverless';

/** What a rule reports: everything but its id (and the severity, unless it differs from the rule's). */
export interface Report {
  nodeIds: string[];
  edgeIds?: string[];
  message: string;
  fix?: string;
  severity?: Severity;
  /** A title for this finding when the rule's does not fit it (a subnet's invalid CIDR under VPC_CIDR_INVALID). */
  title?: string;
}

export type Emit = (report: Report) => void;

/**
 * A rule of the catalogue: data (id, severity, texts) plus pure check functions.
 * `node` checks run once per node of the listed kinds, `edge` checks once per edge of the
 * listed kinds, `cluster` checks once per group of connected nodes (see engine.ts).
 */
export interface Rule {
  id: string;
  severity: Severity;
  section: Section;
  /**
   * What a finding of this rule is called, as a person would put it ("NAT gateway has no Elastic
   * IP"): sentence case, no abbreviations. A report may give a more specific one (`Report.title`).
   */
  title: string;
  /** One-line rule, as in the catalogue. */
  statement: string;
  /** What it checks and why it matters. */
  rationale: string;
  /** The notes' section the rule comes from ("VPC", "NAT Instances"…), or an AWS source. */
  source: string;
  /** Where the notes are out of date or ambiguous: what they say and what AWS does today. */
  notesSay?: string;
  nodeKinds?: readonly NodeKind[];
  node?: (node: BoardNode, ctx: RuleContext, emit: Emit) => void;
  edgeKinds?: readonly EdgeKind[];
  edge?: (edge: BoardEdge, ctx: RuleContext, emit: Emit) => void;
}

/** A node of one of the given kinds, its `props` typed by its kind. */
export type NodeOfKind<K extends NodeKind> = Extract<BoardNode, { kind: K }>;

/** A rule as written: its `node` check receives nodes of exactly the kinds it lists. */
export type RuleFor<K extends NodeKind> = Omit<Rule, 'nodeKinds' | 'node'> & {
  nodeKinds?: readonly K[];
  node?: (node: NodeOfKind<K>, ctx: RuleContext, emit: Emit) => void;
};

/**
 * One rule of a catalogue. The engine runs a rule's `node` check only on nodes of its
 * `nodeKinds`, so the check is typed by those kinds: `node.props` needs no cast.
 */
export const rule = <const K extends NodeKind = NodeKind>(r: RuleFor<K>): Rule => r as unknown as Rule;

export const defineRules = (rules: Rule[]): Rule[] => rules;

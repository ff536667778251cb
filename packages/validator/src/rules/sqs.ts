import type { BoardNode, NodePropsOf } from '@stratus/model';
import { describe, propOrDefault } from '../context.ts';
import { type Emit, type Rule, defineRules, rule } from '../types.ts';

type Queue = NodePropsOf<'sqs-queue'>;

const human = (s: number) =>
  s % 86400 === 0 && s >= 86400 ? `${s / 86400} d` : s % 3600 === 0 && s >= 3600 ? `${s / 3600} h` : `${s} s`;

function range(
  id: string,
  title: string,
  statement: string,
  key: keyof Queue,
  min: number,
  max: number,
  label: string,
  source: string,
  rationale: string,
): Rule {
  return {
    id,
    severity: 'error',
    section: 'SQS',
    title,
    statement,
    rationale,
    source,
    nodeKinds: ['sqs-queue'],
    node(node: BoardNode, _ctx, emit: Emit) {
      const v = (node.props as Queue)[key] as number | undefined;
      if (v === undefined || (v >= min && v <= max)) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)}: ${label} ${v} s is outside ${human(min)}-${human(max)}.`,
        fix: `Use ${min}-${max} seconds.`,
      });
    },
  };
}

const isFifo = (n: BoardNode) => propOrDefault<boolean>(n, 'fifo') === true;

export const sqsRules = defineRules([
  range(
    'SQS_VISIBILITY_RANGE',
    'Visibility timeout is out of range',
    'Visibility timeout 0 s-12 h.',
    'visibilityTimeoutSeconds',
    0,
    43200,
    'visibility timeout',
    'Visibility Timeouts',
    'SQS accepts a visibility timeout from 0 seconds to 12 hours.',
  ),
  range(
    'SQS_DELAY_RANGE',
    'Delivery delay is out of range',
    'Delay 0-900 s.',
    'delaySeconds',
    0,
    900,
    'delivery delay',
    'Delay Queues',
    'A delay queue postpones delivery by 0 to 900 seconds (15 minutes).',
  ),
  range(
    'SQS_RETENTION_RANGE',
    'Message retention is out of range',
    'Retention 60 s-14 days.',
    'messageRetentionSeconds',
    60,
    1209600,
    'retention',
    'Message lifecycle',
    'Messages are kept from 60 seconds to 14 days.',
  ),
  range(
    'SQS_WAIT_TIME_RANGE',
    'Receive wait time is out of range',
    'Receive wait time (long polling) 0-20 s.',
    'receiveWaitTimeSeconds',
    0,
    20,
    'receive wait time',
    'Long polling',
    'A receive call waits at most 20 seconds for messages.',
  ),
  rule({
    id: 'SQS_SHORT_POLLING',
    title: 'Queue uses short polling',
    severity: 'info',
    section: 'SQS',
    statement: 'Wait time 0: consumers poll empty; long polling is cheaper.',
    rationale:
      'With a receive wait time of 0 (the default) every empty poll is a paid request; a wait of up to 20 s cuts empty responses.',
    source: 'Long polling',
    nodeKinds: ['sqs-queue'],
    node(node, _ctx, emit) {
      if (propOrDefault<number>(node, 'receiveWaitTimeSeconds') !== 0) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} uses short polling (receive wait time 0 s).`,
        fix: 'Set the receive wait time to 20 s.',
      });
    },
  }),
  rule({
    id: 'SQS_DLQ_TYPE',
    title: 'Dead-letter queue is of the other queue type',
    severity: 'error',
    section: 'SQS',
    statement: 'A dead-letter queue must be of the same type (FIFO for a FIFO queue, standard for standard).',
    rationale: 'SQS only moves messages between queues of the same type.',
    source: 'Dead Letter Queues',
    edgeKinds: ['dead-letter'],
    edge(edge, ctx, emit) {
      const src = ctx.node(edge.source);
      const dlq = ctx.node(edge.target);
      if (!src || !dlq || src.id === dlq.id || isFifo(src) === isFifo(dlq)) return;
      const t = (n: BoardNode) => (isFifo(n) ? 'FIFO' : 'standard');
      emit({
        nodeIds: [src.id, dlq.id],
        edgeIds: [edge.id],
        message: `${describe(src)} is ${t(src)} but its dead-letter queue ${describe(dlq)} is ${t(dlq)}.`,
        fix: `Make the dead-letter queue ${t(src)}.`,
      });
    },
  }),
  rule({
    id: 'SQS_DLQ_RETENTION',
    title: 'Dead-letter queue keeps messages for less time than its source',
    severity: 'warning',
    section: 'SQS',
    statement: "A dead-letter queue's retention should be longer than its source queue's.",
    rationale:
      'A message keeps its original enqueue time when it moves to the dead-letter queue, so a DLQ with the same or shorter retention deletes it early.',
    source: 'AWS best practice',
    edgeKinds: ['dead-letter'],
    edge(edge, ctx, emit) {
      const src = ctx.node(edge.source);
      const dlq = ctx.node(edge.target);
      if (!src || !dlq || src.id === dlq.id) return;
      const a = propOrDefault<number>(src, 'messageRetentionSeconds') ?? 345600;
      const b = propOrDefault<number>(dlq, 'messageRetentionSeconds') ?? 345600;
      if (b > a) return;
      emit({
        nodeIds: [dlq.id, src.id],
        edgeIds: [edge.id],
        message: `${describe(dlq)} keeps messages ${human(b)}, not longer than its source ${describe(src)} (${human(a)}).`,
        fix: 'Give the dead-letter queue a longer retention (e.g. 14 days).',
      });
    },
  }),
  rule({
    id: 'SQS_DLQ_SELF',
    title: 'Queue is its own dead-letter queue',
    severity: 'error',
    section: 'SQS',
    statement: 'A queue cannot be its own dead-letter queue.',
    rationale: 'A redrive policy must name another queue.',
    source: 'AWS',
    edgeKinds: ['dead-letter'],
    edge(edge, ctx, emit) {
      if (edge.source !== edge.target) return;
      emit({
        nodeIds: [edge.source],
        edgeIds: [edge.id],
        message: `${describe(ctx.node(edge.source))} is its own dead-letter queue.`,
        fix: 'Point the dead-letter edge at a separate queue.',
      });
    },
  }),
  rule({
    id: 'SQS_ORDER_NEEDS_FIFO',
    title: 'Consumer needs ordering but reads a standard queue',
    severity: 'warning',
    section: 'SQS',
    statement: 'A consumer that needs ordering reads a standard queue, which does not keep order.',
    rationale:
      'Standard queues deliver at least once in roughly the order sent; only FIFO queues guarantee order.',
    source: 'SQS',
    notesSay: 'The notes say SQS does not guarantee order at all; AWS today offers FIFO queues that do.',
    edgeKinds: ['traffic'],
    edge(edge, ctx, emit) {
      if ((edge.props as { requiresOrdering?: boolean }).requiresOrdering !== true) return;
      for (const id of [edge.source, edge.target]) {
        const q = ctx.node(id);
        if (q?.kind !== 'sqs-queue' || isFifo(q)) continue;
        emit({
          nodeIds: [q.id],
          edgeIds: [edge.id],
          message: `Flow ${edge.source === q.id ? 'from' : 'to'} ${describe(q)} needs ordering, but it is a standard queue.`,
          fix: 'Make the queue FIFO.',
        });
      }
    },
  }),
  rule({
    id: 'SQS_MESSAGE_ATTRIBUTES',
    title: 'Message has more than 10 attributes',
    severity: 'error',
    section: 'SQS',
    statement: 'At most 10 message attributes.',
    rationale: 'An SQS message carries up to 10 message attributes.',
    source: 'Message Attributes',
    nodeKinds: ['sqs-queue'],
    node(node, _ctx, emit) {
      const n = node.props.messageAttributes?.length ?? 0;
      if (n <= 10) return;
      emit({
        nodeIds: [node.id],
        message: `${describe(node)} declares ${n} message attributes; at most 10 are allowed.`,
        fix: 'Move extra metadata into the message body.',
      });
    },
  }),
]);

import { field, required } from '../fields.ts';
import { defineKind } from './define.ts';

export const sqsQueue = defineKind({
  kind: 'sqs-queue',
  title: 'SQS queue',
  category: 'messaging',
  description: 'A managed message queue: standard (at-least-once, unordered) or FIFO.',
  icon: 'sqs',
  exportName: 'queue',
  container: false,
  parents: ['root'],
  fields: {
    queueName: field.string('Queue name', { help: 'FIFO queue names end in .fifo (export adds it).' }),
    fifo: field.boolean('FIFO', { default: false }),
    contentBasedDeduplication: field.boolean('Content-based deduplication (FIFO)', { default: false }),
    visibilityTimeoutSeconds: field.integer('Visibility timeout', {
      unit: 's',
      default: 30,
      min: 0,
      max: 43200,
    }),
    delaySeconds: field.integer('Delivery delay', { unit: 's', default: 0, min: 0, max: 900 }),
    messageRetentionSeconds: field.integer('Retention', {
      unit: 's',
      default: 345600,
      min: 60,
      max: 1209600,
    }),
    receiveWaitTimeSeconds: field.integer('Receive wait time', { unit: 's', default: 0, min: 0, max: 20 }),
    maxMessageSizeBytes: field.integer('Max message size', {
      unit: 'bytes',
      default: 262144,
      min: 1024,
      max: 262144,
    }),
    messageAttributes: field.list(
      'Message attributes',
      {
        name: required(field.string('Name')),
        dataType: field.enum('Type', ['String', 'Number', 'Binary'], { default: 'String' }),
      },
      { help: 'The attributes producers attach (at most 10).' },
    ),
  },
  face: ['fifo', 'visibilityTimeoutSeconds'],
  publicEndpoint: 'polled',
  endpointService: 'sqs',
});

export const snsTopic = defineKind({
  kind: 'sns-topic',
  title: 'SNS topic',
  category: 'messaging',
  description: 'A pub/sub topic fanning messages out to queues, functions and endpoints.',
  icon: 'sns',
  exportName: 'topic',
  container: false,
  parents: ['root'],
  fields: {
    topicName: field.string('Topic name'),
    fifo: field.boolean('FIFO', { default: false }),
    displayName: field.string('Display name'),
  },
  face: ['fifo'],
  publicEndpoint: 'calls',
  endpointService: 'sns',
});

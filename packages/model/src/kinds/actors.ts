import { field } from '../fields.ts';
import { defineKind } from './define.ts';

export const internet = defineKind({
  kind: 'internet',
  title: 'Internet / users',
  category: 'actor',
  description: 'People and systems on the public internet: where reachability checks start.',
  icon: 'internet',
  exportName: 'internet',
  container: false,
  parents: ['root'],
  fields: {},
  face: [],
  publicEndpoint: 'calls',
});

const WHITEBOARD_PARENTS = ['root', 'vpc', 'az', 'subnet'] as const;
const COLORS = ['yellow', 'blue', 'green', 'pink', 'purple', 'grey'] as const;

export const textNote = defineKind({
  kind: 'text',
  title: 'Text',
  category: 'whiteboard',
  description: 'Free text on the canvas. Ignored by the validator and the exporters.',
  icon: 'text',
  exportName: 'text',
  container: false,
  parents: WHITEBOARD_PARENTS,
  whiteboard: true,
  fields: {
    text: field.string('Text', { format: 'multiline' }),
    fontSize: field.integer('Font size', { unit: 'px', default: 16, min: 8, max: 96 }),
  },
  face: [],
});

export const stickyNote = defineKind({
  kind: 'sticky',
  title: 'Sticky note',
  category: 'whiteboard',
  description: 'A sticky note. Ignored by the validator and the exporters.',
  icon: 'sticky',
  exportName: 'sticky',
  container: false,
  parents: WHITEBOARD_PARENTS,
  whiteboard: true,
  defaultSize: { width: 180, height: 140 },
  fields: {
    text: field.string('Text', { format: 'multiline' }),
    color: field.enum('Colour', COLORS, { default: 'yellow' }),
  },
  face: [],
});

export const frame = defineKind({
  kind: 'frame',
  title: 'Frame',
  category: 'whiteboard',
  description: 'A labelled box to group things visually. Ignored by the validator and the exporters.',
  icon: 'frame',
  exportName: 'frame',
  container: false,
  parents: ['root'],
  whiteboard: true,
  defaultSize: { width: 480, height: 320 },
  fields: {
    color: field.enum('Colour', COLORS, { default: 'grey' }),
  },
  face: [],
});

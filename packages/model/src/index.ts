export * from './board.ts';
export * from './edges.ts';
export * from './fields.ts';
export * from './kinds/index.ts';
export * from './migrations.ts';
export * from './parse.ts';
export * from './serialize.ts';
export * from './ydoc.ts';
export { boardJsonSchema } from './json-schema.ts';

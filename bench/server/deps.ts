// The sync-server benchmark's own copies of the server's client-side dependencies (the stock
// y-websocket client, ws, yjs, pg, lib0) at the server's exact versions, and the reference
// @y/websocket-server it is compared with.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export * as decoding from 'lib0/decoding';
export * as encoding from 'lib0/encoding';
export { default as pg } from 'pg';
export { default as WebSocket } from 'ws';
export { WebsocketProvider } from 'y-websocket';
export * as Y from 'yjs';

export const serverDir = new URL('../../apps/server/', import.meta.url).pathname;
/** The reference server's executable (its package exports no path to it; its package.json is). */
export const referenceBin = join(
  dirname(createRequire(import.meta.url).resolve('@y/websocket-server/package.json')),
  'src/server.js',
);

// The sync-server benchmark uses the server package's own dependencies (the stock y-websocket
// client, the reference @y/websocket-server, ws, yjs) so that @stratus/bench needs no copies
// of them. Node resolves these symlinks to the same physical yjs the server uses.
export * as Y from '../../apps/server/node_modules/yjs/dist/yjs.mjs';
export { WebsocketProvider } from '../../apps/server/node_modules/y-websocket/src/y-websocket.js';
export { default as WebSocket } from '../../apps/server/node_modules/ws/wrapper.mjs';
export { default as pg } from '../../apps/server/node_modules/pg/esm/index.mjs';
export const serverDir = new URL('../../apps/server/', import.meta.url).pathname;
export const referenceBin = new URL(
  '../../apps/server/node_modules/@y/websocket-server/src/server.js',
  import.meta.url,
).pathname;
export * as encoding from '../../apps/server/node_modules/lib0/encoding.js';
export * as decoding from '../../apps/server/node_modules/lib0/decoding.js';

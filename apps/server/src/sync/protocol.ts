// The y-websocket wire protocol (y-protocols sync + awareness), decoded with bounds checks.
import * as encoding from 'lib0/encoding';
import {
  checkStateVector,
  checkUpdate,
  type GuardLimits,
  InvalidUpdate,
  Reader,
  type UpdateStats,
  UpdateTooCostly,
} from './guard.ts';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

export const SYNC_STEP1 = 0;
export const SYNC_STEP2 = 1;
export const SYNC_UPDATE = 2;

/** Close codes the server uses (4000-4999 are free for applications). See docs/protocol.md. */
export const CLOSE = {
  normal: 1000,
  goingAway: 1001,
  tooBig: 1009,
  internalError: 1011,
  restarting: 1012,
  tryAgainLater: 1013,
  malformed: 4400,
  forbidden: 4403,
  notFound: 4404,
  tooSlow: 4408,
  boardDeleted: 4410,
  tooCostly: 4413,
  rateLimited: 4429,
  serverFull: 4503,
} as const;

export type ClientMessage =
  | { type: 'sync-step1'; stateVector: Uint8Array }
  | { type: 'sync-step2' | 'sync-update'; update: Uint8Array; stats: UpdateStats }
  | { type: 'awareness'; entries: DecodedAwarenessEntry[] }
  | { type: 'query-awareness' }
  | { type: 'auth' };

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  /** JSON text of the state; 'null' when the client went away. */
  state: string;
}

/** An awareness entry as a client sent it; `tooBig` when its state was over the limit (not decoded). */
export interface DecodedAwarenessEntry extends AwarenessEntry {
  tooBig?: true;
}

/**
 * Decodes one client frame; throws InvalidUpdate with a reason when anything is off (and
 * UpdateTooCostly when an update is well formed but over `guard` limits). Awareness entries over
 * `maxAwarenessBytes` do not fail the message: they come back marked `tooBig`, because a client
 * relays every other client's state (y-websocket echoes awareness) and only its own entry is its
 * responsibility.
 */
export function decodeMessage(
  buf: Uint8Array,
  maxAwarenessBytes: number,
  guard: GuardLimits = {},
): ClientMessage {
  const r = new Reader(buf);
  const type = r.varUint();
  switch (type) {
    case MESSAGE_SYNC: {
      const sub = r.varUint();
      const payload = r.varBytes();
      r.end('the sync message');
      if (sub === SYNC_STEP1) {
        checkStateVector(payload);
        return { type: 'sync-step1', stateVector: payload };
      }
      if (sub === SYNC_STEP2 || sub === SYNC_UPDATE) {
        const stats = checkUpdate(payload, guard);
        return { type: sub === SYNC_STEP2 ? 'sync-step2' : 'sync-update', update: payload, stats };
      }
      return r.fail(`unknown sync message type ${sub}`);
    }
    case MESSAGE_AWARENESS: {
      const payload = r.varBytes();
      r.end('the awareness message');
      const a = new Reader(payload);
      const n = a.count('awareness entry', 3);
      const entries: DecodedAwarenessEntry[] = [];
      for (let i = 0; i < n; i++) {
        const clientId = a.varUint();
        const clock = a.varUint();
        const bytes = a.varBytes();
        if (bytes.length > maxAwarenessBytes) entries.push({ clientId, clock, state: '', tooBig: true });
        else entries.push({ clientId, clock, state: new TextDecoder().decode(bytes) });
      }
      a.end('the awareness update');
      return { type: 'awareness', entries };
    }
    case MESSAGE_QUERY_AWARENESS:
      r.end('the query');
      return { type: 'query-awareness' };
    case MESSAGE_AUTH:
      return { type: 'auth' };
    default:
      return r.fail(`unknown message type ${type}`);
  }
}

export { InvalidUpdate, UpdateTooCostly };

export function encodeSync(sub: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_SYNC);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

export function encodeAwareness(entries: Iterable<AwarenessEntry>): Uint8Array {
  const list = [...entries];
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, list.length);
  for (const en of list) {
    encoding.writeVarUint(inner, en.clientId);
    encoding.writeVarUint(inner, en.clock);
    encoding.writeVarString(inner, en.state);
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_AWARENESS);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

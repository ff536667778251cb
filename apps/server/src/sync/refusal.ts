// Updates from connections that may not edit (view and comment links) are dropped, and the
// client is told so with one "update refused" message (docs/protocol.md), so that it can throw
// away what the server will never have instead of keeping a board that is not the real one.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Message type 4, server → client: `varUint 4`, `varString reason`. An extension of the
 * y-websocket protocol: the stock client ignores unknown message types (it logs
 * "Unable to compute message"); the Stratus web client resets its copy to the server's.
 */
export const MESSAGE_UPDATE_REFUSED = 4;

export const READ_ONLY_REASON = 'This link can view the board but not edit it.';

export function encodeUpdateRefused(reason: string): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MESSAGE_UPDATE_REFUSED);
  encoding.writeVarString(e, reason);
  return encoding.toUint8Array(e);
}

/**
 * Whether applying `update` would change `doc`: it carries content the document lacks, or deletes
 * something the document still has. (A read-only client's sync step 2 always carries the whole
 * delete set it knows; that is no change when the server has deleted the same items.) The update
 * has passed the guard (checkUpdate) already.
 */
export function updateChangesDoc(doc: Y.Doc, update: Uint8Array): boolean {
  const meta = Y.parseUpdateMeta(update);
  for (const [client, clock] of meta.to) {
    if (clock > Y.getState(doc.store, client)) return true;
  }
  const { ds } = Y.decodeUpdate(update);
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client);
    const known = Y.getState(doc.store, client);
    for (const { clock, len } of ranges) {
      // Deleting items the server has never seen is a change it cannot check: refuse it.
      if (!structs || clock + len > known) return true;
      let i = Y.findIndexSS(structs, clock);
      while (i < structs.length) {
        const s = structs[i]!;
        if (s.id.clock >= clock + len) break;
        if (!s.deleted) return true;
        i++;
      }
    }
  }
  return false;
}

// Accounts must not make owner-token boards depend on the database more than before: during a
// database outage a new socket to an owner-token board this instance has already seen is still
// let in (the owners and the board's "no workspace" are known), as before accounts.
import { nodesMap } from '@stratus/model';
import { describe, expect, it } from 'vitest';
import {
  addBareNode,
  boardWithTwoClients,
  cleanupsAfterAll,
  serverBehindFaultProxy,
} from '../testing/fixtures.ts';
import { connectClient, postgresBaseUrl, waitFor } from '../testing/helpers.ts';

const pgBase = await postgresBaseUrl();
const cleanups = cleanupsAfterAll();

describe.runIf(pgBase)('accounts during a database outage (real Postgres behind a proxy)', () => {
  it('a new socket to a known owner-token board is let in while the database is unreachable', async () => {
    const { proxy, server } = await serverBehindFaultProxy(pgBase!, 'acctout', cleanups);
    const { boardId, a } = await boardWithTwoClients(server.url, server.url, 'outage', cleanups);
    addBareNode(a.doc, 'sqs-queue', 'before');

    await proxy.refuse();
    const late = connectClient(server.url, boardId);
    cleanups.push(() => late.destroy());
    await late.synced();
    await waitFor(() => nodesMap(late.doc).has('before'), 'the board over the new socket');
    addBareNode(late.doc, 'sqs-queue', 'during');
    await waitFor(() => nodesMap(a.doc).has('during'), 'an edit from the new socket');
    expect(late.provider.wsconnected).toBe(true);
    await proxy.restore();
  }, 60_000);
});

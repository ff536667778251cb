// Assembles the server: database, store, sync service, HTTP app and websocket on one port.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/database.ts';
import { type BoardStore, prismaStore } from './db/store.ts';
import { createApp } from './http/app.ts';
import { createLogger, type Logger } from './log.ts';
import type { AccessResolver } from './sync/access.ts';
import { CLOSE } from './sync/protocol.ts';
import { RedisFanout } from './sync/redis.ts';
import { RedisBindings } from './sync/bindings.ts';
import { InjectedFault, SyncService } from './sync/service.ts';
import { ReviewBus } from './review/bus.ts';
import { ReviewService } from './review/service.ts';
import { type AccountLimits, AccountService, parseCookies, SESSION_COOKIE } from './accounts/service.ts';
import { isOwnOrigin } from './accounts/routes.ts';

export interface StratusServer {
  url: string;
  port: number;
  http: Server;
  db: Database;
  store: BoardStore;
  sync: SyncService;
  /** Owner tokens, share links and comments (issue 7). */
  review: ReviewService;
  /** Accounts, sessions, workspaces, audit log (issue 11). */
  accounts: AccountService;
  log: Logger;
  /** Flushes every board and closes everything. Idempotent. */
  close(): Promise<void>;
}

export interface StartOptions {
  access?: AccessResolver;
  log?: Logger;
  /** Sign-in rate limits (tests lower them). */
  accountLimits?: Partial<AccountLimits>;
  /** Use an already-open database (tests share one PGlite). */
  db?: Database;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<StratusServer> {
  const log = opts.log ?? createLogger(config.logLevel);
  const db =
    opts.db ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      log,
      timeouts: config.db,
    }));
  const store = prismaStore(db.prisma, db.ping);
  const review = new ReviewService({ prisma: db.prisma, log, allowedOrigins: config.allowedOrigins });
  const sync = new SyncService({
    store,
    log,
    access: opts.access ?? review.access,
    trustProxy: config.trustProxy,
    limits: config.limits,
    compactEvery: config.compactEvery,
    presenceIntervalMs: config.presenceIntervalMs,
    commitLingerMs: config.commitLingerMs,
    roomIdleMs: config.roomIdleMs,
    // A commit is one statement or a two-statement transaction: give it both query timeouts and
    // then some before abandoning the attempt and retrying on a fresh connection.
    flushTimeoutMs: config.db.queryTimeoutMs * 2 + config.db.connectTimeoutMs + 1000,
    presenceGraceMs: config.presenceGraceMs,
    injectFaults: config.testFaults,
    ...(config.redisUrl ? { bindings: new RedisBindings(config.redisUrl, config.presenceGraceMs, log) } : {}),
  });
  review.sync = sync;
  const accounts = new AccountService({
    prisma: db.prisma,
    log,
    review,
    oidc: config.oidc,
    ...(opts.accountLimits ? { limits: opts.accountLimits } : {}),
  });
  accounts.sync = sync;
  review.resolver = async (req) => {
    // A websocket carries the session cookie only from the app's own (or an allowed) origin:
    // a foreign page cannot open a socket as the signed-in user (cross-site websocket hijacking).
    const cookieOk = req.rest || !req.origin || isOwnOrigin(req.origin, req.host, config.allowedOrigins);
    return accounts.resolveBoard(req.boardId, req.token, req.client, async () =>
      cookieOk ? accounts.session(parseCookies(req.cookie)[SESSION_COOKIE]) : null,
    );
  };
  let fanout: RedisFanout | undefined;
  let reviewBus: ReviewBus | undefined;
  if (config.redisUrl) {
    fanout = new RedisFanout(config.redisUrl, sync.remote, log, config.resyncMs);
    await fanout.connect();
    sync.fanout = fanout;
    // Link revocations and comments reach the other instances too (issue 7).
    reviewBus = new ReviewBus(
      config.redisUrl,
      {
        ...review.busHandlers,
        onSessionRevoked: (id, reason) => accounts.closeSessionSockets(id, reason),
        onMemberChanged: (id, reason) => accounts.closeMemberSockets(id, reason),
        onGap: () => {
          // Revocations, role changes and comments published while the bus was away are lost:
          // every socket is asked again, and event streams end so browsers reconnect (access
          // checked again) and fetch the comments they missed.
          void sync.recheckAccess().then((r) => log.info('review.bus_gap_rechecked', r));
          review.closeStreams(() => true);
        },
      },
      log,
    );
    await reviewBus.connect();
    review.bus = reviewBus;
    accounts.bus = reviewBus;
  }
  const app = createApp({
    store,
    sync,
    log,
    webDist: config.webDist,
    dbKind: db.kind,
    redis: () => fanout?.status(),
    pendingDegradedMs: config.pendingDegradedMs,
    maxBodyBytes: config.limits.maxMessageBytes,
    review,
    injectFaults: config.testFaults,
    accounts,
    trustProxy: config.trustProxy,
  });
  const http = createServer(app);
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: config.limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  http.on('upgrade', (req, socket, head) => {
    // Node removes its own error listener from upgraded sockets: without one, a reset during
    // the handshake would be an uncaught error.
    socket.on('error', (e) => log.debug('http.upgrade_socket_error', { error: e }));
    try {
      const path = (req.url ?? '').split('?')[0] ?? '';
      if (!path.startsWith('/sync/')) {
        socket.end(
          'HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\n\r\nWebsocket endpoint is /sync/<boardId>\n',
        );
        return;
      }
      if (config.testFaults && /[?&]fault=upgrade(&|$)/.test(req.url ?? ''))
        throw new InjectedFault('upgrade');
      wss.handleUpgrade(req, socket, head, (ws) => sync.handleConnection(ws, req));
    } catch (e) {
      // One bad request never ends the process: answer it and close that socket only.
      log.error('http.upgrade_failed', { url: (req.url ?? '').slice(0, 200), error: e });
      if (socket.writable)
        socket.end('HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n\r\nInternal error\n');
      else socket.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(config.port, config.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  log.info('server.listening', { url, database: db.kind, redis: Boolean(fanout) });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      log.info('server.closing');
      http.close();
      review.close();
      await sync.close();
      for (const c of wss.clients) c.close(CLOSE.restarting, 'Server is restarting; reconnect shortly.');
      wss.close();
      http.closeAllConnections();
      await fanout?.close();
      reviewBus?.close();
      if (!opts.db) await db.close();
      log.info('server.closed', { updatesStored: sync.stats.updatesStored });
    })());
  return { url, port, http, db, store, sync, review, accounts, log, close };
}

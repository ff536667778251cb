// Configuration, read once from the environment and validated. Everything else receives a
// `Config` object; nothing below this file reads process.env.
import { type TrustedProxies, trustedProxies } from './http/client-address.ts';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const serverRoot = fileURLToPath(new URL('..', import.meta.url));
/** The repository root (apps/server/../..). */
export const repoRoot = resolve(serverRoot, '../..');

const int = (def: number) => z.coerce.number().int().nonnegative().default(def);

const EnvSchema = z.object({
  PORT: int(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  STRATUS_DATA_DIR: z.string().optional(),
  STRATUS_WEB_DIST: z.string().optional(),
  REDIS_URL: z
    .string()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  STRATUS_MAX_MESSAGE_BYTES: int(4 * 1024 * 1024),
  STRATUS_RATE_MESSAGES_PER_SEC: int(300),
  STRATUS_RATE_BURST: int(600),
  STRATUS_RATE_BYTES_PER_SEC: int(8 * 1024 * 1024),
  STRATUS_PRESENCE_INTERVAL_MS: int(20),
  STRATUS_COMMIT_LINGER_MS: int(150),
  STRATUS_COMPACT_EVERY: int(500),
  STRATUS_MAX_CONNECTIONS: int(5000),
  STRATUS_ROOM_IDLE_MS: int(10_000),
  /** A database query (client side) and statement (server side) give up after this long. */
  STRATUS_DB_QUERY_TIMEOUT_MS: int(5000),
  /** Connecting to the database, or waiting for a free pooled connection, gives up after this long. */
  STRATUS_DB_CONNECT_TIMEOUT_MS: int(3000),
  /** /health is degraded while an update has been waiting longer than this to become durable. */
  STRATUS_PENDING_DEGRADED_MS: int(5000),
  /** Instances compare every loaded board's state through Redis this often (anti-entropy; 0 = off). */
  STRATUS_RESYNC_MS: int(15_000),
  STRATUS_WORK_PER_SEC: int(200_000),
  STRATUS_MAX_STRUCTS: int(250_000),
  STRATUS_MAX_PENDING_BYTES: int(64 * 1024),
  STRATUS_PRESENCE_GRACE_MS: int(10_000),
  /** Test-only fault points (`?fault=` on sync URLs, `x-stratus-fault` on HTTP). Never in production. */
  STRATUS_TEST_FAULTS: z.enum(['0', '1']).default('0'),
  INIT_CWD: z.string().optional(),
  /** Comma-separated origins (besides the server's own) allowed to call the API from a browser. */
  STRATUS_ALLOWED_ORIGINS: z.string().optional(),
  STRATUS_TRUST_PROXY: z.string().optional(),
  /** Optional OpenID Connect single sign-on (all of issuer, client id and redirect URL, or none). */
  OIDC_ISSUER_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_REDIRECT_URL: z
    .string()
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  /** The sign-in button's text ("Sign in with …"). */
  OIDC_LABEL: z.string().max(60).optional(),
});

export interface Config {
  port: number;
  host: string;
  /** Postgres connection string; undefined = embedded PGlite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  webDist: string;
  redisUrl: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  limits: {
    maxMessageBytes: number;
    messagesPerSec: number;
    burst: number;
    bytesPerSec: number;
    maxConnections: number;
    /** Max awareness state size (JSON bytes) per client. */
    maxAwarenessBytes: number;
    /** Work budget per socket: structs + delete ranges per second. */
    workPerSec: number;
    /** Most structs one update may carry. */
    maxStructs: number;
    /** Bytes a board may hold of updates waiting for changes it does not have. */
    maxPendingBytes: number;
  };
  /** How long an awareness clientID stays reserved after its socket left. */
  presenceGraceMs: number;
  /** Test-only fault points; see STRATUS_TEST_FAULTS. */
  testFaults: boolean;
  presenceIntervalMs: number;
  /** Group commit: wait this long for more updates before writing. */
  commitLingerMs: number;
  /** Compact a board once this many update rows have been written since the last compaction. */
  compactEvery: number;
  /** Unload a board this long after its last client left. */
  roomIdleMs: number;
  /** Database timeouts: per query/statement, and for connecting or acquiring a pooled connection. */
  db: { queryTimeoutMs: number; connectTimeoutMs: number };
  /** /health reports degraded while the oldest not-yet-durable update is older than this. */
  pendingDegradedMs: number;
  /** Anti-entropy period between instances (0 = only after a Redis reconnect). */
  resyncMs: number;
  /** CORS: origins other than the server's own allowed to call /api (none by default; the Vite dev server proxies, so it needs none). */
  allowedOrigins: string[];
  /**
   * Reverse proxies whose X-Forwarded-For / X-Forwarded-Proto are believed (STRATUS_TRUST_PROXY:
   * addresses, CIDRs, `loopback`, `private`); undefined = none, the socket's peer is the client.
   */
  trustProxy: TrustedProxies | undefined;
  /** OpenID Connect single sign-on; undefined = off (no SSO button). */
  oidc: OidcConfig | undefined;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  /** Undefined for a public client (PKCE only). */
  clientSecret: string | undefined;
  /** This server's callback: https://<host>/api/auth/oidc/callback, registered at the provider. */
  redirectUrl: string;
  label: string;
}

/** Reads and validates the environment. Throws an Error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid server configuration (environment variables):\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let oidc: OidcConfig | undefined;
  if (e.OIDC_ISSUER_URL || e.OIDC_CLIENT_ID || e.OIDC_REDIRECT_URL) {
    const missing = (['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_REDIRECT_URL'] as const).filter(
      (k) => !e[k],
    );
    if (missing.length)
      throw new Error(
        `Invalid server configuration (environment variables):\n  ${missing.join(', ')}: required when single sign-on (OIDC_*) is configured`,
      );
    oidc = {
      issuer: e.OIDC_ISSUER_URL!,
      clientId: e.OIDC_CLIENT_ID!,
      clientSecret: e.OIDC_CLIENT_SECRET || undefined,
      redirectUrl: e.OIDC_REDIRECT_URL!,
      label: e.OIDC_LABEL?.trim() || 'single sign-on',
    };
  }
  // Relative data dirs are relative to where the user ran `pnpm start` (INIT_CWD), so that
  // `./.stratus-data` ends up at the repository root, not inside apps/server.
  const base = e.INIT_CWD ?? repoRoot;
  const dataDir = e.STRATUS_DATA_DIR
    ? isAbsolute(e.STRATUS_DATA_DIR)
      ? e.STRATUS_DATA_DIR
      : resolve(base, e.STRATUS_DATA_DIR)
    : resolve(base, '.stratus-data');
  const webDist = e.STRATUS_WEB_DIST ? resolve(base, e.STRATUS_WEB_DIST) : resolve(serverRoot, '../web/dist');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir,
    webDist,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    limits: {
      maxMessageBytes: e.STRATUS_MAX_MESSAGE_BYTES,
      messagesPerSec: e.STRATUS_RATE_MESSAGES_PER_SEC,
      burst: e.STRATUS_RATE_BURST,
      bytesPerSec: e.STRATUS_RATE_BYTES_PER_SEC,
      maxConnections: e.STRATUS_MAX_CONNECTIONS,
      maxAwarenessBytes: 8 * 1024,
      workPerSec: e.STRATUS_WORK_PER_SEC,
      maxStructs: e.STRATUS_MAX_STRUCTS,
      maxPendingBytes: e.STRATUS_MAX_PENDING_BYTES,
    },
    presenceGraceMs: e.STRATUS_PRESENCE_GRACE_MS,
    testFaults: e.STRATUS_TEST_FAULTS === '1',
    presenceIntervalMs: e.STRATUS_PRESENCE_INTERVAL_MS,
    commitLingerMs: e.STRATUS_COMMIT_LINGER_MS,
    compactEvery: Math.max(1, e.STRATUS_COMPACT_EVERY),
    roomIdleMs: e.STRATUS_ROOM_IDLE_MS,
    db: {
      queryTimeoutMs: Math.max(100, e.STRATUS_DB_QUERY_TIMEOUT_MS),
      connectTimeoutMs: Math.max(100, e.STRATUS_DB_CONNECT_TIMEOUT_MS),
    },
    pendingDegradedMs: e.STRATUS_PENDING_DEGRADED_MS,
    resyncMs: e.STRATUS_RESYNC_MS,
    allowedOrigins: (e.STRATUS_ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    trustProxy: trustedProxies(e.STRATUS_TRUST_PROXY),
    oidc,
  };
}

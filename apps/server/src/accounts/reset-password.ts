// `pnpm --filter @stratus/server reset-password <email> [--stdin]`: sets a new password for an
// account (an operator's way back in after losing the admin password) and signs out all of its
// sessions. Prints a new random password, or reads one from standard input with --stdin.
// Uses the same DATABASE_URL / STRATUS_DATA_DIR configuration as the server.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { createLogger } from '../log.ts';
import { type BusMessage, REVIEW_CHANNEL } from '../review/bus.ts';
import { ReviewService } from '../review/service.ts';
import { AccountService } from './service.ts';

async function readStdin(): Promise<string> {
  let s = '';
  for await (const chunk of process.stdin) s += chunk;
  return s.replace(/\r?\n$/, '');
}

const args = process.argv.slice(2);
const email = args.find((a) => !a.startsWith('--'));
if (!email) {
  console.error('Usage: reset-password <email> [--stdin]');
  process.exit(2);
}
const password = args.includes('--stdin') ? await readStdin() : randomBytes(15).toString('base64url');
if (password.length < 10 || password.length > 200) {
  console.error('The password must be 10 to 200 characters long.');
  process.exit(2);
}
const config = loadConfig();

/**
 * Running servers close the signed-out sessions' live sockets and event streams when told over
 * Redis (the review bus, as a revocation in the app does). Without REDIS_URL they are not told:
 * the sessions are refused from their next request or reconnect on.
 */
async function tellServers(sessionIds: string[]) {
  if (!config.redisUrl) {
    // (With the embedded database no server can be running: it holds the data directory.)
    if (sessionIds.length && config.databaseUrl)
      console.log(
        'No REDIS_URL: running servers were not told; boards already open with the old sessions stay connected until they reconnect.',
      );
    return;
  }
  const redis = new Redis(config.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 2 });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const reason = 'The password of this account was reset; sign in again.';
    for (const sessionId of sessionIds) {
      const msg: BusMessage = { type: 'session-revoked', sessionId, reason };
      await redis.publish(REVIEW_CHANNEL, JSON.stringify({ from: 'reset-password', ...msg }));
    }
  } catch (e) {
    console.error(
      `Could not tell running servers over Redis (${(e as Error).message}); open boards stay connected until they reconnect.`,
    );
  } finally {
    redis.disconnect();
  }
}
const log = createLogger('silent');
const db = await openDatabase({
  databaseUrl: config.databaseUrl,
  dataDir: config.dataDir,
  log,
  timeouts: config.db,
});
try {
  const accounts = new AccountService({
    prisma: db.prisma,
    log,
    review: new ReviewService({ prisma: db.prisma, log }),
  });
  const done = await accounts.setPassword(email, password);
  if (!done) {
    console.error(`There is no account with the email ${email}.`);
    process.exitCode = 1;
  } else {
    await tellServers(done.revoked);
    if (args.includes('--stdin')) {
      console.log(`Password of ${email} changed; all of its sessions were signed out.`);
    } else {
      console.log(`New password for ${email}: ${password}`);
      console.log('All of its sessions were signed out. Sign in with this password and keep it safe.');
    }
  }
} finally {
  await db.close();
}

// `pnpm --filter @stratus/server reset-password <email> [--stdin]`: sets a new password for an
// account (an operator's way back in after losing the admin password) and signs out all of its
// sessions. Prints a new random password, or reads one from standard input with --stdin.
// Uses the same DATABASE_URL / STRATUS_DATA_DIR configuration as the server.
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { createLogger } from '../log.ts';
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
  if (!(await accounts.setPassword(email, password))) {
    console.error(`There is no account with the email ${email}.`);
    process.exitCode = 1;
  } else if (args.includes('--stdin')) {
    console.log(`Password of ${email} changed; all of its sessions were signed out.`);
  } else {
    console.log(`New password for ${email}: ${password}`);
    console.log('All of its sessions were signed out. Sign in with this password and keep it safe.');
  }
} finally {
  await db.close();
}

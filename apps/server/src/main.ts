// `pnpm --filter @stratus/server start`: reads the configuration, starts, and shuts down
// cleanly on SIGTERM/SIGINT (every pending edit flushed to the database first).
import { loadConfig } from './config.ts';
import { createLogger } from './log.ts';
import { startServer } from './server.ts';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (e) {
  console.error((e as Error).message);
  process.exit(2);
}
const log = createLogger(config.logLevel);
process.on('unhandledRejection', (e) => log.error('process.unhandled_rejection', { error: e }));

try {
  const server = await startServer(config, { log });
  if (process.stdout.isTTY || process.env.npm_lifecycle_event === 'start') {
    console.error(`\n  Stratus is running: open ${server.url}\n`);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('process.signal', { signal });
    server.close().then(
      () => process.exit(0),
      (e) => {
        log.error('process.shutdown_failed', { error: e });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (e) {
  log.error('server.start_failed', { error: e });
  const msg = (e as Error).message ?? String(e);
  if (/EADDRINUSE/.test(msg)) console.error(`Port ${config.port} is in use; set PORT to another port.`);
  else if (config.databaseUrl)
    console.error(`Could not start: ${msg}\nCheck DATABASE_URL, or unset it to use the embedded database.`);
  else console.error(`Could not start: ${msg}`);
  process.exit(1);
}

/**
 * The generated CDK app synthesizes through its own pinned `aws-cdk` CLI, as a user runs it:
 * `npm install` then `npx cdk synth`. In-process synthesis (cdk.test.ts) cannot see a CLI that is
 * too old for aws-cdk-lib's cloud assembly schema; this can.
 *
 * The app's dependencies (exact versions from the generated package.json, from the npm registry)
 * are installed once into node_modules/.cache/stratus-cdk-cli/<hash of the dependencies> and
 * reused by every board and every later run; a new pin means a new directory. Never skipped.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { type Board, TEMPLATES } from '@stratus/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { everyKindBoard } from '../test/boards.ts';
import { PACKAGE_DIR } from '../test/cdk-check.ts';
import { CDK_VERSIONS, exportCdk } from './index.ts';

const run = promisify(execFile);
const boards: [string, Board][] = [
  ...TEMPLATES.map((t) => [t.id, t.board()] as [string, Board]),
  ['every-kind', everyKindBoard()],
];
const env = { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CI: 'true', NO_COLOR: '1' };
let modules = '';

/** Installs the generated app's dependencies once per distinct set of pins. */
async function installOnce(pkg: { dependencies: object; devDependencies: object }): Promise<string> {
  const deps = { dependencies: pkg.dependencies, devDependencies: pkg.devDependencies };
  const hash = createHash('sha256').update(JSON.stringify(deps)).digest('hex').slice(0, 16);
  const dir = join(PACKAGE_DIR, 'node_modules', '.cache', 'stratus-cdk-cli', hash);
  const done = join(dir, 'installed.json');
  if (existsSync(done)) return join(dir, 'node_modules');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'stratus-cdk-cli-cache', private: true, ...deps }),
  );
  await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], {
    cwd: dir,
    env,
    maxBuffer: 16 * 1024 * 1024,
  });
  writeFileSync(done, JSON.stringify(deps, null, 2));
  return join(dir, 'node_modules');
}

beforeAll(async () => {
  const pkgs = boards.map(([, b]) => JSON.parse(exportCdk(b).files['package.json']!));
  // Every board pins the same versions: one install serves them all.
  for (const p of pkgs)
    expect({ d: p.dependencies, dev: p.devDependencies }).toEqual({
      d: pkgs[0].dependencies,
      dev: pkgs[0].devDependencies,
    });
  modules = await installOnce(pkgs[0]);
}, 600_000);

describe('the generated CDK app with its pinned CLI', () => {
  it('pins the aws-cdk CLI the tests install, and that CLI is the one npx runs', async () => {
    const cli = JSON.parse(readFileSync(join(modules, 'aws-cdk', 'package.json'), 'utf8'));
    expect(cli.version).toBe(CDK_VERSIONS['aws-cdk']);
    const lib = JSON.parse(readFileSync(join(modules, 'aws-cdk-lib', 'package.json'), 'utf8'));
    expect(lib.version).toBe(CDK_VERSIONS['aws-cdk-lib']);
  });

  it.each(boards.map(([id]) => id))(
    '%s: `npx cdk synth` succeeds through the pinned CLI and writes the template',
    async (id) => {
      const board = boards.find(([b]) => b === id)![1];
      const result = exportCdk(board);
      const dir = mkdtempSync(join(tmpdir(), `stratus-cdk-cli-${id}-`));
      for (const [path, text] of Object.entries(result.files)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
      symlinkSync(modules, join(dir, 'node_modules'), 'dir');
      let out: { stdout: string; stderr: string };
      try {
        out = await run('npx', ['--no-install', 'cdk', 'synth', '--no-notices', '--no-lookups', '--quiet'], {
          cwd: dir,
          env,
          maxBuffer: 16 * 1024 * 1024,
        });
      } catch (e) {
        const err = e as { stdout?: string; stderr?: string; message: string };
        throw new Error(
          `cdk synth failed for ${id}:\n${err.stderr ?? ''}${err.stdout ?? ''}\n${err.message}`,
        );
      }
      expect(out.stderr).not.toMatch(/schema version mismatch/i);
      const template = JSON.parse(
        readFileSync(join(dir, 'cdk.out', `${result.stackClass}.template.json`), 'utf8'),
      ) as { Resources: Record<string, unknown> };
      expect(Object.keys(template.Resources).length).toBeGreaterThan(0);
      rmSync(dir, { recursive: true, force: true });
    },
    180_000,
  );
});

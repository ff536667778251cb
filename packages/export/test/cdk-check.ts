/**
 * Offline checks of a generated CDK app: type-check with tsc (not only tsx), then synthesize it
 * in this process with aws-cdk-lib's bundled CloudFormation checker turned to errors.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
export const PACKAGE_DIR = resolve(here, '..');

/** Writes the app into a fresh temp dir whose node_modules is this package's. */
export function writeApp(
  files: Record<string, string>,
  root = mkdtempSync(join(tmpdir(), 'stratus-cdk-')),
): string {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  if (!existsSync(join(root, 'node_modules')))
    symlinkSync(join(PACKAGE_DIR, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

/** Runs tsc over several app dirs at once (one process per dir; returns errors per dir). */
export async function typecheck(dir: string): Promise<string> {
  const tsc = join(PACKAGE_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { cwd: dir });
    return '';
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string; message: string };
    return `${err.stdout ?? ''}${err.stderr ?? ''}` || err.message;
  }
}

export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: unknown }>;
  Parameters?: Record<string, { Type: string; Default?: unknown }>;
  Outputs?: Record<string, unknown>;
}

/** Synthesizes the stack module of an app dir with the cfn checker as errors. */
export async function synth(dir: string, stackFile: string, stackClass: string): Promise<CfnTemplate> {
  const cdk = await import('aws-cdk-lib');
  const mod = (await import(join(dir, stackFile))) as Record<string, new (...a: unknown[]) => unknown>;
  const outdir = join(dir, 'cdk.out');
  const context = JSON.parse(readFileSync(join(dir, 'cdk.json'), 'utf8')).context;
  const app = new cdk.App({ outdir, context });
  new mod[stackClass]!(app, stackClass);
  const assembly = app.synth();
  return assembly.getStackByName(stackClass).template as CfnTemplate;
}

export const countByType = (t: CfnTemplate): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of Object.values(t.Resources)) out[r.Type] = (out[r.Type] ?? 0) + 1;
  return out;
};
export const ofType = (t: CfnTemplate, type: string) =>
  Object.values(t.Resources)
    .filter((r) => r.Type === type)
    .map((r) => r.Properties ?? {});

export { writeFileSync };

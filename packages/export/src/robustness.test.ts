import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Board, TEMPLATES } from '@stratus/model';
import { beforeAll, describe, expect, it } from 'vitest';
import { everyKindBoard } from '../test/boards.ts';
import { synth, typecheck, writeApp } from '../test/cdk-check.ts';
import { checkTerraform } from '../test/terraform-check.ts';
import { exportCdk, exportTerraform } from './index.ts';

/** The every-kind board minus one node (its children, edges and references going with it). */
function without(board: Board, id: string): Board {
  const gone = new Set([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const n of board.nodes)
      if (n.parentId && gone.has(n.parentId) && !gone.has(n.id)) {
        gone.add(n.id);
        grew = true;
      }
  }
  const b = structuredClone(board);
  b.nodes = b.nodes.filter((n) => !gone.has(n.id));
  b.edges = b.edges.filter((e) => !gone.has(e.source) && !gone.has(e.target));
  // Dangling property references (subnet groups, SG rule sources, Aurora rows) stay: the
  // exporter must cope with them as it copes with any half-edited board.
  return b;
}

const base = everyKindBoard();
const variants = base.nodes.map((n) => [n.id, without(base, n.id)] as const);

describe('partial boards (every-kind minus one node, dangling references left in place)', () => {
  it.each(variants)('without %s: Terraform still passes every offline check', async (_id, board) => {
    expect(await checkTerraform(exportTerraform(board).files)).toEqual([]);
  });

  const root = mkdtempSync(join(tmpdir(), 'stratus-cdk-partial-'));
  const apps = variants.map(([id, board]) => ({ id, result: exportCdk(board) }));
  let tsc = '';
  beforeAll(async () => {
    for (const { id, result } of apps)
      writeApp(Object.fromEntries(Object.entries(result.files).map(([p, t]) => [join(id, p), t])), root);
    const tsconfig = JSON.parse(apps[0]!.result.files['tsconfig.json']!);
    tsconfig.include = apps.flatMap(({ id }) => [`${id}/bin`, `${id}/lib`]);
    writeFileSync(join(root, 'tsconfig.json'), JSON.stringify(tsconfig));
    tsc = await typecheck(root);
  }, 240_000);

  it('all CDK variants type-check', () => {
    expect(tsc).toBe('');
  });

  // Where removing a node makes the board invalid for AWS in a way the exporter knows, the
  // export note must say so and the checker must reject exactly that (these are not hidden).
  const EXPECTED: { note: RegExp; checker: RegExp }[] = [{ note: /at least two AZs/, checker: /E3680/ }];

  it.each(apps.map((a) => [a.id, a] as const))(
    'without %s: the CDK app synthesizes with no checker findings, or fails only as its export notes say',
    async (id, { result }) => {
      try {
        await synth(join(root, id), result.stackFile, result.stackClass);
      } catch (e) {
        const message = (e as Error).message;
        const explained = EXPECTED.some(
          (x) => x.checker.test(message) && result.warnings.some((w) => x.note.test(w)),
        );
        expect(explained, message).toBe(true);
        return;
      }
      const report = JSON.parse(readFileSync(join(root, id, 'cdk.out', 'validation-report.json'), 'utf8'));
      expect(report.pluginReports.flatMap((p: { violations: unknown[] }) => p.violations)).toEqual([]);
    },
    60_000,
  );
});

describe('the generated bin/app.ts', () => {
  it('runs as the cdk CLI would run it (node + tsx, context from cdk.json) and writes the template', async () => {
    const result = exportCdk(TEMPLATES[0]!.board());
    const dir = writeApp(result.files);
    const context = JSON.parse(result.files['cdk.json']!).context;
    await promisify(execFile)(process.execPath, ['--import', 'tsx', 'bin/app.ts'], {
      cwd: dir,
      env: { ...process.env, CDK_OUTDIR: join(dir, 'cdk.out'), CDK_CONTEXT_JSON: JSON.stringify(context) },
    });
    const template = JSON.parse(
      readFileSync(join(dir, 'cdk.out', `${result.stackClass}.template.json`), 'utf8'),
    );
    expect(template.Description).toBe('Stratus board "Three-tier web app"');
    expect(Object.keys(template.Resources).length).toBeGreaterThan(30);
    expect(existsSync(join(dir, 'cdk.out', 'manifest.json'))).toBe(true);
  }, 120_000);
});

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '@stratus/validator';
import type * as Sarif from 'sarif';
import { describe, expect, it } from 'vitest';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const repoRoot = here('../../../');
const main = here('./main.ts');
const tsx = here('../node_modules/.bin/tsx');
const broken = here('../../validator/test/fixtures/broken-three-tier.board.json');
const template = here('../../model/templates/three-tier.board.json');

/** Runs the CLI as a real process, the way `pnpm stratus` does (tsx on src/main.ts). */
function stratus(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  if (!opts.env?.INIT_CWD) delete env.INIT_CWD; // vitest runs under pnpm, which sets it
  const r = spawnSync(tsx, [main, ...args], {
    cwd: opts.cwd ?? repoRoot,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'stratus-cli-'));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

describe('stratus (spawned as a process)', () => {
  it('prints usage for --help and exits 0; with no command exits 2', () => {
    const help = stratus(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('stratus validate <board.json> [--format text|json|sarif]');
    const none = stratus([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage:');
  });

  it('validates a correct design: exit 0', () => {
    const r = stratus(['validate', template]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('0 errors, 0 warnings');
  });

  it('reports a broken design in text with exit 1', () => {
    const r = stratus(['validate', broken]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error    Subnet lies outside its VPC's range (SUBNET_OUTSIDE_VPC)\n");
    expect(r.stdout).toContain('subnet 10.1.1.0/24 lies outside VPC "Production VPC" 10.0.0.0/16');
    expect(r.stdout).toContain('fix: Pick a block inside 10.0.0.0/16.');
    expect(r.stdout).toMatch(/7 errors, 4 warnings, 4 info\n$/);
  });

  it('prints JSON findings with a summary', () => {
    const r = stratus(['validate', broken, '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.summary).toMatchObject({ errors: 7, warnings: 4, infos: 4, acknowledged: 0 });
    expect(out.findings).toHaveLength(15);
    expect(out.findings[0]).toMatchObject({
      ruleId: 'CF_TTL_ORDER',
      severity: 'error',
      title: 'Cache TTLs are out of order',
      nodeIds: ['cdn'],
    });
  });

  it('prints valid SARIF 2.1.0', () => {
    const r = stratus(['validate', broken, '--format=sarif']);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/sarif-2\.1\.0/);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0]!;
    const rules = run.tool.driver.rules!;
    expect(run.tool.driver.name).toBe('stratus');
    expect(rules.map((x) => x.id)).toEqual(RULES.map((x) => x.id));
    expect(rules.find((x) => x.id === 'NATGW_NO_EIP')?.shortDescription?.text).toBe(
      'NAT gateway has no Elastic IP',
    );
    for (const rule of rules) {
      expect(rule.shortDescription?.text.length).toBeGreaterThan(5);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration?.level);
    }
    expect(run.results).toHaveLength(15);
    for (const res of run.results!) {
      expect(rules[res.ruleIndex!]!.id).toBe(res.ruleId);
      expect(['error', 'warning', 'note']).toContain(res.level);
      expect(res.message.text ?? '').toMatch(/.{10,}/);
      const loc = res.locations![0]!;
      expect(loc.physicalLocation?.artifactLocation?.uri).toMatch(/broken-three-tier\.board\.json$/);
      expect(loc.logicalLocations![0]!.fullyQualifiedName).toMatch(/^(nodes|edges)\//);
    }
    const subnet = run.results!.find((x) => x.ruleId === 'SUBNET_OUTSIDE_VPC')!;
    expect(subnet.locations![0]!.logicalLocations!.map((l) => [l.name, l.fullyQualifiedName])).toEqual([
      ['Public B', 'nodes/public_b'],
      ['Production VPC', 'nodes/vpc_main'],
    ]);
  });

  it('marks acknowledged findings as suppressed in SARIF and does not fail on them', () => {
    const board = JSON.parse(
      '{"format":"stratus.board","version":1,"name":"acked","nodes":[{"id":"q","kind":"sqs-queue","label":"Jobs","parentId":null,"position":{"x":0,"y":0},"props":{"visibilityTimeoutSeconds":50000},"acks":{"SQS_VISIBILITY_RANGE":{"reason":"known, fixed in export"}}}],"edges":[]}',
    );
    const p = file('acked.board.json', JSON.stringify(board));
    const r = stratus(['validate', p, '--format', 'sarif']);
    expect(r.code).toBe(0);
    const res = (JSON.parse(r.stdout) as Sarif.Log).runs[0]!.results!.find(
      (x) => x.ruleId === 'SQS_VISIBILITY_RANGE',
    )!;
    expect(res.suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'known, fixed in export' },
    ]);
    const text = stratus(['validate', p]);
    expect(text.stdout).toContain('error (acknowledged)');
    expect(text.code).toBe(0);
  });

  it('explains import problems with JSON paths and exits 2', () => {
    const p = file(
      'bad.board.json',
      '{"format":"stratus.board","version":1,"name":"bad","nodes":[{"id":"q","kind":"sqs-queue","props":{"delaySeconds":"10"}}],"edges":[]}',
    );
    const r = stratus(['validate', p]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is not a valid Stratus board');
    expect(r.stderr).toContain('$.nodes[0].props.delaySeconds');
    expect(r.stdout).toBe('');
  });

  it('says so when the file is not JSON, missing, or the format unknown (exit 2)', () => {
    const notJson = stratus(['validate', file('x.json', 'not json {')]);
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toMatch(/not a valid Stratus board/);
    const missing = stratus(['validate', 'nope/missing.board.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope/missing.board.json does not exist');
    const fmt = stratus(['validate', template, '--format', 'xml']);
    expect(fmt.code).toBe(2);
    expect(fmt.stderr).toContain('--format must be text, json or sarif');
  });

  it('resolves paths against the directory pnpm was started in (INIT_CWD)', () => {
    const r = stratus(['validate', 'fixtures/broken-three-tier.board.json', '-f', 'json'], {
      env: { INIT_CWD: here('../../validator/test/') },
    });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).file).toBe('fixtures/broken-three-tier.board.json');
  });

  it('runs as `pnpm stratus validate` from the repository root', () => {
    // Under `pnpm test`, npm_execpath is the pnpm that runs us (works when pnpm is not on PATH).
    const execPath = process.env.npm_execpath;
    const [cmd, pre]: [string, string[]] =
      execPath && /pnpm/.test(execPath)
        ? /\.[cm]?js$/.test(execPath)
          ? [process.execPath, [execPath]]
          : [execPath, []]
        : ['pnpm', []];
    const args = [
      ...pre,
      '--silent',
      'stratus',
      'validate',
      'packages/model/templates/three-tier.board.json',
    ];
    const r = spawnSync(cmd, args, { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, `${cmd} ${args.join(' ')}\n${r.stderr}\n${String(r.error)}`).toBe(0);
    expect(r.stdout).toContain('board "Three-tier web app"');
  });
});

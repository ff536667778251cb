import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Io } from '../io.ts';
import { runExport } from './export.ts';

const templates = resolve(fileURLToPath(import.meta.url), '../../../../model/templates');

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: Io = { stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd };
  return { io: value, out, err };
}

const broken = {
  format: 'stratus.board',
  version: 1,
  name: 'Broken',
  nodes: [
    {
      id: 'v',
      kind: 'vpc',
      label: 'VPC',
      parentId: null,
      position: { x: 0, y: 0 },
      props: { cidr: '10.0.0.0/16' },
    },
    {
      id: 's',
      kind: 'subnet',
      label: 'Bad',
      parentId: 'v',
      position: { x: 0, y: 0 },
      props: { cidr: '192.168.0.0/24' },
    },
  ],
  edges: [],
};

describe('stratus export', () => {
  it('writes Terraform for a template, relative to the directory it was run in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-cli-'));
    const t = io(dir);
    const code = await runExport(
      [join(templates, 'three-tier.board.json'), '--format', 'terraform', '--out', 'infra'],
      t.io,
    );
    expect(t.err.join('')).toBe('');
    expect(code).toBe(0);
    expect(readFileSync(join(dir, 'infra', 'main.tf'), 'utf8')).toContain(
      'resource "aws_vpc" "production_vpc"',
    );
    expect(existsSync(join(dir, 'infra', 'variables.tf'))).toBe(true);
    expect(t.out.join('')).toMatch(
      /Wrote Terraform for "Three-tier web app" to infra\/: main.tf, variables.tf, outputs.tf/,
    );
  });

  it('writes a CDK app', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-cli-'));
    const t = io(dir);
    expect(await runExport([join(templates, 'static-site.board.json'), '-f', 'cdk', '-o', 'app'], t.io)).toBe(
      0,
    );
    expect(existsSync(join(dir, 'app', 'bin', 'app.ts'))).toBe(true);
    expect(existsSync(join(dir, 'app', 'cdk.json'))).toBe(true);
    expect(readFileSync(join(dir, 'app', 'package.json'), 'utf8')).toContain('"aws-cdk-lib": "2.276.0"');
  });

  it('exports a board with validator errors, listing them at the top; --strict refuses with exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-cli-'));
    writeFileSync(join(dir, 'broken.board.json'), JSON.stringify(broken));
    const t = io(dir);
    expect(await runExport(['broken.board.json', '--format=terraform', '--out=tf'], t.io)).toBe(0);
    const main = readFileSync(join(dir, 'tf', 'main.tf'), 'utf8');
    expect(main.split('\n')[1]).toMatch(/^# WARNING: this board has \d+ validator errors?/);
    expect(main).toContain('SUBNET_OUTSIDE_VPC');
    const s = io(dir);
    expect(await runExport(['broken.board.json', '--format', 'cdk', '--out', 'cdk', '--strict'], s.io)).toBe(
      1,
    );
    expect(s.err.join('')).toMatch(
      /refusing to export broken.board.json \(--strict\): \d+ validator errors?:\n/,
    );
    expect(s.err.join('')).toContain('SUBNET_OUTSIDE_VPC');
    expect(existsSync(join(dir, 'cdk'))).toBe(false);
  });

  it('explains a bad board file with JSON paths, and bad usage, with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-cli-'));
    writeFileSync(
      join(dir, 'bad.json'),
      JSON.stringify({ ...broken, nodes: [{ ...broken.nodes[0], kind: 'mainframe' }] }),
    );
    writeFileSync(join(dir, 'notjson.json'), '{ nope');
    let t = io(dir);
    expect(await runExport(['bad.json', '--format', 'terraform', '--out', 'x'], t.io)).toBe(2);
    expect(t.err.join('')).toMatch(/bad.json is not a valid board file:\n\s+\$\.nodes\[0\]\.kind/);
    t = io(dir);
    expect(await runExport(['notjson.json', '--format', 'terraform', '--out', 'x'], t.io)).toBe(2);
    expect(t.err.join('')).toMatch(/not a valid board file/);
    t = io(dir);
    expect(await runExport(['missing.json', '--format', 'terraform', '--out', 'x'], t.io)).toBe(2);
    expect(t.err.join('')).toMatch(/missing.json does not exist/);
    t = io(dir);
    expect(await runExport(['bad.json', '--format', 'pulumi', '--out', 'x'], t.io)).toBe(2);
    expect(t.err.join('')).toMatch(/--format must be terraform or cdk/);
    t = io(dir);
    expect(await runExport(['bad.json', '--format', 'cdk'], t.io)).toBe(2);
    expect(t.err.join('')).toMatch(/--out DIR is required/);
    t = io(dir);
    expect(await runExport(['--help'], t.io)).toBe(0);
    expect(t.out.join('')).toMatch(/Exit code: 0 written, 1 refused/);
  });
});

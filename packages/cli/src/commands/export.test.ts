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

  it('export options: deletion protection off, certificates given (validated, CloudFront only from us-east-1)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stratus-cli-'));
    const board = join(templates, 'three-tier.board.json');
    let t = io(dir);
    const code = await runExport(
      [
        board,
        '--format',
        'terraform',
        '--out',
        'tf',
        '--no-deletion-protection',
        '--alb-certificate-arn',
        'arn:aws:acm:us-east-1:123456789012:certificate/alb',
        '--cloudfront-certificate-arn=arn:aws:acm:us-east-1:123456789012:certificate/cf',
      ],
      t.io,
    );
    expect(t.err.join('')).toBe('');
    expect(code).toBe(0);
    const vars = readFileSync(join(dir, 'tf', 'variables.tf'), 'utf8');
    expect(vars).toMatch(/variable "deletion_protection" \{[^}]*default\s+= false/);
    expect(vars).toContain('default     = "arn:aws:acm:us-east-1:123456789012:certificate/alb"');
    expect(readFileSync(join(dir, 'tf', 'README.md'), 'utf8')).toContain('terraform init');
    expect(existsSync(join(dir, 'tf', 'terraform.tfvars.example'))).toBe(true);

    t = io(dir);
    expect(await runExport([board, '-f', 'terraform', '-o', 'nat', '--nat-per-az'], t.io)).toBe(0);
    expect(
      readFileSync(join(dir, 'nat', 'main.tf'), 'utf8').match(/resource "aws_nat_gateway"/g),
    ).toHaveLength(2);

    t = io(dir);
    expect(
      await runExport([board, '--format', 'cdk', '--out', 'cdk', '--no-deletion-protection'], t.io),
    ).toBe(0);
    const stack = readFileSync(join(dir, 'cdk', 'lib', 'three-tier-web-app-stack.ts'), 'utf8');
    expect(stack).toContain('deletionProtection: false');
    expect(stack).not.toContain('CfnDeletionPolicy.RETAIN');

    t = io(dir);
    expect(
      await runExport(
        [
          board,
          '-f',
          'terraform',
          '-o',
          'x',
          '--cloudfront-certificate-arn',
          'arn:aws:acm:eu-west-1:123456789012:certificate/x',
        ],
        t.io,
      ),
    ).toBe(2);
    expect(t.err.join('')).toMatch(/--cloudfront-certificate-arn needs an ACM certificate ARN in us-east-1/);
    t = io(dir);
    expect(await runExport([board, '-f', 'terraform', '-o', 'x', '--alb-certificate-arn'], t.io)).toBe(2);
    expect(t.err.join('')).toMatch(/--alb-certificate-arn needs an ACM certificate ARN/);
  });
});

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import {
  type ExportChoices,
  boardDiagnostics,
  certificateArnProblem,
  exportCdk,
  exportTerraform,
} from '@stratus/export';
import { type Io, processIo } from '../io.ts';
import { loadBoardFile } from '../load.ts';

export const EXPORT_USAGE = `Usage: stratus export <board.json> --format terraform|cdk --out DIR [--strict] [options]

Writes infrastructure code for a board:
  --format, -f   terraform: main.tf, variables.tf, outputs.tf for the hashicorp/aws provider
                 cdk: a TypeScript AWS CDK v2 app (package.json, cdk.json, bin/app.ts, lib/<name>-stack.ts)
  --out, -o      the directory to write to (created if missing; files of the same name are replaced)
  --strict       refuse to export a board with validator errors (otherwise they are listed in a
                 comment at the top of the output)
Options (choices the board does not hold):
  --no-deletion-protection
                 leave deletion protection off on RDS, Aurora, load balancers and DynamoDB (and, in
                 the CDK app, delete DynamoDB tables and S3 buckets with the stack); default: on
  --alb-certificate-arn ARN
                 ACM certificate (in the deployment region) for HTTPS/TLS listeners; default: an input
  --cloudfront-certificate-arn ARN
                 ACM certificate in us-east-1 for CloudFront aliases; default: an input
  --nat-per-az   one NAT gateway per availability zone: private subnets routed to a NAT gateway
                 in another zone get one in a public subnet of their own zone; default: as drawn
Exit code: 0 written, 1 refused by --strict (validator errors), 2 bad usage, unreadable or invalid
board file, or the output could not be written.
`;

const FORMATS = ['terraform', 'cdk'] as const;
type Format = (typeof FORMATS)[number];

/** `stratus export …`: returns the exit code. */
export async function runExport(args: string[], io: Io = processIo()): Promise<number> {
  let format: Format | undefined;
  let out: string | undefined;
  let strict = false;
  const choices: ExportChoices = {};
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const [flag, inline] =
      a.startsWith('--') && a.includes('=')
        ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]
        : [a, undefined];
    if (flag === '--help' || flag === '-h') {
      io.stdout(EXPORT_USAGE);
      return 0;
    } else if (flag === '--strict') strict = true;
    else if (flag === '--no-deletion-protection') choices.deletionProtection = false;
    else if (flag === '--deletion-protection') choices.deletionProtection = true;
    else if (flag === '--nat-per-az') choices.natGateways = 'per-az';
    else if (flag === '--alb-certificate-arn' || flag === '--cloudfront-certificate-arn') {
      const v = inline ?? args[++i];
      const usEast1 = flag === '--cloudfront-certificate-arn';
      const problem = certificateArnProblem(v ?? '', usEast1 ? 'cloudfront' : 'alb');
      if (problem) {
        io.stderr(`stratus export: ${flag} ${problem}.\n`);
        return 2;
      }
      if (usEast1) choices.cloudfrontCertificateArn = v;
      else choices.albCertificateArn = v;
    } else if (flag === '--format' || flag === '-f') {
      const v = inline ?? args[++i];
      if (!FORMATS.includes(v as Format)) {
        io.stderr(`stratus export: --format must be terraform or cdk (got ${v ?? 'nothing'}).\n`);
        return 2;
      }
      format = v as Format;
    } else if (flag === '--out' || flag === '-o') {
      out = inline ?? args[++i];
      if (!out) {
        io.stderr('stratus export: --out needs a directory.\n');
        return 2;
      }
    } else if (a.startsWith('-')) {
      io.stderr(`stratus export: unknown option ${a}\n\n${EXPORT_USAGE}`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 1) {
    io.stderr(`stratus export: give exactly one board file.\n\n${EXPORT_USAGE}`);
    return 2;
  }
  if (!format || !out) {
    io.stderr(
      `stratus export: ${!format ? '--format terraform|cdk' : '--out DIR'} is required.\n\n${EXPORT_USAGE}`,
    );
    return 2;
  }
  const given = files[0]!;
  const loaded = loadBoardFile('export', given, io, (issues) => {
    const shown = issues.slice(0, 20);
    return (
      `is not a valid board file:\n${shown.map((i) => `  ${i.path}: ${i.message}`).join('\n')}\n` +
      (issues.length > shown.length ? `  … and ${issues.length - shown.length} more\n` : '') +
      'Fix the file (or export it again from Stratus) and retry.\n'
    );
  });
  if (!loaded.ok) return 2;
  const { board } = loaded;
  const diagnostics = boardDiagnostics(board);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (strict && errors.length) {
    io.stderr(
      `stratus export: refusing to export ${given} (--strict): ${errors.length} validator error${errors.length === 1 ? '' : 's'}:\n` +
        `${errors.map((d) => `  ${d.ruleId}: ${d.message}`).join('\n')}\n` +
        'Fix them (run `stratus validate` for details) or drop --strict to export with the errors listed in a comment.\n',
    );
    return 1;
  }
  const result =
    format === 'terraform'
      ? exportTerraform(board, { diagnostics, ...choices })
      : exportCdk(board, { diagnostics, ...choices });
  const outDir = resolve(io.cwd, out);
  try {
    for (const [file, content] of Object.entries(result.files)) {
      mkdirSync(dirname(join(outDir, file)), { recursive: true });
      writeFileSync(join(outDir, file), content);
    }
  } catch (err) {
    io.stderr(`stratus export: cannot write to ${out}: ${(err as Error).message}\n`);
    return 2;
  }
  const shownDir = isAbsolute(out) ? outDir : relative(io.cwd, outDir) || '.';
  io.stdout(
    `Wrote ${format === 'terraform' ? 'Terraform' : 'an AWS CDK app'} for "${board.name}" to ${shownDir}/: ${Object.keys(result.files).join(', ')}\n`,
  );
  if (errors.length)
    io.stdout(
      `${errors.length} validator error${errors.length === 1 ? ' is' : 's are'} listed at the top of the output; AWS is likely to reject it until they are fixed.\n`,
    );
  for (const w of result.warnings) io.stdout(`note: ${w}\n`);
  io.stdout(
    format === 'terraform'
      ? `Next: cd ${shownDir} && cp terraform.tfvars.example terraform.tfvars (fill in the inputs) && terraform init && terraform plan (see README.md)\n`
      : `Next: cd ${shownDir} && npm install && npx cdk synth (see README.md)\n`,
  );
  return 0;
}

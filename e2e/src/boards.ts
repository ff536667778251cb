import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './paths.ts';

/** The three-tier template as a fresh board file. */
export function threeTier(): {
  name: string;
  nodes: Record<string, unknown>[];
  edges: Record<string, unknown>[];
} {
  return JSON.parse(readFileSync(join(repoRoot, 'packages/model/templates/three-tier.board.json'), 'utf8'));
}

/** Every starter template, by file name (three-tier, queue-worker, static-site). */
export function templates(): { file: string; board: ReturnType<typeof threeTier> }[] {
  const dir = join(repoRoot, 'packages/model/templates');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.board.json'))
    .sort()
    .map((file) => ({ file, board: JSON.parse(readFileSync(join(dir, file), 'utf8')) }));
}

/**
 * A large generated board: VPCs side by side, each with two AZs of two subnets holding up to 12
 * resources in a grid, until `total` nodes.
 */
export function largeBoard(total: number): ReturnType<typeof threeTier> {
  const nodes: Record<string, unknown>[] = [];
  const kinds = ['ec2-instance', 'rds-instance', 'load-balancer', 'elasticache-cluster'];
  const add = (n: Record<string, unknown>) => nodes.length < total && nodes.push(n);
  for (let v = 0; nodes.length < total; v++) {
    const vpc = `vpc${v}`;
    add({
      id: vpc,
      kind: 'vpc',
      label: `VPC ${v}`,
      parentId: null,
      position: { x: v * 1700, y: (v % 2) * 300 },
      size: { width: 1620, height: 1020 },
      props: { cidr: `10.${v}.0.0/16` },
    });
    for (let a = 0; a < 2; a++) {
      const az = `${vpc}az${a}`;
      add({
        id: az,
        kind: 'az',
        label: `AZ ${'ab'[a]}`,
        parentId: vpc,
        position: { x: 20 + a * 800, y: 60 },
        size: { width: 780, height: 940 },
        props: { zone: `us-east-1${'ab'[a]}` },
      });
      for (let s = 0; s < 2; s++) {
        const sn = `${az}s${s}`;
        add({
          id: sn,
          kind: 'subnet',
          label: `Subnet ${a * 2 + s}`,
          parentId: az,
          position: { x: 20, y: 50 + s * 440 },
          size: { width: 740, height: 420 },
          props: { cidr: `10.${v}.${a * 2 + s}.0/24` },
        });
        for (let r = 0; r < 12; r++)
          add({
            id: `${sn}r${r}`,
            kind: kinds[r % kinds.length],
            label: `app-${v}-${a}-${s}-${r}`,
            parentId: sn,
            position: { x: 20 + (r % 3) * 240, y: 50 + Math.floor(r / 3) * 90 },
            props: {},
          });
      }
    }
  }
  return {
    format: 'stratus.board',
    version: 1,
    name: `Large board (${total} nodes)`,
    nodes,
    edges: [],
  } as never;
}

/**
 * A small hand-placed board: a VPC "vpc" (960 x 560 at the origin) holding one AZ "az"
 * (420 x 460 at 40,60), with subnets stacked in the AZ (360 x 180 each, 210 apart from y 50) and
 * resources placed in them at (20,60). Subnet CIDRs are 10.0.<n+1>.0/24 in order.
 */
export function smallVpc(
  name: string,
  subnets: { id: string; label: string }[],
  resources: { id: string; kind: string; label: string; parentId: string }[],
) {
  const at = (x: number, y: number) => ({ x, y });
  return {
    format: 'stratus.board',
    version: 1,
    name,
    nodes: [
      {
        id: 'vpc',
        kind: 'vpc',
        label: 'VPC',
        parentId: null,
        position: at(0, 0),
        size: { width: 960, height: 560 },
        props: { cidr: '10.0.0.0/16' },
      },
      {
        id: 'az',
        kind: 'az',
        label: 'AZ a',
        parentId: 'vpc',
        position: at(40, 60),
        size: { width: 420, height: 460 },
        props: {},
      },
      ...subnets.map((s, i) => ({
        ...s,
        kind: 'subnet',
        parentId: 'az',
        position: at(20, 50 + i * 210),
        size: { width: 360, height: 180 },
        props: { cidr: `10.0.${i + 1}.0/24` },
      })),
      ...resources.map((r) => ({ ...r, position: at(20, 60), props: {} })),
    ],
    edges: [],
  };
}

/** Synthetic boards for the canvas benchmark: VPCs with AZs and subnets full of resources. */
import { BOARD_FORMAT, BOARD_VERSION, type Board, type BoardEdge, type BoardNode } from '@stratus/model';

const RESOURCE_KINDS = [
  'ec2-instance',
  'rds-instance',
  'load-balancer',
  'elasticache-cluster',
  'nat-gateway',
] as const;

export function benchBoard(total: number): Board {
  const nodes: BoardNode[] = [];
  const edges: BoardEdge[] = [];
  const perSubnet = 12;
  // Each VPC: 2 AZs × 2 subnets × 12 resources = 53 nodes.
  const vpcCount = Math.max(1, Math.ceil(total / 53));
  const cols = Math.ceil(Math.sqrt(vpcCount));
  let left = total;
  let prev: string | null = null;
  for (let v = 0; v < vpcCount && left > 0; v++) {
    const vx = (v % cols) * 1700;
    const vy = Math.floor(v / cols) * 1100;
    const vpc = `vpc${v}`;
    nodes.push({
      id: vpc,
      kind: 'vpc',
      label: `VPC ${v}`,
      parentId: null,
      position: { x: vx, y: vy },
      size: { width: 1620, height: 1020 },
      props: { cidr: `10.${v % 250}.0.0/16` },
    } as BoardNode);
    left--;
    for (let a = 0; a < 2 && left > 0; a++) {
      const az = `${vpc}az${a}`;
      nodes.push({
        id: az,
        kind: 'az',
        label: `AZ ${a}`,
        parentId: vpc,
        position: { x: 20 + a * 800, y: 60 },
        size: { width: 780, height: 940 },
        props: { zone: `us-east-1${'ab'[a]}` },
      } as BoardNode);
      left--;
      for (let s = 0; s < 2 && left > 0; s++) {
        const sn = `${az}s${s}`;
        nodes.push({
          id: sn,
          kind: 'subnet',
          label: `Subnet ${s}`,
          parentId: az,
          position: { x: 20, y: 50 + s * 440 },
          size: { width: 740, height: 420 },
          props: { cidr: `10.${v % 250}.${a * 2 + s}.0/24` },
        } as BoardNode);
        left--;
        for (let r = 0; r < perSubnet && left > 0; r++) {
          const id = `${sn}r${r}`;
          nodes.push({
            id,
            kind: RESOURCE_KINDS[r % RESOURCE_KINDS.length]!,
            label: `res-${v}-${a}-${s}-${r}`,
            parentId: sn,
            position: { x: 20 + (r % 3) * 240, y: 50 + Math.floor(r / 3) * 90 },
            props: {},
          } as BoardNode);
          left--;
          if (prev && r % 2 === 1)
            edges.push({
              id: `e_${id}`,
              kind: 'traffic',
              source: prev,
              target: id,
              props: { port: 443 },
            } as BoardEdge);
          prev = id;
        }
      }
    }
  }
  return { format: BOARD_FORMAT, version: BOARD_VERSION, name: `Benchmark ${total}`, nodes, edges };
}

// Building generated benchmark boards: push nodes and edges by id, kind and props.
import type { Board, BoardEdge, BoardNode } from '@stratus/model';

/**
 * Node and edge adders over fresh `nodes`/`edges` arrays. Nodes sit at (0, 0); their label is
 * `label(id)` (the id itself unless given).
 */
export function boardBuilder(label: (id: string) => string = (id) => id) {
  const nodes: BoardNode[] = [];
  const edges: BoardEdge[] = [];
  const node = (id: string, kind: string, parentId: string | null, props: Record<string, unknown> = {}) =>
    nodes.push({ id, kind, label: label(id), parentId, position: { x: 0, y: 0 }, props } as BoardNode);
  const edge = (
    id: string,
    kind: string,
    source: string,
    target: string,
    props: Record<string, unknown> = {},
  ) => edges.push({ id, kind, source, target, props } as BoardEdge);
  return { nodes, edges, node, edge };
}

/**
 * A 300-node board as people draw them: VPCs of two AZs with public, private and data subnets;
 * a load balancer in each public subnet sending to the app servers of both AZs, app servers to
 * the databases of both AZs, and a replica edge between the AZs' databases.
 */
export function largeBoard(total: number): Pick<Board, 'nodes' | 'edges'> {
  const { nodes, edges, node, edge } = boardBuilder();
  let e = 0;
  for (let v = 0; nodes.length < total; v++) {
    const vpc = `vpc${v}`;
    node(vpc, 'vpc', null, { cidr: `10.${v}.0.0/16` });
    const tiers = (a: number) => ({ pub: `${vpc}a${a}pub`, app: `${vpc}a${a}app`, data: `${vpc}a${a}data` });
    for (let a = 0; a < 2; a++) {
      node(`${vpc}a${a}`, 'az', vpc, { zone: `us-east-1${'ab'[a]}` });
      const t = tiers(a);
      for (const [i, s] of [t.pub, t.app, t.data].entries())
        node(s, 'subnet', `${vpc}a${a}`, { cidr: `10.${v}.${a * 3 + i}.0/24` });
      node(`${t.pub}lb`, 'load-balancer', t.pub);
      for (let r = 0; r < 6; r++) node(`${t.app}r${r}`, 'ec2-instance', t.app);
      for (let r = 0; r < 2; r++) node(`${t.data}db${r}`, 'rds-instance', t.data);
    }
    for (let a = 0; a < 2; a++)
      for (let b = 0; b < 2; b++) {
        for (let r = 0; r < 6; r++) {
          edge(`e${e++}`, 'traffic', `${tiers(a).pub}lb`, `${tiers(b).app}r${r}`, { port: 8080 });
          edge(`e${e++}`, 'traffic', `${tiers(a).app}r${r}`, `${tiers(b).data}db${r % 2}`, { port: 5432 });
        }
      }
    edge(`e${e++}`, 'read-replica', `${tiers(0).data}db0`, `${tiers(1).data}db0`);
  }
  return {
    nodes: nodes.slice(0, total),
    edges: edges.filter((x) => nodes.slice(0, total).some((n) => n.id === x.target)),
  };
}

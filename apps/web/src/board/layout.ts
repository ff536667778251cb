/**
 * Auto-layout that knows AWS (pure: a board in, position and size patches out).
 *
 * - A VPC draws its availability zones as columns, side by side, all the same size.
 * - Subnets are grouped in tiers — public (routes 0.0.0.0/0 to an internet gateway, the
 *   validator's definition), private, data (holds only databases and caches) — and each tier is
 *   a row at the same height in every AZ, so "Public A" and "Public B" line up.
 * - Resources sit in a grid inside their subnet; the grid has the same columns in every subnet of
 *   a VPC, so subnets of one tier have the same size.
 * - VPC-level gateways (internet gateway...) get a row under the VPC's name; security groups and
 *   network ACLs a row of their own under the AZs.
 * - Things outside any VPC (users, CDN, buckets, queues, tables) go on the sides: what sends
 *   traffic into a VPC on the left, what VPC resources call on the right, each next to what it
 *   connects to; things connected only to those follow them in the same column.
 * - Whiteboard notes at the top level go in a row under the diagram.
 * - Every container leaves its header (name and facts) clear: children start below it.
 *
 * Gaps between cards are wide enough for an edge label, so the canvas can put each label where
 * it overlaps nothing (see routing.ts).
 */
import { type Board, type BoardNode, DATA_STORE_KINDS, kindDef, type NodePatch } from '@stratus/model';
import { publicSubnetIds } from '@stratus/validator';
import { nodeSize } from './flow-model.ts';

type Size = { width: number; height: number };
type Pos = { x: number; y: number };

/** Spacing, in board units. */
export const SPACING = {
  /** Room for a container's header (32 px) plus a margin before the first child. */
  head: 48,
  /** Left, right and bottom padding inside a container. */
  pad: 20,
  /** Between two cards side by side: room for a label such as "tcp/5432". */
  gapX: 96,
  /** Between two rows of cards. */
  gapY: 44,
  /** Between two subnets of one AZ, and between two AZs. */
  gapSubnet: 28,
  /** Between the VPC's gateway row and the AZs: room for route labels ("0.0.0.0/0"). */
  gapBand: 60,
  /** Between the diagram and the columns of things outside it. */
  gapSide: 130,
  /** Between two VPCs. */
  gapVpc: 90,
} as const;

export type Tier = 'public' | 'private' | 'data';
const TIERS: readonly Tier[] = ['public', 'private', 'data'];
const SECURITY_KINDS = new Set(['security-group', 'network-acl']);
/** Outside things that usually send traffic in (drawn on the left when not connected). */
const LEFT_KINDS = new Set(['internet', 'cloudfront-distribution', 'route53-zone', 'custom-origin']);

const isContainer = (n: BoardNode) => !!kindDef(n.kind)?.container;
const isWhiteboard = (n: BoardNode) => !!kindDef(n.kind)?.whiteboard;
/** Databases, caches and warehouses (the model's data stores). */
const isDataStore = (n: BoardNode) => DATA_STORE_KINDS.includes(n.kind);

/** The tier of each subnet: public by its routes, data when it holds only databases and caches. */
export function subnetTiers(board: Pick<Board, 'nodes' | 'edges'>): Map<string, Tier> {
  const pub = publicSubnetIds(board);
  const out = new Map<string, Tier>();
  for (const s of board.nodes) {
    if (s.kind !== 'subnet') continue;
    if (pub.has(s.id)) {
      out.set(s.id, 'public');
      continue;
    }
    const held = board.nodes.filter((n) => n.parentId === s.id && !isWhiteboard(n));
    out.set(s.id, held.length && held.every(isDataStore) ? 'data' : 'private');
  }
  return out;
}

/** Reading order of the current drawing: rows first (a 40-unit band counts as one row), then x. */
const readingOrder = (a: BoardNode, b: BoardNode) =>
  Math.round(a.position.y / 40) - Math.round(b.position.y / 40) ||
  a.position.x - b.position.x ||
  (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export function autoLayout(board: Pick<Board, 'nodes' | 'edges'>): Map<string, NodePatch> {
  const S = SPACING;
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  const kids = new Map<string | null, BoardNode[]>();
  for (const n of board.nodes) {
    const p = n.parentId !== null && byId.has(n.parentId) ? n.parentId : null;
    const list = kids.get(p) ?? [];
    list.push(n);
    kids.set(p, list);
  }
  for (const [parent, list] of kids) {
    list.sort(readingOrder);
    if (parent === null) continue;
    // Inside a network container: the way out first (NAT, an Elastic IP just before what it is
    // associated with), then load balancers (traffic comes in from the left, below the way out so
    // routes from the subnets beneath reach the NAT without crossing them), then the rest as drawn.
    const rank = (n: BoardNode) =>
      n.kind === 'nat-gateway' || n.kind === 'nat-instance' || n.kind === 'elastic-ip'
        ? 0
        : n.kind === 'load-balancer'
          ? 1
          : 2;
    list.sort((a, b) => rank(a) - rank(b));
    for (const eip of list.filter((n) => n.kind === 'elastic-ip')) {
      const e = board.edges.find((x) => x.source === eip.id && x.kind === 'association');
      if (!e || !list.some((n) => n.id === e.target)) continue;
      list.splice(list.indexOf(eip), 1);
      list.splice(
        list.findIndex((n) => n.id === e.target),
        0,
        eip,
      );
    }
  }
  const childrenOf = (id: string | null) => kids.get(id) ?? [];
  const tiers = subnetTiers(board);
  const pos = new Map<string, Pos>();
  const size = new Map<string, Size>();
  const sizeOf = (n: BoardNode) => size.get(n.id) ?? nodeSize(n);

  const eipTarget = new Map<string, string>();
  for (const e of board.edges)
    if (e.kind === 'association' && byId.get(e.source)?.kind === 'elastic-ip')
      eipTarget.set(e.source, e.target);
  /**
   * The cell (column, row) of each item of a grid, filled row by row, except that an Elastic IP
   * takes the cell beside what it is associated with, or the one below, when free.
   */
  const cellsOf = (items: BoardNode[], cols: number) => {
    const at = new Map<string, [number, number]>();
    const taken = new Set<string>();
    let next = 0;
    const take = (id: string, c: number, r: number) => {
      at.set(id, [c, r]);
      taken.add(`${c},${r}`);
    };
    for (const n of items) {
      const t = at.get(eipTarget.get(n.id) ?? '');
      if (t && t[0] + 1 < cols && !taken.has(`${t[0] + 1},${t[1]}`)) take(n.id, t[0] + 1, t[1]);
      else if (t && !taken.has(`${t[0]},${t[1] + 1}`)) take(n.id, t[0], t[1] + 1);
      else {
        while (taken.has(`${next % cols},${Math.floor(next / cols)}`)) next++;
        take(n.id, next % cols, Math.floor(next / cols));
      }
    }
    let rows = 0;
    let used = 0;
    for (const [c, r] of at.values()) {
      rows = Math.max(rows, r + 1);
      used = Math.max(used, c + 1);
    }
    return { at, rows, used };
  };
  const gridOf = (items: BoardNode[], cols: number, cell: Size): Size => {
    const { rows, used } = cellsOf(items, cols);
    if (!items.length) return { width: 0, height: 0 };
    return {
      width: used * cell.width + (used - 1) * S.gapX,
      height: rows * cell.height + (rows - 1) * S.gapY,
    };
  };
  /** A grid of `items` starting at (x, y): `cols` columns of `cell`-sized cells. Returns its size. */
  const grid = (items: BoardNode[], x: number, y: number, cols: number, cell: Size): Size => {
    const { at } = cellsOf(items, cols);
    for (const n of items) {
      const s = sizeOf(n);
      const [c, r] = at.get(n.id)!;
      pos.set(n.id, {
        x: x + c * (cell.width + S.gapX) + Math.round((cell.width - s.width) / 2),
        y: y + r * (cell.height + S.gapY),
      });
    }
    return gridOf(items, cols, cell);
  };
  const gridSize = (n: number, cols: number, cell: Size): Size =>
    n === 0
      ? { width: 0, height: 0 }
      : {
          width: Math.min(cols, n) * cell.width + (Math.min(cols, n) - 1) * S.gapX,
          height: Math.ceil(n / cols) * cell.height + (Math.ceil(n / cols) - 1) * S.gapY,
        };
  const cellOf = (items: BoardNode[]): Size => ({
    width: Math.max(180, ...items.map((n) => sizeOf(n).width)),
    height: Math.max(48, ...items.map((n) => sizeOf(n).height)),
  });
  const colsFor = (n: number) => Math.max(1, Math.min(3, Math.ceil(Math.sqrt(n))));
  /** A row of items centred in `width`, wrapping; returns its height. */
  const row = (items: BoardNode[], x: number, y: number, width: number): Size => {
    if (!items.length) return { width: 0, height: 0 };
    const cell = cellOf(items);
    const cols = Math.max(1, Math.min(items.length, Math.floor((width + S.gapX) / (cell.width + S.gapX))));
    const g = gridOf(items, cols, cell);
    return grid(items, x + Math.max(0, Math.round((width - g.width) / 2)), y, cols, cell);
  };

  /** Lays out a container's inside (recursively); sets its size. */
  const layoutContainer = (c: BoardNode) => {
    if (c.kind === 'vpc') layoutVpc(c);
    else layoutStack(c);
  };

  /**
   * A container that is not a VPC (a subnet, an AZ outside any VPC): its own resources in a
   * grid, then its sub-containers stacked by tier.
   */
  const layoutStack = (c: BoardNode, cols?: number, cell?: Size) => {
    const items = childrenOf(c.id).filter((n) => !isContainer(n));
    const subs = childrenOf(c.id).filter(isContainer);
    for (const s of subs) layoutContainer(s);
    subs.sort((a, b) => tierRank(a) - tierRank(b));
    const k = cols ?? colsFor(items.length);
    const cl = cell ?? cellOf(items);
    const g = grid(items, S.pad, S.head, k, cl);
    let y = S.head + (items.length ? g.height + S.gapSubnet : 0);
    let width = Math.max(g.width, gridSize(Math.min(k, Math.max(1, items.length)), k, cl).width);
    for (const s of subs) {
      pos.set(s.id, { x: S.pad, y });
      y += sizeOf(s).height + S.gapSubnet;
      width = Math.max(width, sizeOf(s).width);
    }
    if (subs.length) y -= S.gapSubnet;
    else if (!items.length) y += 40;
    size.set(c.id, { width: width + 2 * S.pad, height: y + S.pad });
  };
  const tierRank = (n: BoardNode) => (n.kind === 'subnet' ? TIERS.indexOf(tiers.get(n.id) ?? 'private') : -1);

  const layoutVpc = (vpc: BoardNode) => {
    const inside = childrenOf(vpc.id);
    const azs = inside.filter((n) => n.kind === 'az');
    azs.sort((a, b) => {
      const za = String((a.props as { zone?: string }).zone ?? a.label);
      const zb = String((b.props as { zone?: string }).zone ?? b.label);
      return za < zb ? -1 : za > zb ? 1 : readingOrder(a, b);
    });
    // Subnets drawn straight in the VPC form a column of their own, after the AZs.
    const looseSubnets = inside.filter((n) => n.kind === 'subnet');
    const otherContainers = inside.filter((n) => isContainer(n) && n.kind !== 'az' && n.kind !== 'subnet');
    const security = inside.filter((n) => !isContainer(n) && SECURITY_KINDS.has(n.kind));
    const band = inside.filter((n) => !isContainer(n) && !SECURITY_KINDS.has(n.kind));
    for (const c of otherContainers) layoutContainer(c);

    type Column = { az: BoardNode | null; items: BoardNode[]; subnets: BoardNode[] };
    const columns: Column[] = azs.map((az) => ({
      az,
      items: childrenOf(az.id).filter((n) => !isContainer(n)),
      subnets: childrenOf(az.id).filter((n) => n.kind === 'subnet'),
    }));
    for (const az of azs)
      for (const c of childrenOf(az.id)) if (isContainer(c) && c.kind !== 'subnet') layoutContainer(c);
    if (looseSubnets.length) columns.push({ az: null, items: [], subnets: looseSubnets });
    const allSubnets = columns.flatMap((c) => c.subnets);
    for (const s of allSubnets) for (const c of childrenOf(s.id)) if (isContainer(c)) layoutContainer(c);

    // One grid for every subnet of the VPC: same columns, same cell.
    const subnetItems = allSubnets.map((s) => childrenOf(s.id).filter((n) => !isContainer(n)));
    const cols = colsFor(Math.max(1, ...subnetItems.map((l) => l.length)));
    const cell = cellOf(subnetItems.flat());
    const subnetWidth = Math.max(gridSize(cols, cols, cell).width + 2 * S.pad, 300);
    const subnetHeight = (s: BoardNode) => {
      const items = childrenOf(s.id).filter((n) => !isContainer(n));
      // Room below the last row for one more card's drop (or a duplicate) to land inside.
      return S.head + Math.max(cell.height, gridOf(items, cols, cell).height) + S.gapY;
    };
    // Resources drawn straight in an AZ: a grid at the AZ's top, as tall in every AZ.
    const azCols = Math.max(1, Math.floor((subnetWidth + S.gapX) / (cell.width + S.gapX)));
    const azItemsHeight = Math.max(0, ...columns.map((c) => gridOf(c.items, azCols, cellOf(c.items)).height));
    // Tier rows: as tall as the tallest stack of that tier's subnets in any column.
    const stacks = columns.map((c) =>
      TIERS.map((t) => c.subnets.filter((s) => (tiers.get(s.id) ?? 'private') === t)),
    );
    const tierHeight = TIERS.map((_, t) =>
      Math.max(
        0,
        ...stacks.map((st) =>
          st[t]!.length ? st[t]!.reduce((h, s) => h + subnetHeight(s) + S.gapSubnet, -S.gapSubnet) : 0,
        ),
      ),
    );
    const columnWidth = subnetWidth + 2 * S.pad;
    let inner = S.head + (azItemsHeight ? azItemsHeight + S.gapSubnet : 0);
    const tierTop: number[] = [];
    for (let t = 0; t < TIERS.length; t++) {
      tierTop[t] = inner;
      if (tierHeight[t]) inner += tierHeight[t]! + S.gapSubnet;
    }
    const columnHeight = Math.max(inner - S.gapSubnet, S.head + 40) + S.pad;

    const bandSize = band.length ? gridSize(band.length, band.length, cellOf(band)) : { width: 0, height: 0 };
    const columnsTop = S.head + (band.length ? bandSize.height + S.gapBand : 0);
    const columnsWidth = columns.length
      ? columns.length * columnWidth + (columns.length - 1) * S.gapSubnet
      : 0;
    // Other containers (rare) follow the columns.
    let x = S.pad;
    columns.forEach((c, i) => {
      const cx = S.pad + i * (columnWidth + S.gapSubnet);
      // A column without an AZ holds its subnets directly (positions relative to the VPC).
      const ox = c.az ? 0 : cx;
      const oy = c.az ? 0 : columnsTop;
      if (c.az) {
        pos.set(c.az.id, { x: cx, y: columnsTop });
        size.set(c.az.id, { width: columnWidth, height: columnHeight });
        grid(c.items, S.pad, S.head, azCols, cellOf(c.items));
      }
      TIERS.forEach((_, t) => {
        let y = tierTop[t]!;
        const stack = stacks[i]![t]!;
        stack.forEach((s, k) => {
          const items = childrenOf(s.id).filter((n) => !isContainer(n));
          grid(items, S.pad, S.head, cols, cell);
          // The last subnet of a stack fills the tier's row, so a tier's subnets end level too.
          const h = k === stack.length - 1 ? tierTop[t]! + tierHeight[t]! - y : subnetHeight(s);
          pos.set(s.id, { x: ox + S.pad, y: oy + y });
          size.set(s.id, { width: subnetWidth, height: h });
          y += h + S.gapSubnet;
        });
      });
      x = cx + columnWidth + S.gapSubnet;
    });
    let bottom = columnsTop + (columns.length ? columnHeight : 0);
    for (const c of otherContainers) {
      pos.set(c.id, { x, y: columnsTop });
      x += sizeOf(c).width + S.gapSubnet;
      bottom = Math.max(bottom, columnsTop + sizeOf(c).height);
    }
    const width = Math.max(
      x - S.gapSubnet + S.pad,
      bandSize.width + 2 * S.pad,
      400,
      columnsWidth + 2 * S.pad,
    );
    if (band.length) row(band, S.pad, S.head, width - 2 * S.pad);
    let height = bottom;
    if (security.length) {
      const r = row(security, S.pad, bottom + S.gapY, width - 2 * S.pad);
      height = bottom + S.gapY + r.height;
    }
    size.set(vpc.id, { width, height: Math.max(height + S.pad, S.head + 60) });
  };

  // The top level: VPCs and other containers in rows, outside things on the sides, notes below.
  const top = childrenOf(null);
  const blocks = top.filter(isContainer);
  for (const b of blocks) layoutContainer(b);
  const notes = top.filter((n) => !isContainer(n) && isWhiteboard(n));
  const outside = top.filter((n) => !isContainer(n) && !isWhiteboard(n));

  // Blocks in rows, as many per row as keeps the whole closest to a 16:10 screen.
  let blocksSize = { width: 0, height: 0 };
  if (blocks.length) {
    let best: { score: number; perRow: number } = { score: Number.POSITIVE_INFINITY, perRow: 1 };
    for (let perRow = 1; perRow <= blocks.length; perRow++) {
      const { width, height } = placeBlocks(blocks, perRow, false);
      const score = Math.abs(Math.log(width / height / 1.6));
      if (score < best.score) best = { score, perRow };
    }
    blocksSize = placeBlocks(blocks, best.perRow, true);
  }
  function placeBlocks(list: BoardNode[], perRow: number, apply: boolean): Size {
    let y = 0;
    let width = 0;
    for (let i = 0; i < list.length; i += perRow) {
      const r = list.slice(i, i + perRow);
      let x = 0;
      let h = 0;
      for (const b of r) {
        if (apply) pos.set(b.id, { x, y });
        x += sizeOf(b).width + S.gapVpc;
        h = Math.max(h, sizeOf(b).height);
      }
      width = Math.max(width, x - S.gapVpc);
      y += h + S.gapVpc;
    }
    return { width, height: Math.max(1, y - S.gapVpc) };
  }

  const absolute = (id: string): Pos => {
    let x = 0;
    let y = 0;
    let cur = byId.get(id);
    const seen = new Set<string>();
    while (cur && !seen.has(cur.id)) {
      seen.add(cur.id);
      const p = pos.get(cur.id) ?? cur.position;
      x += p.x;
      y += p.y;
      cur = cur.parentId !== null ? byId.get(cur.parentId) : undefined;
    }
    return { x, y };
  };
  const centreY = (id: string) => absolute(id).y + sizeOf(byId.get(id)!).height / 2;

  let extent = { x0: 0, y0: 0, x1: blocksSize.width, y1: blocksSize.height };
  if (outside.length) {
    if (blocks.length) placeSides();
    else placeLayered();
  }
  /** Outside things beside the blocks: left what sends into them, right what they call. */
  function placeSides() {
    const outsideIds = new Set(outside.map((n) => n.id));
    const side = new Map<string, 'left' | 'right'>();
    const wantY = new Map<string, number>();
    const order: string[] = [];
    // First the things connected to something inside a block.
    for (const n of outside) {
      let left = 0;
      let right = 0;
      const ys: number[] = [];
      for (const e of board.edges) {
        const other = e.source === n.id ? e.target : e.target === n.id ? e.source : null;
        if (other === null || outsideIds.has(other) || !byId.has(other)) continue;
        if (e.source === n.id) left++;
        else right++;
        ys.push(centreY(other));
      }
      if (!ys.length) continue;
      side.set(n.id, left >= right ? 'left' : 'right');
      wantY.set(n.id, ys.reduce((a, b) => a + b, 0) / ys.length);
      order.push(n.id);
    }
    // Then, breadth first, what is connected to those: each after the one it hangs off.
    const via = new Map<string, string>();
    for (let i = 0; i < order.length; i++) {
      const id = order[i]!;
      for (const e of board.edges) {
        const other = e.source === id ? e.target : e.target === id ? e.source : null;
        if (other === null || !outsideIds.has(other) || side.has(other)) continue;
        side.set(other, side.get(id)!);
        via.set(other, id);
        order.push(other);
      }
    }
    // Connected to nothing inside: a side by kind.
    for (const n of outside) if (!side.has(n.id)) side.set(n.id, LEFT_KINDS.has(n.kind) ? 'left' : 'right');
    for (const s of ['left', 'right'] as const) {
      const list = outside.filter((n) => side.get(n.id) === s);
      if (!list.length) continue;
      const cell = cellOf(outside);
      const step = cell.height + S.gapY;
      // Columns beside the blocks, the nearest first; each keeps its taken [top, bottom) spans.
      const columns: [number, number][][] = [];
      const columnX = (c: number) =>
        s === 'left'
          ? -S.gapSide - cell.width - c * (cell.width + S.gapSide)
          : blocksSize.width + S.gapSide + c * (cell.width + S.gapSide);
      const free = (c: number, y: number) =>
        (columns[c] ?? []).every(([a, b]) => y + cell.height + S.gapY <= a || y >= b + S.gapY);
      /** The first free slot of column c at or below y. */
      const slot = (c: number, y: number) => {
        let at = y;
        for (;;) {
          const clash = (columns[c] ?? []).find(
            ([a, b]) => !(at + cell.height + S.gapY <= a || at >= b + S.gapY),
          );
          if (!clash) return at;
          at = clash[1] + S.gapY;
        }
      };
      const put = (n: BoardNode, c: number, y: number) => {
        (columns[c] ??= []).push([y, y + cell.height]);
        pos.set(n.id, { x: columnX(c), y });
      };
      const column = new Map<string, number>();
      // Connected to a block: the nearest column, level with what they connect to.
      const direct = list
        .filter((n) => wantY.has(n.id))
        .sort((a, b) => wantY.get(a.id)! - wantY.get(b.id)! || readingOrder(a, b));
      for (const n of direct) {
        put(n, 0, slot(0, Math.round(wantY.get(n.id)! - cell.height / 2)));
        column.set(n.id, 0);
      }
      // Connected through those: right under the one they hang off when that spot is free, else
      // one column further out, level with it.
      for (const id of order) {
        const from = via.get(id);
        const n = byId.get(id)!;
        if (!from || side.get(id) !== s) continue;
        const c = column.get(from)!;
        const y = pos.get(from)!.y;
        const c2 = free(c, y + step) ? c : c + 1;
        put(n, c2, slot(c2, c2 === c ? y + step : y));
        column.set(id, c2);
      }
      // Connected to nothing outside: the first free slot from the top, nearest column first,
      // no lower than the blocks reach.
      for (const n of list) {
        if (column.has(n.id)) continue;
        let c = 0;
        while (slot(c, 0) + cell.height > Math.max(blocksSize.height, 4 * step)) c++;
        put(n, c, slot(c, 0));
        column.set(n.id, c);
      }
      for (const n of list) {
        const p = pos.get(n.id)!;
        extent = {
          x0: Math.min(extent.x0, p.x),
          y0: Math.min(extent.y0, p.y),
          x1: Math.max(extent.x1, p.x + cell.width),
          y1: Math.max(extent.y1, p.y + cell.height),
        };
      }
    }
  }
  /** No VPC: the outside things in layers, left to right along their edges. */
  function placeLayered() {
    const ids = new Set(outside.map((n) => n.id));
    const edges = board.edges.filter((e) => ids.has(e.source) && ids.has(e.target) && e.source !== e.target);
    const connected = new Set(edges.flatMap((e) => [e.source, e.target]));
    const layer = new Map<string, number>();
    for (const n of outside) if (connected.has(n.id)) layer.set(n.id, 0);
    // Longest path from a source, at most n rounds (cycles stop growing).
    for (let round = 0; round < outside.length; round++) {
      let changed = false;
      for (const e of edges) {
        const next = layer.get(e.source)! + 1;
        if (next > layer.get(e.target)! && next < outside.length) {
          layer.set(e.target, next);
          changed = true;
        }
      }
      if (!changed) break;
    }
    const cell = cellOf(outside);
    const layers: BoardNode[][] = [];
    for (const n of outside) if (layer.has(n.id)) (layers[layer.get(n.id)!] ??= []).push(n);
    let bottom = 0;
    layers.forEach((list, li) => {
      list.forEach((n, i) => {
        pos.set(n.id, { x: li * (cell.width + S.gapSide), y: i * (cell.height + S.gapY * 2) });
        bottom = Math.max(bottom, i * (cell.height + S.gapY * 2) + cell.height);
      });
    });
    const loose = outside.filter((n) => !layer.has(n.id));
    const perRow = Math.max(layers.length, 3);
    const y = layers.length ? bottom + S.gapY * 2 : 0;
    loose.forEach((n, i) => {
      pos.set(n.id, {
        x: (i % perRow) * (cell.width + S.gapSide),
        y: y + Math.floor(i / perRow) * (cell.height + S.gapY * 2),
      });
    });
    const rows = Math.ceil(loose.length / perRow);
    const used = Math.max(layers.length, Math.min(perRow, loose.length));
    extent = {
      x0: 0,
      y0: 0,
      x1: used * cell.width + (used - 1) * S.gapSide,
      y1: loose.length ? y + rows * cell.height + (rows - 1) * S.gapY * 2 : bottom,
    };
  }
  if (notes.length) {
    let x = extent.x0;
    let y = extent.y1 + S.gapVpc;
    let h = 0;
    const width = Math.max(extent.x1 - extent.x0, 600);
    for (const n of notes) {
      const s = sizeOf(n);
      if (x > extent.x0 && x + s.width > extent.x0 + width) {
        x = extent.x0;
        y += h + S.gapY;
        h = 0;
      }
      pos.set(n.id, { x, y });
      x += s.width + S.gapY;
      h = Math.max(h, s.height);
    }
  }

  const patches = new Map<string, NodePatch>();
  for (const n of board.nodes) {
    const p = pos.get(n.id) ?? n.position;
    const patch: NodePatch = { position: { x: Math.round(p.x), y: Math.round(p.y) } };
    const s = size.get(n.id);
    if (s) patch.size = { width: Math.round(s.width), height: Math.round(s.height) };
    patches.set(n.id, patch);
  }
  return patches;
}

/**
 * Whether a board's drawing needs laying out: two nodes of one container overlap, or a node
 * spills out of its container or sits on its header.
 */
export function needsLayout(board: Pick<Board, 'nodes'>): boolean {
  const byId = new Map(board.nodes.map((n) => [n.id, n]));
  const siblings = new Map<string | null, BoardNode[]>();
  for (const n of board.nodes) {
    const p = n.parentId !== null && byId.has(n.parentId) ? n.parentId : null;
    siblings.set(p, [...(siblings.get(p) ?? []), n]);
    const parent = p !== null ? byId.get(p) : undefined;
    if (parent) {
      const s = nodeSize(n);
      const ps = nodeSize(parent);
      if (
        n.position.x < 0 ||
        n.position.y < 32 ||
        n.position.x + s.width > ps.width ||
        n.position.y + s.height > ps.height
      )
        return true;
    }
  }
  // Whiteboard notes and frames may lie over things on purpose.
  for (const all of siblings.values()) {
    const list = all.filter((n) => !isWhiteboard(n));
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) {
        const a = list[i]!;
        const b = list[j]!;
        const sa = nodeSize(a);
        const sb = nodeSize(b);
        if (
          a.position.x < b.position.x + sb.width &&
          b.position.x < a.position.x + sa.width &&
          a.position.y < b.position.y + sb.height &&
          b.position.y < a.position.y + sa.height
        )
          return true;
      }
  }
  return false;
}

/** The board laid out when its drawing needs it (see needsLayout), else as it is. */
export function layoutIfNeeded<B extends Pick<Board, 'nodes' | 'edges'>>(board: B): B {
  if (!needsLayout(board)) return board;
  const patches = autoLayout(board);
  return {
    ...board,
    nodes: board.nodes.map((n) => {
      const p = patches.get(n.id);
      return p ? { ...n, position: p.position ?? n.position, ...(p.size && { size: p.size }) } : n;
    }),
  };
}

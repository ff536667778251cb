/** Downloads: board JSON, PNG/SVG pictures of the diagram, Terraform / CDK as a zip. */
import type { ExportChoices } from '@stratus/export';
import { type Board, serializeBoard } from '@stratus/model';
import type { Node, Rect } from '@xyflow/react';
import { toPng, toSvg } from 'html-to-image';
import { zip } from './zip.ts';

export function download(name: string, data: Blob | string, type = 'application/octet-stream') {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export const fileSafe = (name: string) => name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'board';

export function downloadBoardJson(board: Board) {
  download(`${fileSafe(board.name)}.board.json`, serializeBoard(board), 'application/json');
}

/**
 * The rectangle holding every node, in board coordinates. React Flow nodes inside a container
 * carry positions relative to it, so each position is added up along its parents (reading them as
 * absolute put the bounds, and so the picture's margins, in the wrong place).
 */
export function imageBounds(nodes: readonly Node[]): Rect {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  let x0 = Number.POSITIVE_INFINITY;
  let y0 = Number.POSITIVE_INFINITY;
  let x1 = Number.NEGATIVE_INFINITY;
  let y1 = Number.NEGATIVE_INFINITY;
  for (const n of nodes) {
    let x = n.position.x;
    let y = n.position.y;
    const seen = new Set([n.id]);
    for (let p = n.parentId ? byId.get(n.parentId) : undefined; p && !seen.has(p.id); ) {
      seen.add(p.id);
      x += p.position.x;
      y += p.position.y;
      p = p.parentId ? byId.get(p.parentId) : undefined;
    }
    const w = n.measured?.width ?? n.width ?? 0;
    const h = n.measured?.height ?? n.height ?? 0;
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x + w);
    y1 = Math.max(y1, y + h);
  }
  if (!Number.isFinite(x0)) return { x: 0, y: 0, width: 0, height: 0 };
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** A picture of the whole diagram (not just what is on screen), with an even margin. */
export async function renderImage(nodes: Node[], format: 'png' | 'svg'): Promise<string> {
  const el = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!el) throw new Error('The canvas is not on screen.');
  const bounds = imageBounds(nodes);
  const pad = 40;
  // Drawn at scale 1 when it fits (8000 px at most), the margin the same on every side.
  const zoom = Math.min(1, 8000 / (bounds.width + pad * 2), 8000 / (bounds.height + pad * 2));
  const width = Math.ceil((bounds.width + pad * 2) * zoom);
  const height = Math.ceil((bounds.height + pad * 2) * zoom);
  const vp = { x: (pad - bounds.x) * zoom, y: (pad - bounds.y) * zoom, zoom };
  const options = {
    backgroundColor: '#ffffff',
    width,
    height,
    style: {
      width: `${width}px`,
      height: `${height}px`,
      transform: `translate(${vp.x}px, ${vp.y}px) scale(${vp.zoom})`,
    },
    filter: (n: HTMLElement) => !n.classList?.contains('react-flow__resize-control'),
  };
  return format === 'png' ? toPng(el, { ...options, pixelRatio: 2 }) : toSvg(el, options);
}

/** A data: URL as a Blob (no fetch: the server's CSP rightly does not allow fetching data: URLs). */
export function dataUrlToBlob(url: string): Blob {
  const comma = url.indexOf(',');
  const head = url.slice(5, comma);
  const type = head.split(';')[0] || 'application/octet-stream';
  const body = url.slice(comma + 1);
  if (head.endsWith(';base64')) {
    const bin = atob(body);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type });
  }
  return new Blob([decodeURIComponent(body)], { type });
}

export async function downloadImage(board: Board, nodes: Node[], format: 'png' | 'svg') {
  const url = await renderImage(nodes, format);
  download(`${fileSafe(board.name)}.${format}`, dataUrlToBlob(url));
}

/**
 * `choices`: the export options the board does not hold (deletion protection, default on; ALB and
 * CloudFront certificate ARNs), as `stratus export` takes them.
 */
export async function downloadIac(
  board: Board,
  target: 'terraform' | 'cdk',
  choices: ExportChoices = {},
): Promise<string[]> {
  const mod = (await import('@stratus/export')) as unknown as Record<
    string,
    ((b: Board, o?: ExportChoices) => { files: Record<string, string>; warnings?: string[] }) | undefined
  >;
  const fn = target === 'terraform' ? mod.exportTerraform : mod.exportCdk;
  if (!fn)
    throw new Error(`${target === 'cdk' ? 'CDK' : 'Terraform'} export is not available in this build yet.`);
  const { files, warnings = [] } = fn(board, choices);
  download(
    `${fileSafe(board.name)}-${target}.zip`,
    new Blob([zip(files) as BlobPart], { type: 'application/zip' }),
  );
  return warnings;
}

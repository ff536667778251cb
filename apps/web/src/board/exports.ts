/** Downloads: board JSON, PNG/SVG pictures of the diagram, Terraform / CDK as a zip. */
import type { ExportChoices } from '@stratus/export';
import { type Board, serializeBoard } from '@stratus/model';
import { getNodesBounds, getViewportForBounds, type Node } from '@xyflow/react';
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

/** A picture of the whole diagram (not just what is on screen). */
export async function renderImage(nodes: Node[], format: 'png' | 'svg'): Promise<string> {
  const el = document.querySelector<HTMLElement>('.react-flow__viewport');
  if (!el) throw new Error('The canvas is not on screen.');
  const bounds = getNodesBounds(nodes);
  const pad = 40;
  const width = Math.min(8000, Math.ceil(bounds.width + pad * 2));
  const height = Math.min(8000, Math.ceil(bounds.height + pad * 2));
  const vp = getViewportForBounds(bounds, width, height, 0.05, 2, 0.04);
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

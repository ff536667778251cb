import { readFileSync } from 'node:fs';
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

/// <reference lib="webworker" />
/**
 * Runs the validator off the main thread. The worker keeps its own replica of the board's Y.Doc
 * (fed with the same updates the page applies), so the page never serialises the board for it:
 * typing and dragging stay smooth whatever the board's size.
 */
import { docToBoard } from '@stratus/model';
import { validateBoard } from '@stratus/validator';
import * as Y from 'yjs';

const doc = new Y.Doc();
let timer: ReturnType<typeof setTimeout> | null = null;
let version = 0;

function run() {
  timer = null;
  const started = performance.now();
  const board = docToBoard(doc);
  let findings: unknown[] = [];
  let error: string | undefined;
  try {
    findings = validateBoard(board) as unknown[];
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  postMessage({ type: 'findings', findings, version, ms: performance.now() - started, error });
}

self.onmessage = (e: MessageEvent<{ type: 'update'; update: Uint8Array; version: number }>) => {
  if (e.data.type === 'update') {
    Y.applyUpdate(doc, e.data.update);
    version = e.data.version;
    if (timer === null) timer = setTimeout(run, 40);
  }
};

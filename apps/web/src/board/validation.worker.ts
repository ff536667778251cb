/// <reference lib="webworker" />
/**
 * Runs the validator off the main thread. The worker keeps its own replica of the board's Y.Doc
 * (fed with the same updates the page applies), so the page never serialises the board for it,
 * and re-checks incrementally (`createValidator().update(board, changedIds)`): typing and
 * dragging stay smooth whatever the board's size.
 */
import { docToBoard, edgesMap, nodesMap } from '@stratus/model';
import { createValidator, type Validator } from '@stratus/validator';
import * as Y from 'yjs';

const doc = new Y.Doc();
let timer: ReturnType<typeof setTimeout> | null = null;
let version = 0;
let validator: Validator | null = null;
const changed = new Set<string>();

const collect = (root: Y.Map<unknown>) => (events: Y.YEvent<Y.AbstractType<unknown>>[]) => {
  for (const ev of events) {
    if (ev.target === root) for (const k of ev.changes.keys.keys()) changed.add(k);
    else if (typeof ev.path[0] === 'string') changed.add(ev.path[0]);
  }
};
nodesMap(doc).observeDeep(collect(nodesMap(doc) as Y.Map<unknown>));
edgesMap(doc).observeDeep(collect(edgesMap(doc) as Y.Map<unknown>));

function run() {
  timer = null;
  const started = performance.now();
  let findings: unknown[] = [];
  let error: string | undefined;
  try {
    const board = docToBoard(doc);
    if (!validator) validator = createValidator(board);
    else validator.update(board, [...changed]);
    changed.clear();
    findings = [...validator.findings];
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
    validator = null;
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

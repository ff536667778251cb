import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import type { Finding } from './findings.ts';

export interface ValidationState {
  findings: Finding[];
  /** How long the last run took in the worker. */
  ms: number;
  ready: boolean;
  error?: string;
}

/** Live findings for a document, computed in a Web Worker. */
export function useValidation(doc: Y.Doc): ValidationState {
  const [state, setState] = useState<ValidationState>({ findings: [], ms: 0, ready: false });
  useEffect(() => {
    const worker = new Worker(new URL('./validation.worker.ts', import.meta.url), { type: 'module' });
    let version = 0;
    worker.onmessage = (
      e: MessageEvent<{ findings: Finding[]; ms: number; version: number; error?: string }>,
    ) => {
      setState({
        findings: e.data.findings,
        ms: e.data.ms,
        ready: true,
        ...(e.data.error && { error: e.data.error }),
      });
    };
    worker.postMessage({ type: 'update', update: Y.encodeStateAsUpdate(doc), version: ++version });
    const onUpdate = (update: Uint8Array) =>
      worker.postMessage({ type: 'update', update, version: ++version });
    doc.on('update', onUpdate);
    return () => {
      doc.off('update', onUpdate);
      worker.terminate();
    };
  }, [doc]);
  return state;
}

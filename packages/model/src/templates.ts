import type { Board } from './board.ts';
import { parseBoardOrThrow } from './parse.ts';
import serverlessApi from '../templates/serverless-api.board.json' with { type: 'json' };
import queueWorker from '../templates/queue-worker.board.json' with { type: 'json' };
import staticSite from '../templates/static-site.board.json' with { type: 'json' };
import threeTier from '../templates/three-tier.board.json' with { type: 'json' };

export interface Template {
  id: string;
  name: string;
  description: string;
  /** A fresh, validated copy of the template board each call. */
  board(): Board;
}

const template = (id: string, raw: { name: string; description?: string }): Template => ({
  id,
  name: raw.name,
  description: raw.description ?? '',
  board: () => parseBoardOrThrow(structuredClone(raw)),
});

/** Starter boards offered on the home page; each is a correct design (no validator errors). */
export const TEMPLATES: readonly Template[] = [
  template('three-tier', threeTier),
  template('queue-worker', queueWorker),
  template('static-site', staticSite),
  template('serverless-api', serverlessApi),
];

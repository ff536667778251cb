// Hostile Yjs updates (v1 encoding) built byte by byte, for the hostile-input tests, the guard
// fuzzing and bench/attacks.ts: content of every kind nested deep or spread wide, huge delete
// sets, and structs with clock gaps that Yjs would hold as pending.
import * as encoding from 'lib0/encoding';

/** Content refs of the v1 struct encoding (info & 0x1f). */
export const REF = {
  gc: 0,
  deleted: 1,
  json: 2,
  binary: 3,
  string: 4,
  embed: 5,
  format: 6,
  type: 7,
  any: 8,
  doc: 9,
  skip: 10,
} as const;
export type ContentKind = keyof typeof REF;

/** One struct: content for a root type (a map entry when `key` is set, else a sequence item). */
export interface StructSpec {
  kind: ContentKind;
  /** Nesting depth of structured content (json/embed/format/any/doc). */
  depth?: number;
  /** Width: elements, string length, bytes, or struct length for gc/skip/deleted. */
  width?: number;
  root?: string;
  key?: string;
}

function writeAnyNested(e: encoding.Encoder, depth: number, width: number) {
  // depth-1 arrays of one element each, the innermost holding `width` numbers.
  for (let i = 0; i < depth - 1; i++) {
    encoding.writeUint8(e, 117);
    encoding.writeVarUint(e, 1);
  }
  encoding.writeUint8(e, 117);
  encoding.writeVarUint(e, width);
  for (let i = 0; i < width; i++) {
    encoding.writeUint8(e, 125);
    encoding.writeVarInt(e, i);
  }
}

/** JSON text nested `depth` levels deep with `width` numbers inside. */
export const deepJson = (depth: number, width = 1) =>
  '['.repeat(depth) + Array.from({ length: width }, (_, i) => i).join(',') + ']'.repeat(depth);

function writeStruct(e: encoding.Encoder, s: StructSpec): number {
  const ref = REF[s.kind];
  const depth = Math.max(1, s.depth ?? 1);
  const width = Math.max(1, s.width ?? 1);
  if (s.kind === 'gc' || s.kind === 'skip') {
    encoding.writeUint8(e, ref);
    encoding.writeVarUint(e, width);
    return width;
  }
  const useKey = s.key !== undefined && s.kind !== 'format' && s.kind !== 'string';
  encoding.writeUint8(e, ref | (useKey ? 0x20 : 0));
  encoding.writeVarUint(e, 1); // parent is a root type, by name
  encoding.writeVarString(e, s.root ?? (useKey ? 'm' : 't'));
  if (useKey) encoding.writeVarString(e, s.key!);
  switch (s.kind) {
    case 'deleted':
      encoding.writeVarUint(e, width);
      return width;
    case 'json':
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, deepJson(depth, width));
      return 1;
    case 'binary':
      encoding.writeVarUint8Array(e, new Uint8Array(width));
      return 1;
    case 'string': {
      const str = 'x'.repeat(width);
      encoding.writeVarString(e, str);
      return str.length;
    }
    case 'embed':
      encoding.writeVarString(e, deepJson(depth, width));
      return 1;
    case 'format':
      encoding.writeVarString(e, 'bold');
      encoding.writeVarString(e, deepJson(depth, width));
      return 1;
    case 'type':
      encoding.writeVarUint(e, 1); // YMap
      return 1;
    case 'any':
      encoding.writeVarUint(e, 1);
      writeAnyNested(e, depth, width);
      return 1;
    case 'doc':
      encoding.writeVarString(e, `guid-${depth}-${width}`);
      encoding.writeUint8(e, 118); // opts: object with one key
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'meta');
      writeAnyNested(e, depth, width);
      return 1;
  }
  return 1;
}

/**
 * An update of one client whose structs start at `clock` (a clock above what the server has
 * for that client leaves a gap: Yjs keeps the structs pending), plus an optional delete set.
 */
export function buildUpdate(opts: {
  client: number;
  clock?: number;
  structs?: StructSpec[];
  deletes?: { client: number; ranges: number; from?: number };
}): Uint8Array {
  const e = encoding.createEncoder();
  const structs = opts.structs ?? [];
  encoding.writeVarUint(e, structs.length > 0 ? 1 : 0);
  if (structs.length > 0) {
    encoding.writeVarUint(e, structs.length);
    encoding.writeVarUint(e, opts.client);
    encoding.writeVarUint(e, opts.clock ?? 0);
    for (const s of structs) writeStruct(e, s);
  }
  if (opts.deletes && opts.deletes.ranges > 0) {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint(e, opts.deletes.client);
    encoding.writeVarUint(e, opts.deletes.ranges);
    const from = opts.deletes.from ?? 0;
    for (let i = 0; i < opts.deletes.ranges; i++) {
      encoding.writeVarUint(e, from + i * 2);
      encoding.writeVarUint(e, 1);
    }
  } else encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/**
 * `depth` Y.Maps each inside the previous one (one struct per level, clocks from `clock`): the
 * first hangs in root map `m` under key `x`, or in the map item `parent` when given.
 */
export function nestedMaps(client: number, depth: number, clock = 0, parent?: [number, number]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, depth);
  encoding.writeVarUint(e, client);
  encoding.writeVarUint(e, clock);
  for (let i = 0; i < depth; i++) {
    encoding.writeUint8(e, REF.type | 0x20);
    const p = i === 0 ? parent : ([client, clock + i - 1] as [number, number]);
    if (p) {
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, p[0]);
      encoding.writeVarUint(e, p[1]);
    } else {
      encoding.writeVarUint(e, 1);
      encoding.writeVarString(e, 'm');
    }
    encoding.writeVarString(e, i === 0 && !parent ? 'x' : 'k');
    encoding.writeVarUint(e, 1); // YMap
  }
  encoding.writeVarUint(e, 0);
  return encoding.toUint8Array(e);
}

/** A y-websocket frame (sync message) around an update: sub 1 = step 2, 2 = update. */
export function syncFrame(sub: 1 | 2, update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 0);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** An awareness frame with one entry per [clientId, clock, state JSON]. */
export function awarenessFrame(entries: [number, number, string][]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const [id, clock, state] of entries) {
    encoding.writeVarUint(inner, id);
    encoding.writeVarUint(inner, clock);
    encoding.writeVarString(inner, state);
  }
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
  return encoding.toUint8Array(e);
}

// Bounds-checked walk of a Yjs update (v1 encoding) before it reaches Y.applyUpdate.
//
// Yjs trusts the counts inside an update: a few bytes can claim billions of structs (yjs issue
// #687), and some malformed content makes it throw half-way. This walker reads the same layout
// as Yjs' UpdateDecoderV1 (readClientsStructRefs, readItemContent, readDeleteSet, lib0 readAny)
// but checks every count against the bytes that remain (every struct, string, array element
// needs at least one byte), caps nesting, rejects unknown content/type refs and trailing bytes,
// and never allocates by a claimed count. It runs in time linear in the message size, so the
// event loop cannot be held longer than reading the bytes takes.

export class InvalidUpdate extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidUpdate';
  }
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export class Reader {
  pos = 0;
  constructor(readonly buf: Uint8Array) {}
  get remaining() {
    return this.buf.length - this.pos;
  }
  fail(what: string): never {
    throw new InvalidUpdate(`${what} at byte ${this.pos}`);
  }
  u8(): number {
    if (this.pos >= this.buf.length) this.fail('unexpected end');
    return this.buf[this.pos++]!;
  }
  varUint(): number {
    let num = 0;
    let mult = 1;
    for (let i = 0; i < 8; i++) {
      const r = this.u8();
      num += (r & 0x7f) * mult;
      if (r < 0x80) {
        if (num > MAX_SAFE) this.fail('integer out of range');
        return num;
      }
      mult *= 128;
    }
    return this.fail('integer too long');
  }
  varInt(): void {
    // lib0 signed varint: first byte carries 6 bits + sign, then 7 bits per byte.
    let r = this.u8();
    for (let i = 0; i < 8 && r & 0x80; i++) r = this.u8();
    if (r & 0x80) this.fail('integer too long');
  }
  /** A count of elements that each take at least `minBytes` bytes. */
  count(what: string, minBytes = 1): number {
    const n = this.varUint();
    if (n * minBytes > this.remaining) this.fail(`${what} count ${n} exceeds the message size`);
    return n;
  }
  bytes(n: number): Uint8Array {
    if (n > this.remaining) this.fail('length exceeds the message size');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  varBytes(): Uint8Array {
    return this.bytes(this.varUint());
  }
  varString(): string {
    return new TextDecoder().decode(this.varBytes());
  }
  skipString(): void {
    this.bytes(this.varUint());
  }
  end(what: string): void {
    if (this.pos !== this.buf.length) this.fail(`${this.buf.length - this.pos} trailing bytes after ${what}`);
  }
}

/** Nesting allowed in any structured content (ContentAny, ContentDoc options, JSON text). */
export const MAX_DEPTH = 64;

/**
 * Skips one lib0 `readAny` value without recursion (an explicit stack of remaining counts, so a
 * value nested 100,000 deep is read in linear time and constant call depth); returns its depth.
 */
function skipAny(r: Reader): number {
  const left: number[] = [1];
  const isObject: boolean[] = [false];
  let maxDepth = 0;
  while (left.length > 0) {
    const top = left.length - 1;
    if (left[top] === 0) {
      left.pop();
      isObject.pop();
      continue;
    }
    left[top]!--;
    if (isObject[top]) r.skipString();
    const t = r.u8();
    switch (t) {
      case 127: // undefined
      case 126: // null
      case 121: // false
      case 120: // true
        break;
      case 125:
        r.varInt();
        break;
      case 124:
        r.bytes(4);
        break;
      case 123:
      case 122:
        r.bytes(8);
        break;
      case 119:
        r.skipString();
        break;
      case 118:
        left.push(r.count('object key', 2));
        isObject.push(true);
        maxDepth = Math.max(maxDepth, left.length - 1);
        break;
      case 117:
        left.push(r.count('array element'));
        isObject.push(false);
        maxDepth = Math.max(maxDepth, left.length - 1);
        break;
      case 116:
        r.varBytes();
        break;
      default:
        r.fail(`unknown value type ${t}`);
    }
  }
  return maxDepth;
}

/** Nesting depth of JSON text, by a linear scan (no parse, no recursion). */
export function jsonDepth(s: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped char
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123) {
      depth++;
      if (depth > max) max = depth;
    } else if (c === 93 || c === 125) depth--;
  }
  return max;
}

/** Reads JSON text (ContentJSON element, ContentEmbed, ContentFormat value); returns its depth. */
function skipJson(r: Reader): number {
  const s = r.varString();
  const depth = jsonDepth(s);
  // Yjs reads 'undefined' for ContentJSON elements that were undefined.
  if (s === 'undefined') return 0;
  if (depth > MAX_DEPTH) return depth; // not parsed: JSON.parse of deep text is what is refused
  try {
    JSON.parse(s);
  } catch {
    r.fail('invalid JSON content');
  }
  return depth;
}

function checkClock(r: Reader, clock: number, len: number): void {
  if (clock + len > MAX_SAFE) r.fail('clock out of range');
}

export interface UpdateStats {
  structs: number;
  deletes: number;
  /** Structs whose content was nested over MAX_DEPTH (only when neutralising; else it throws). */
  neutralised: number;
  /** Lowest clock per client among the structs (to tell whether an update leaves a gap). */
  firstClock: Map<number, number>;
  /** Clock after the last struct per client. */
  structEnd: Map<number, number>;
  /** Highest clock + length per client among the delete ranges (deletes of unknown items wait). */
  deleteEnd: Map<number, number>;
}

/**
 * Where each item of an update hangs (collected on request, to bound how deeply shared types
 * nest: see Room.typeNesting). Parallel arrays, one entry per item (GC/Skip excluded).
 */
export interface StructRefs {
  client: number[];
  clock: number[];
  len: number[];
  isType: boolean[];
  /** 0 = a root type; 1 = the parent is the type of item (pc, pk); 2 = same parent as item (pc, pk). */
  parentKind: number[];
  pc: number[];
  pk: number[];
}

export interface GuardLimits {
  /** Most structs one update may carry. */
  maxStructs?: number;
  /** Most delete-set ranges one update may carry, beyond one per struct it carries itself. */
  maxDeleteRanges?: number;
  /** Collect where each item hangs (into this object). */
  refs?: StructRefs;
}

/** Thrown when an update is well formed but asks for more work than a limit allows. */
export class UpdateTooCostly extends InvalidUpdate {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateTooCostly';
  }
}

interface Patch {
  /** Byte offset of the struct's info byte. */
  info: number;
  contentStart: number;
  contentEnd: number;
  len: number;
}

function walk(update: Uint8Array, limits: GuardLimits, patches: Patch[] | undefined): UpdateStats {
  const r = new Reader(update);
  let structs = 0;
  const firstClock = new Map<number, number>();
  const structEnd = new Map<number, number>();
  const deleteEnd = new Map<number, number>();
  const maxStructs = limits.maxStructs ?? Number.POSITIVE_INFINITY;
  const refs = limits.refs;
  let maxRanges = limits.maxDeleteRanges ?? Number.POSITIVE_INFINITY;
  const clients = r.count('client', 3);
  for (let c = 0; c < clients; c++) {
    const n = r.count('struct', 1);
    if (structs + n > maxStructs) throw new UpdateTooCostly(`update carries over ${maxStructs} structs`);
    const client = r.varUint();
    let clock = r.varUint();
    const prev = firstClock.get(client);
    if (n > 0 && (prev === undefined || clock < prev)) firstClock.set(client, clock);
    for (let s = 0; s < n; s++) {
      const infoPos = r.pos;
      const info = r.u8();
      const ref = info & 0x1f;
      let len = 1;
      let depth = 0;
      let contentStart = r.pos;
      if (ref === 0 || ref === 10) {
        // GC / Skip
        len = r.varUint();
        if (len === 0) r.fail('empty struct');
      } else {
        const cantCopyParentInfo = (info & (0x40 | 0x80)) === 0;
        let parentKind = 0;
        let pc = 0;
        let pk = 0;
        if (info & 0x80) {
          pc = r.varUint();
          pk = r.varUint();
          parentKind = 2;
        }
        if (info & 0x40) {
          const c2 = r.varUint();
          const k2 = r.varUint();
          if (parentKind === 0) {
            pc = c2;
            pk = k2;
            parentKind = 2;
          }
        }
        if (cantCopyParentInfo) {
          if (r.varUint() === 1) r.skipString();
          else {
            pc = r.varUint();
            pk = r.varUint();
            parentKind = 1;
          }
          if (info & 0x20) r.skipString();
        }
        if (refs) {
          refs.client.push(client);
          refs.clock.push(clock);
          refs.isType.push(ref === 7);
          refs.parentKind.push(parentKind);
          refs.pc.push(pc);
          refs.pk.push(pk);
        }
        contentStart = r.pos;
        switch (ref) {
          case 1: // ContentDeleted
            len = r.varUint();
            if (len === 0) r.fail('empty struct');
            break;
          case 2: {
            // ContentJSON
            len = r.count('json element');
            for (let i = 0; i < len; i++) depth = Math.max(depth, skipJson(r));
            break;
          }
          case 3: // ContentBinary
            r.varBytes();
            break;
          case 4: {
            // ContentString: length in UTF-16 units
            len = Math.max(1, r.varString().length);
            break;
          }
          case 5: // ContentEmbed
            depth = skipJson(r);
            break;
          case 6: // ContentFormat
            r.skipString();
            depth = skipJson(r);
            break;
          case 7: {
            // ContentType
            const typeRef = r.varUint();
            if (typeRef > 6) r.fail(`unknown type ref ${typeRef}`);
            if (typeRef === 3 || typeRef === 5) r.skipString();
            break;
          }
          case 8: {
            // ContentAny
            len = r.count('any element');
            for (let i = 0; i < len; i++) depth = Math.max(depth, skipAny(r));
            break;
          }
          case 9: // ContentDoc
            r.skipString();
            depth = skipAny(r);
            break;
          default:
            r.fail(`unknown content ref ${ref}`);
        }
      }
      if (depth > MAX_DEPTH) {
        if (!patches) return r.fail(`value nested too deeply (${depth} levels, at most ${MAX_DEPTH})`);
        patches.push({ info: infoPos, contentStart, contentEnd: r.pos, len });
      }
      checkClock(r, clock, len);
      if (refs && refs.len.length < refs.client.length) refs.len.push(len);
      clock += len;
      structs++;
    }
    if (n > 0 && clock > (structEnd.get(client) ?? 0)) structEnd.set(client, clock);
  }
  // Delete set: a real one never names more ranges than there are items to delete.
  maxRanges += structs;
  let deletes = 0;
  const dsClients = r.count('delete-set client', 2);
  for (let c = 0; c < dsClients; c++) {
    const client = r.varUint();
    const n = r.count('delete range', 2);
    if (deletes + n > maxRanges) throw new UpdateTooCostly(`update carries over ${maxRanges} delete ranges`);
    for (let i = 0; i < n; i++) {
      const clock = r.varUint();
      const len = r.varUint();
      checkClock(r, clock, len);
      if (clock + len > (deleteEnd.get(client) ?? 0)) deleteEnd.set(client, clock + len);
      deletes++;
    }
  }
  r.end('the update');
  return { structs, deletes, neutralised: patches?.length ?? 0, firstClock, structEnd, deleteEnd };
}

/** Walks a v1 update; throws InvalidUpdate when it is malformed or its counts are impossible. */
export function checkUpdate(update: Uint8Array, limits: GuardLimits = {}): UpdateStats {
  return walk(update, limits, undefined);
}

/**
 * For updates already stored (boards written before the guard bounded nesting): the same walk,
 * but a struct whose content is nested too deeply is rewritten as ContentDeleted of the same
 * length instead of refusing the whole update, so everything else in it (and every later update
 * that refers to it) still loads. Throws InvalidUpdate for anything else that is malformed.
 */
export function neutraliseUpdate(update: Uint8Array): { update: Uint8Array; neutralised: number } {
  const patches: Patch[] = [];
  walk(update, {}, patches);
  if (patches.length === 0) return { update, neutralised: 0 };
  const out: number[] = [];
  let copied = 0;
  const push = (from: number, to: number) => {
    for (let i = from; i < to; i++) out.push(update[i]!);
  };
  for (const p of patches) {
    push(copied, p.info);
    out.push((update[p.info]! & 0xe0) | 1); // same origin/parent flags, content ContentDeleted
    push(p.info + 1, p.contentStart);
    let n = p.len;
    while (n > 0x7f) {
      out.push(0x80 | (n & 0x7f));
      n = Math.floor(n / 128);
    }
    out.push(n);
    copied = p.contentEnd;
  }
  push(copied, update.length);
  return { update: Uint8Array.from(out), neutralised: patches.length };
}

/** Walks a state vector (sync step 1). */
export function checkStateVector(sv: Uint8Array): void {
  const r = new Reader(sv);
  const n = r.count('state vector entry', 2);
  for (let i = 0; i < n; i++) {
    r.varUint();
    r.varUint();
  }
  r.end('the state vector');
}

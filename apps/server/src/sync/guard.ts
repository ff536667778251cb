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
const MAX_ANY_DEPTH = 64;

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

function skipAny(r: Reader, depth: number): void {
  if (depth > MAX_ANY_DEPTH) r.fail('value nested too deeply');
  const t = r.u8();
  switch (t) {
    case 127: // undefined
    case 126: // null
    case 121: // false
    case 120: // true
      return;
    case 125:
      r.varInt();
      return;
    case 124:
      r.bytes(4);
      return;
    case 123:
    case 122:
      r.bytes(8);
      return;
    case 119:
      r.skipString();
      return;
    case 118: {
      const n = r.count('object key', 2);
      for (let i = 0; i < n; i++) {
        r.skipString();
        skipAny(r, depth + 1);
      }
      return;
    }
    case 117: {
      const n = r.count('array element');
      for (let i = 0; i < n; i++) skipAny(r, depth + 1);
      return;
    }
    case 116:
      r.varBytes();
      return;
    default:
      r.fail(`unknown value type ${t}`);
  }
}

function skipJson(r: Reader): void {
  const s = r.varString();
  try {
    JSON.parse(s);
  } catch {
    r.fail('invalid JSON content');
  }
}

function checkClock(r: Reader, clock: number, len: number): void {
  if (clock + len > MAX_SAFE) r.fail('clock out of range');
}

export interface UpdateStats {
  structs: number;
  deletes: number;
}

/** Walks a v1 update; throws InvalidUpdate when it is malformed or its counts are impossible. */
export function checkUpdate(update: Uint8Array): UpdateStats {
  const r = new Reader(update);
  let structs = 0;
  const clients = r.count('client', 3);
  for (let c = 0; c < clients; c++) {
    const n = r.count('struct', 1);
    r.varUint(); // client
    let clock = r.varUint();
    for (let s = 0; s < n; s++) {
      const info = r.u8();
      const ref = info & 0x1f;
      let len = 1;
      if (ref === 0 || ref === 10) {
        // GC / Skip
        len = r.varUint();
        if (len === 0) r.fail('empty struct');
      } else {
        const cantCopyParentInfo = (info & (0x40 | 0x80)) === 0;
        if (info & 0x80) {
          r.varUint();
          r.varUint();
        }
        if (info & 0x40) {
          r.varUint();
          r.varUint();
        }
        if (cantCopyParentInfo) {
          if (r.varUint() === 1) r.skipString();
          else {
            r.varUint();
            r.varUint();
          }
          if (info & 0x20) r.skipString();
        }
        switch (ref) {
          case 1: // ContentDeleted
            len = r.varUint();
            if (len === 0) r.fail('empty struct');
            break;
          case 2: {
            // ContentJSON
            len = r.count('json element');
            for (let i = 0; i < len; i++) r.skipString();
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
            skipJson(r);
            break;
          case 6: // ContentFormat
            r.skipString();
            skipJson(r);
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
            for (let i = 0; i < len; i++) skipAny(r, 0);
            break;
          }
          case 9: // ContentDoc
            r.skipString();
            skipAny(r, 0);
            break;
          default:
            r.fail(`unknown content ref ${ref}`);
        }
      }
      checkClock(r, clock, len);
      clock += len;
      structs++;
    }
  }
  // Delete set
  let deletes = 0;
  const dsClients = r.count('delete-set client', 2);
  for (let c = 0; c < dsClients; c++) {
    r.varUint();
    const n = r.count('delete range', 2);
    for (let i = 0; i < n; i++) {
      const clock = r.varUint();
      const len = r.varUint();
      checkClock(r, clock, len);
      deletes++;
    }
  }
  r.end('the update');
  return { structs, deletes };
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

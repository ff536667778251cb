// The update guard accepts everything Yjs produces and rejects impossible or malformed updates
// in time linear in their size.
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildUpdate, type ContentKind } from '../testing/attacks.ts';
import {
  checkUpdate,
  InvalidUpdate,
  jsonDepth,
  MAX_DEPTH,
  neutraliseUpdate,
  UpdateTooCostly,
} from './guard.ts';

/** Random edits on every shared type and content kind Yjs has. */
const op = fc.oneof(
  fc.record({ t: fc.constant('map'), k: fc.string({ maxLength: 5 }), v: fc.jsonValue({ maxDepth: 3 }) }),
  fc.record({ t: fc.constant('del'), k: fc.string({ maxLength: 5 }) }),
  fc.record({ t: fc.constant('text'), i: fc.nat(20), s: fc.string({ maxLength: 10, unit: 'grapheme' }) }),
  fc.record({ t: fc.constant('fmt'), i: fc.nat(20), n: fc.nat(5) }),
  fc.record({
    t: fc.constant('arr'),
    v: fc.array(
      fc.oneof(fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.uint8Array({ maxLength: 4 })),
      { maxLength: 3 },
    ),
  }),
  fc.record({ t: fc.constant('arrdel'), i: fc.nat(5) }),
  fc.record({ t: fc.constant('nested') }),
  fc.record({ t: fc.constant('xml'), s: fc.string({ maxLength: 5 }) }),
  fc.record({ t: fc.constant('subdoc') }),
);

function apply(doc: Y.Doc, o: fc.Arbitrary<unknown> extends never ? never : any) {
  const m = doc.getMap('m');
  const text = doc.getText('t');
  const arr = doc.getArray<unknown>('a');
  switch (o.t) {
    case 'map':
      m.set(o.k, o.v === undefined ? null : o.v);
      break;
    case 'del':
      m.delete(o.k);
      break;
    case 'text':
      text.insert(Math.min(o.i, text.length), o.s);
      break;
    case 'fmt':
      text.format(Math.min(o.i, text.length), o.n, { bold: true });
      break;
    case 'arr':
      arr.push(o.v);
      break;
    case 'arrdel':
      if (arr.length > 0) arr.delete(Math.min(o.i, arr.length - 1), 1);
      break;
    case 'nested': {
      const inner = new Y.Map();
      m.set('nested', inner);
      inner.set('x', 1);
      break;
    }
    case 'xml': {
      const frag = doc.getXmlFragment('x');
      const el = new Y.XmlElement('p');
      frag.push([el]);
      el.insert(0, [new Y.XmlText(o.s)]);
      el.setAttribute('a', 'b');
      break;
    }
    case 'subdoc':
      m.set('sub', new Y.Doc());
      break;
  }
}

describe('update guard', () => {
  it('accepts every update Yjs produces (incremental and full state, with deletes)', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 30 }), (ops) => {
        const doc = new Y.Doc();
        const updates: Uint8Array[] = [];
        doc.on('update', (u: Uint8Array) => updates.push(u));
        for (const o of ops) apply(doc, o);
        for (const u of updates) checkUpdate(u);
        checkUpdate(Y.encodeStateAsUpdate(doc));
        checkUpdate(Y.mergeUpdates(updates.length ? updates : [Y.encodeStateAsUpdate(doc)]));
      }),
      { numRuns: 300 },
    );
  });

  it('rejects a tiny update that claims a huge number of structs (yjs #687) without allocating', () => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, 1); // one client
    encoding.writeVarUint(e, 2 ** 40); // structs claimed
    encoding.writeVarUint(e, 1); // client id
    encoding.writeVarUint(e, 0); // clock
    const bomb = encoding.toUint8Array(e);
    const t = performance.now();
    expect(() => checkUpdate(bomb)).toThrow(InvalidUpdate);
    expect(() => checkUpdate(bomb)).toThrow(/struct count/);
    // Allocating for 2^40 structs would run out of memory or take minutes; refusing is immediate.
    expect(performance.now() - t).toBeLessThan(1000);
  });

  it('rejects truncated updates, trailing bytes, unknown content and deep nesting', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('k', { deep: [1, 2, 'x'] });
    doc.getText('t').insert(0, 'hello');
    const full = Y.encodeStateAsUpdate(doc);
    for (let cut = 0; cut < full.length; cut++) {
      expect(() => checkUpdate(full.subarray(0, cut)), `cut at ${cut}`).toThrow(InvalidUpdate);
    }
    expect(() => checkUpdate(new Uint8Array([...full, 0]))).toThrow(/trailing/);
    // Item with content ref 15 (no such content type).
    expect(() => checkUpdate(new Uint8Array([1, 1, 5, 0, 15 | 0, 0, 0]))).toThrow(InvalidUpdate);
    // ContentAny nested 100 arrays deep.
    const deep = new Uint8Array([1, 1, 7, 0, 8, 1, 1, 109, 1, ...Array(100).fill([117, 1]).flat(), 126, 0]);
    expect(() => checkUpdate(deep)).toThrow(/nested|unexpected/);
  });

  it('never throws anything but InvalidUpdate and stays linear on random bytes', () => {
    const times: number[] = [];
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        const t = performance.now();
        try {
          checkUpdate(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidUpdate);
        }
        times.push(performance.now() - t);
      }),
      { numRuns: 3000 },
    );
    // A hang would take seconds; the median sample takes microseconds. (Single samples can be
    // slow when other test files load the 2 cores, so the bound is on the median and the sum.)
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length / 2)]!).toBeLessThan(1);
    expect(times.reduce((a, b) => a + b, 0)).toBeLessThan(3000);
  });

  it('whatever it accepts, Yjs applies without throwing or hanging', () => {
    const base = new Y.Doc();
    base.getMap('m').set('a', 1);
    base.getText('t').insert(0, 'abc');
    const full = Y.encodeStateAsUpdate(base);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(full.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
        (muts) => {
          const bytes = full.slice();
          for (const [i, v] of muts) bytes[i] = v;
          let ok = true;
          try {
            checkUpdate(bytes);
          } catch {
            ok = false;
          }
          if (!ok) return;
          const d = new Y.Doc();
          const t = performance.now();
          try {
            Y.applyUpdate(d, bytes);
          } catch {
            // Yjs may still refuse semantically odd content; the server catches this and closes
            // the connection. What matters is that it returns quickly.
          }
          expect(performance.now() - t).toBeLessThan(500);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('bounds nesting of every structured content kind, in linear time and constant stack', () => {
    for (const kind of ['json', 'embed', 'format', 'any', 'doc'] as ContentKind[]) {
      checkUpdate(buildUpdate({ client: 1, structs: [{ kind, depth: MAX_DEPTH - 1, key: 'k' }] }));
      for (const depth of [MAX_DEPTH + 2, 10_000, 200_000]) {
        const u = buildUpdate({ client: 1, structs: [{ kind, depth, key: 'k' }] });
        const t = performance.now();
        expect(() => checkUpdate(u), `${kind} ${depth}`).toThrow(/nested too deeply/);
        // Linear: a hang or a quadratic walk would take far longer (bound loose for loaded CI).
        expect(performance.now() - t).toBeLessThan(3000);
      }
    }
    expect(jsonDepth('[{"a":"[[[[["}]')).toBe(2);
    expect(jsonDepth('"\\\\"[')).toBe(1);
  });

  it('neutralises deep content in stored updates to deleted content of the same length', () => {
    for (const kind of ['json', 'embed', 'format', 'any', 'doc'] as ContentKind[]) {
      const u = buildUpdate({
        client: 9,
        structs: [
          { kind: 'any', key: 'before' },
          { kind, depth: 10_000, key: 'bad' },
          { kind: 'any', key: 'after' },
        ],
      });
      const n = neutraliseUpdate(u);
      expect(n.neutralised).toBe(1);
      checkUpdate(n.update);
      const d = new Y.Doc();
      d.on('update', () => {});
      Y.applyUpdate(d, n.update);
      expect(Y.encodeStateAsUpdate(d).length).toBeGreaterThan(0);
      expect(d.getMap('m').has('before') && d.getMap('m').has('after')).toBe(true);
      expect(d.getMap('m').has('bad')).toBe(false);
      expect(Y.getState(d.store, 9)).toBe(3);
    }
  });

  it('refuses updates over the struct and delete-range limits with UpdateTooCostly', () => {
    const many = buildUpdate({
      client: 1,
      structs: Array.from({ length: 50 }, () => ({ kind: 'gc' as const })),
    });
    expect(() => checkUpdate(many, { maxStructs: 49 })).toThrow(UpdateTooCostly);
    checkUpdate(many, { maxStructs: 50 });
    const ds = buildUpdate({ client: 1, deletes: { client: 2, ranges: 1000 } });
    expect(() => checkUpdate(ds, { maxDeleteRanges: 999 })).toThrow(UpdateTooCostly);
    expect(checkUpdate(ds, { maxDeleteRanges: 1000 }).deletes).toBe(1000);
    // Ranges may also cover the structs of the update itself.
    const both = buildUpdate({
      client: 1,
      structs: Array.from({ length: 10 }, () => ({ kind: 'gc' as const })),
      deletes: { client: 1, ranges: 15 },
    });
    checkUpdate(both, { maxDeleteRanges: 5 });
    expect(() => checkUpdate(both, { maxDeleteRanges: 4 })).toThrow(UpdateTooCostly);
  });
});

/** Every node kind of the model, grouped by category, searchable, dragged onto the canvas. */
import { type Category, NODE_KINDS } from '@stratus/model';
import { useMemo, useState } from 'react';
import { iconUrl } from '../icons.ts';
import { DRAG_MIME } from './Canvas.tsx';

const CATEGORY_TITLES: Record<Category, string> = {
  network: 'Networking',
  compute: 'Compute',
  database: 'Databases',
  messaging: 'Messaging',
  edge: 'Edge & storage',
  actor: 'Actors',
  whiteboard: 'Whiteboard',
};

const WHITEBOARD_GLYPHS: Record<string, string> = { text: 'T', sticky: '▤', frame: '▭' };

export function Palette({ onAdd }: { onAdd: (kind: string) => void }) {
  const [q, setQ] = useState('');
  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const out = new Map<Category, (typeof NODE_KINDS)[number][]>();
    for (const k of NODE_KINDS) {
      if (
        needle &&
        !`${k.title} ${k.kind} ${k.description} ${CATEGORY_TITLES[k.category]}`.toLowerCase().includes(needle)
      )
        continue;
      let list = out.get(k.category);
      if (!list) out.set(k.category, (list = []));
      list.push(k);
    }
    return [...out.entries()];
  }, [q]);
  return (
    <aside className="palette" aria-label="Palette">
      <div className="panel-search">
        <input
          type="search"
          placeholder="Search resources…"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          aria-label="Search the palette"
        />
      </div>
      <div className="palette-scroll">
        {groups.length === 0 ? <p className="muted pad">Nothing matches “{q}”.</p> : null}
        {groups.map(([cat, kinds]) => (
          <section key={cat} className="palette-group">
            <h3>{CATEGORY_TITLES[cat]}</h3>
            <div className="palette-grid">
              {kinds.map((k) => {
                const icon = iconUrl(k.icon);
                return (
                  <button
                    type="button"
                    key={k.kind}
                    className="palette-item"
                    draggable
                    data-kind={k.kind}
                    title={`${k.title}: ${k.description}\nDrag onto the canvas (or click to add in the centre).`}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_MIME, k.kind);
                      e.dataTransfer.effectAllowed = 'copy';
                    }}
                    onClick={() => onAdd(k.kind)}
                  >
                    {icon ? (
                      <img src={icon} alt="" draggable={false} />
                    ) : (
                      <span className={`glyph glyph-${k.kind}`}>{WHITEBOARD_GLYPHS[k.kind] ?? '□'}</span>
                    )}
                    <span>{k.title}</span>
                  </button>
                );
              })}
            </div>
          </section>
        ))}
      </div>
    </aside>
  );
}

/** Who this browser is on a board: a display name and a colour, kept in localStorage. */
const COLORS = ['#e11d48', '#2563eb', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#db2777', '#4f46e5'];
const ANIMALS = ['Otter', 'Falcon', 'Lynx', 'Heron', 'Badger', 'Orca', 'Koala', 'Panda', 'Ibex', 'Gecko'];

export interface Identity {
  name: string;
  color: string;
}

function pick<T>(list: readonly T[]): T {
  return list[Math.floor(Math.random() * list.length)]!;
}

export function loadIdentity(): Identity {
  try {
    const raw = localStorage.getItem('stratus.identity');
    if (raw) {
      const v = JSON.parse(raw) as Identity;
      if (typeof v.name === 'string' && typeof v.color === 'string') return v;
    }
  } catch {
    // fall through to a fresh identity
  }
  const id = {
    name: `${pick(['Swift', 'Calm', 'Bright', 'Bold', 'Keen'])} ${pick(ANIMALS)}`,
    color: pick(COLORS),
  };
  saveIdentity(id);
  return id;
}

export function saveIdentity(id: Identity) {
  try {
    localStorage.setItem('stratus.identity', JSON.stringify(id));
  } catch {
    // private mode: the identity lasts for this page only
  }
}

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');

// units.js - the units a case may go to: those of its village, township and
// county (the API shows an ancestor's own units), the ones that take the
// case's category first, then the nearest level.
import { api } from '../../api.js';

const cache = new Map();

async function unitsAt(org) {
  if (!cache.has(org)) {
    cache.set(org, api.get('/units', { query: { org }, quiet: true })
      .then((r) => r.items.filter((u) => u.active))
      .catch(() => { cache.delete(org); return []; }));
  }
  return cache.get(org);
}

// The org codes above a case's place: grid (15) → village (12) → township
// (9) → county (6).
export function placeChain(org) {
  const out = [];
  for (const n of [15, 12, 9, 6]) if (org && org.length >= n) out.push(org.slice(0, n));
  return [...new Set(out)];
}

export async function candidateUnits(c) {
  const lists = await Promise.all(placeChain(c.org).map(unitsAt));
  const seen = new Set();
  const all = [];
  lists.forEach((list, depth) => {
    for (const u of list) {
      if (seen.has(u.id)) continue;
      seen.add(u.id);
      all.push({ ...u, depth, suggested: (u.categories || []).includes(c.category) });
    }
  });
  all.sort((a, b) => (b.suggested - a.suggested) || (a.depth - b.depth) || (a.id - b.id));
  return all;
}

export function clearUnitCache() { cache.clear(); }

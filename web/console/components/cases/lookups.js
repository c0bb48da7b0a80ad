// lookups.js - names for the codes a case summary carries (category, org,
// unit), fetched once and shared by the lists.
import { reactive } from 'vue';
import { api } from '../../api.js';

export const names = reactive({ categories: {}, flows: {}, orgs: {}, units: {} });
let catsLoaded = null;

export function loadCategories() {
  if (!catsLoaded) {
    catsLoaded = api.get('/categories', { quiet: true }).then((r) => {
      for (const c of r.items) {
        names.categories[c.code] = c.name;
        names.flows[c.code] = c.flow;
      }
      return r.items;
    }).catch(() => { catsLoaded = null; return []; });
  }
  return catsLoaded;
}

const orgAsked = new Set();
const unitAsked = new Set();

// Fills names.orgs and names.units for the rows' codes not seen yet.
export async function resolveNames(rows) {
  const orgs = [...new Set(rows.map((r) => r.org))].filter((o) => o && !orgAsked.has(o));
  const units = [...new Set(rows.map((r) => r.unit))].filter((u) => u && !unitAsked.has(u));
  orgs.forEach((o) => orgAsked.add(o));
  units.forEach((u) => unitAsked.add(u));
  await Promise.all([
    ...orgs.map((o) => api.get(`/orgs/${encodeURIComponent(o)}`, { quiet: true })
      .then((r) => { names.orgs[o] = r.name; }).catch(() => {})),
    ...units.map((u) => api.get(`/units/${u}`, { quiet: true })
      .then((r) => { names.units[u] = r.name; }).catch(() => {})),
  ]);
}

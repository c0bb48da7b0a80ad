// units.js - the units a case may go to, as the server ranks them
// (GET /cases/{id}/unit-suggestions: the routing table and each unit's
// categories, nearest level first, with the reason for each). The
// console keeps no ranking rule of its own.
import { api } from '../../api.js';

// c: a case ({id, category}); category: a planned classification that
// differs from the case's own (一键派单 of an untriaged case).
export async function candidateUnits(c, category) {
  const query = category && category !== c.category ? { category } : {};
  try {
    const r = await api.get(`/cases/${c.id}/unit-suggestions`, { query, quiet: true });
    return r.items.map((u) => ({ ...u, id: u.unit_id }));
  } catch {
    return [];
  }
}

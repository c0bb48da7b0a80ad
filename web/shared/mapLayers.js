// mapLayers.js - what every map of fengqiao starts from: the settings of
// GET /api/v1/public/map-settings (an optional tile layer, the 审图号) and
// the deployment's boundaries bundled with the web UI (GeoJSON in WGS-84,
// scripts/geo.js). Nothing is fetched from outside this server unless an
// admin configured a tile layer.

export async function loadMapBase(api) {
  const settings = await api.get('/public/map-settings', { quiet: true }).catch(() => ({}));
  let boundaries = { type: 'FeatureCollection', features: [] };
  try {
    const r = await fetch(settings.boundaries || '/geo/boundaries.json', { credentials: 'same-origin' });
    if (r.ok) boundaries = await r.json();
  } catch {
    // no boundaries: the maps show the points alone
  }
  return { settings, boundaries };
}

// The box [[south, west], [north, east]] of a FeatureCollection, or null.
export function boundsOf(fc) {
  let s = 90, w = 180, n = -90, e = -180, any = false;
  const walk = (c) => {
    if (typeof c[0] === 'number') {
      any = true;
      w = Math.min(w, c[0]); e = Math.max(e, c[0]); s = Math.min(s, c[1]); n = Math.max(n, c[1]);
    } else c.forEach(walk);
  };
  for (const f of fc.features || []) if (f.geometry) walk(f.geometry.coordinates);
  return any ? [[s, w], [n, e]] : null;
}

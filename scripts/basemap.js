// Writes the map's offline basemap from Natural Earth (npm world-atlas, 1:50m): land around
// Ukraine, and the borders between countries, as GeoJSON rounded to about 100 m. Run by
// scripts/vendor-static with the countries and land files as arguments.
//
// Natural Earth's default edition draws a border across the Crimean isthmus, assigning Crimea to
// Russia. The map must not take a side, so border segments between Russia and Ukraine south of
// 46.3° N are left out: Crimea is drawn as land with no border either way.
"use strict";
const fs = require("fs");
const { feature, mesh } = require("topojson-client");

const [countriesFile, landFile, target] = process.argv.slice(2);
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

const collection = {
  type: "FeatureCollection",
  features: [
    { type: "Feature", properties: { layer: "land" }, geometry: { type: "MultiPolygon", coordinates: round(polygons) } },
    { type: "Feature", properties: { layer: "borders" }, geometry: { type: "MultiLineString", coordinates: round(lines) } },
  ],
};
fs.writeFileSync(target, JSON.stringify(collection));
console.log(`basemap: ${polygons.length} land polygons, ${lines.length} border lines, ${fs.statSync(target).size} bytes`);

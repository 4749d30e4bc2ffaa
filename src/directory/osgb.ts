import type { Point } from './geo-data.js';

/**
 * OSGB36 National Grid easting/northing → WGS84 latitude/longitude: inverse transverse Mercator on the
 * Airy 1830 ellipsoid, then a 7-parameter Helmert shift to WGS84 (OS "A guide to coordinate systems in
 * Great Britain", annexes C and E). Accurate to a few metres, like the published sample (no OSTN15 grid).
 */
export function osgbToWgs84(easting: number, northing: number): Point {
  const { lat, lon } = gridToAiry(easting, northing);
  const [x, y, z] = toCartesian(lat, lon, AIRY);
  const [x2, y2, z2] = helmertToWgs84(x, y, z);
  const wgs = fromCartesian(x2, y2, z2, WGS84);
  return { latitude: wgs.lat / RAD, longitude: wgs.lon / RAD };
}

const RAD = Math.PI / 180;
const AIRY = { a: 6377563.396, b: 6356256.909 };
const WGS84 = { a: 6378137, b: 6356752.314245 };
/** National Grid true origin and scale. */
const F0 = 0.9996012717;
const LAT0 = 49 * RAD;
const LON0 = -2 * RAD;
const N0 = -100000;
const E0 = 400000;

function gridToAiry(E: number, N: number): { lat: number; lon: number } {
  const { a, b } = AIRY;
  const e2 = 1 - (b * b) / (a * a);
  const n = (a - b) / (a + b);
  const n2 = n * n;
  const n3 = n2 * n;
  let lat = LAT0;
  let M = 0;
  do {
    lat = (N - N0 - M) / (a * F0) + lat;
    const dl = lat - LAT0;
    const sl = lat + LAT0;
    M =
      b *
      F0 *
      ((1 + n + (5 / 4) * n2 + (5 / 4) * n3) * dl -
        (3 * n + 3 * n2 + (21 / 8) * n3) * Math.sin(dl) * Math.cos(sl) +
        ((15 / 8) * n2 + (15 / 8) * n3) * Math.sin(2 * dl) * Math.cos(2 * sl) -
        (35 / 24) * n3 * Math.sin(3 * dl) * Math.cos(3 * sl));
  } while (Math.abs(N - N0 - M) >= 0.00001);

  const sin = Math.sin(lat);
  const cos = Math.cos(lat);
  const nu = (a * F0) / Math.sqrt(1 - e2 * sin * sin);
  const rho = (a * F0 * (1 - e2)) / Math.pow(1 - e2 * sin * sin, 1.5);
  const eta2 = nu / rho - 1;
  const tan = Math.tan(lat);
  const tan2 = tan * tan;
  const tan4 = tan2 * tan2;
  const tan6 = tan4 * tan2;
  const sec = 1 / cos;
  const VII = tan / (2 * rho * nu);
  const VIII = (tan / (24 * rho * nu ** 3)) * (5 + 3 * tan2 + eta2 - 9 * tan2 * eta2);
  const IX = (tan / (720 * rho * nu ** 5)) * (61 + 90 * tan2 + 45 * tan4);
  const X = sec / nu;
  const XI = (sec / (6 * nu ** 3)) * (nu / rho + 2 * tan2);
  const XII = (sec / (120 * nu ** 5)) * (5 + 28 * tan2 + 24 * tan4);
  const XIIA = (sec / (5040 * nu ** 7)) * (61 + 662 * tan2 + 1320 * tan4 + 720 * tan6);
  const dE = E - E0;
  return {
    lat: lat - VII * dE ** 2 + VIII * dE ** 4 - IX * dE ** 6,
    lon: LON0 + X * dE - XI * dE ** 3 + XII * dE ** 5 - XIIA * dE ** 7,
  };
}

function toCartesian(lat: number, lon: number, { a, b }: { a: number; b: number }): [number, number, number] {
  const e2 = 1 - (b * b) / (a * a);
  const nu = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  return [nu * Math.cos(lat) * Math.cos(lon), nu * Math.cos(lat) * Math.sin(lon), (1 - e2) * nu * Math.sin(lat)];
}

/** OSGB36 → WGS84 (the published WGS84 → OSGB36 parameters with signs reversed). */
function helmertToWgs84(x: number, y: number, z: number): [number, number, number] {
  const tx = 446.448;
  const ty = -125.157;
  const tz = 542.06;
  const s = -20.4894e-6;
  const rx = (0.1502 / 3600) * RAD;
  const ry = (0.247 / 3600) * RAD;
  const rz = (0.8421 / 3600) * RAD;
  return [
    tx + (1 + s) * x - rz * y + ry * z,
    ty + rz * x + (1 + s) * y - rx * z,
    tz - ry * x + rx * y + (1 + s) * z,
  ];
}

function fromCartesian(x: number, y: number, z: number, { a, b }: { a: number; b: number }): { lat: number; lon: number } {
  const e2 = 1 - (b * b) / (a * a);
  const p = Math.sqrt(x * x + y * y);
  let lat = Math.atan2(z, p * (1 - e2));
  for (let i = 0; i < 10; i++) {
    const nu = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    const next = Math.atan2(z + e2 * nu * Math.sin(lat), p);
    if (Math.abs(next - lat) < 1e-12) {
      lat = next;
      break;
    }
    lat = next;
  }
  return { lat, lon: Math.atan2(y, x) };
}

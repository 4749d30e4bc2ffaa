import type { GeoData } from './geo-data.js';
import type { Candidate } from './import-issue.js';
import { parsePostcode, postcodeKey } from './postcode.js';

/**
 * Venues that give a postcode but no coordinates get them from the offline postcode data: the unit's own point,
 * or else its district's centre, marked approximate so residents see "about 2 miles".
 */
export function placeVenuesByPostcode(candidates: Candidate[], geo: GeoData): void {
  for (const candidate of candidates) {
    if (!('input' in candidate)) continue;
    for (const location of candidate.input.locations ?? []) {
      if (location.mode !== 'in_person' || location.latitude !== undefined || !location.postcode) continue;
      const postcode = parsePostcode(location.postcode);
      if (!postcode) continue;
      const unit = postcode.kind === 'unit' ? geo.units.get(postcodeKey(postcode.formatted)) : undefined;
      const point = unit ?? geo.districts.get(postcode.outcode);
      if (!point) {
        candidate.notes.push({ field: 'location.postcode', value: location.postcode, reason: 'postcode not in the offline postcode data', fix: 'check the postcode, or add your area with npm run postcodes:import', outcome: 'info' });
        continue;
      }
      location.latitude = point.latitude;
      location.longitude = point.longitude;
      if (!unit) {
        location.approximate = true;
        candidate.notes.push({ field: 'location.postcode', value: location.postcode, reason: 'venue placed at its postcode district (distances shown as approximate)', fix: 'add your area with npm run postcodes:import', outcome: 'info' });
      }
    }
  }
}

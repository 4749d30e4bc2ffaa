import type { TextParser } from '../conversation/engine.js';
import type { Geocode } from '../directory/geocode.js';

/** Reads "S65 1DA", "s65", "Maltby" or "don't know" for the activities flow, with a kind word when it can't. */
export function createPlaceParser(geocode: Geocode): TextParser {
  return async ({ text }) => {
    const result = await geocode(text);
    switch (result.status) {
      case 'found':
        // A full postcode is never kept: only its district ("S60"), and the point rounded to about a kilometre.
        return {
          status: 'ok',
          value: result.precision === 'postcode' ? districtOf(result.label) : result.label,
          extra: { lat: round(result.lat), lon: round(result.lon), precision: result.precision === 'postcode' ? 'district' : result.precision },
        };
      case 'not_in_gb':
        // Online and phone activities still work; say why there is nothing local.
        return { status: 'ok', value: 'remote', say: { key: `activities.flow.not_in_gb.${result.region}` } };
      case 'ask_town':
        return { status: 'invalid', say: { key: 'activities.flow.pick_town', params: { towns: result.towns.join(', ') } } };
      case 'unknown_postcode':
        return { status: 'invalid', say: { key: 'activities.flow.postcode_unknown' } };
      case 'unknown_place':
        return { status: 'invalid', say: { key: 'activities.flow.place_unknown' } };
    }
  };
}

/** About a kilometre (0.01°): enough to rank activities by distance, too coarse to point at a street. */
function round(degrees: number): number {
  return Math.round(degrees * 100) / 100;
}

/** "S60 1AE" -> "S60": the outward code of a formatted unit postcode. */
function districtOf(postcode: string): string {
  return postcode.split(' ')[0]!;
}

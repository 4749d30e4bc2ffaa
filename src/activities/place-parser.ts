import type { TextParser } from '../conversation/engine.js';
import type { Geocode } from '../directory/geocode.js';

/** Reads "S65 1DA", "s65", "Maltby" or "don't know" for the activities flow, with a kind word when it can't. */
export function createPlaceParser(geocode: Geocode): TextParser {
  return async ({ text }) => {
    const result = await geocode(text);
    switch (result.status) {
      case 'found':
        return { status: 'ok', value: result.label, extra: { lat: round(result.lat), lon: round(result.lon), precision: result.precision } };
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

/** About 10 metres: precise enough to rank activities, and no more exact than a postcode needs to be kept. */
function round(degrees: number): number {
  return Math.round(degrees * 10_000) / 10_000;
}

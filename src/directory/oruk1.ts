import { z } from 'zod';
import { isText, list, optionalNumber, optionalText, recordId } from './feed-fields.js';
import type { OrukService } from './oruk-service.js';
import { costsAndPhonesFromFeed, feedContactFields, feedScheduleFields, scheduleFromFeed } from './oruk-shared-fields.js';
import { weekdayFromNumber } from './schedule-fields.js';

const taxonomyLinkSchema = z.looseObject({
  taxonomy: z.looseObject({ id: optionalText, name: optionalText, vocabulary: optionalText }).nullish(),
});
const eligibilitySchema = z.looseObject({ eligibility: optionalText, minimum_age: optionalNumber, maximum_age: optionalNumber });

/** ORUK 1.0 service detail record. Real feeds spell the lists both ways ("eligibilitys" and "eligibilities"). */
export const oruk1ServiceSchema = z.looseObject({
  id: recordId,
  name: optionalText,
  description: optionalText,
  url: optionalText,
  email: optionalText,
  status: optionalText,
  fees: optionalText,
  assured_date: optionalText,
  attending_type: optionalText,
  organization: z.looseObject({ name: optionalText }).nullish(),
  pc_targetAudience: list(z.looseObject({ audienceType: optionalText })),
  service_taxonomys: list(taxonomyLinkSchema),
  service_taxonomies: list(taxonomyLinkSchema),
  eligibilitys: list(eligibilitySchema),
  eligibilities: list(eligibilitySchema),
  service_at_locations: list(
    z.looseObject({
      location: z
        .looseObject({
          name: optionalText,
          latitude: optionalNumber,
          longitude: optionalNumber,
          physical_addresses: list(
            z.looseObject({ address_1: optionalText, city: optionalText, postal_code: optionalText }),
          ),
          accessibility_for_disabilities: list(z.looseObject({ accessibility: optionalText })),
        })
        .nullish(),
    }),
  ),
  service_areas: list(z.looseObject({ service_area: optionalText })),
  regular_schedules: list(z.looseObject({ weekday: optionalNumber, ...feedScheduleFields })),
  ...feedContactFields,
});
export type Oruk1Service = z.infer<typeof oruk1ServiceSchema>;

export function readOruk1Service(s: Oruk1Service): OrukService {
  const eligibilities = [...s.eligibilitys, ...s.eligibilities];
  const minAges = eligibilities.map((e) => e.minimum_age).filter((n) => n !== undefined);
  const maxAges = eligibilities.map((e) => e.maximum_age).filter((n) => n !== undefined);
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    organisation: s.organization?.name,
    status: s.status,
    url: s.url,
    email: s.email,
    fees: s.fees,
    reviewed: s.assured_date,
    // Several eligibility rows widen who may come, so take the loosest bounds.
    minAge: minAges.length ? Math.min(...minAges) : undefined,
    maxAge: maxAges.length ? Math.max(...maxAges) : undefined,
    eligibility: eligibilities.map((e) => e.eligibility).filter(isText).join('; ') || undefined,
    attendingType: s.attending_type,
    terms: [...s.service_taxonomys, ...s.service_taxonomies].flatMap(({ taxonomy: t }) => (t ? [[t.name, t.id].filter(isText)] : [])),
    targetAudiences: s.pc_targetAudience.map((a) => a.audienceType).filter(isText),
    locations: s.service_at_locations.flatMap(({ location: l }) => {
      if (!l) return [];
      const a = l.physical_addresses[0];
      return [
        {
          virtual: false,
          name: l.name,
          latitude: l.latitude,
          longitude: l.longitude,
          address: a?.address_1,
          city: a?.city,
          postcode: a?.postal_code,
          accessibility: l.accessibility_for_disabilities.map((x) => x.accessibility).filter(isText),
        },
      ];
    }),
    areas: s.service_areas.map((a) => a.service_area).filter(isText),
    schedules: s.regular_schedules.map((x) => ({
      ...scheduleFromFeed(x),
      weekday: x.weekday === undefined ? undefined : weekdayFromNumber(x.weekday),
    })),
    ...costsAndPhonesFromFeed(s),
  };
}

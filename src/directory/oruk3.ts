import { z } from 'zod';
import { isText, list, optionalNumber, optionalText, recordId } from './feed-fields.js';
import type { OrukService } from './oruk-service.js';
import { costsAndPhonesFromFeed, feedContactFields, feedScheduleFields, scheduleFromFeed } from './oruk-shared-fields.js';

const taxonomyTermSchema = z.looseObject({ id: optionalText, name: optionalText, term: optionalText, code: optionalText });

const addressSchema = z.looseObject({
  address_1: optionalText,
  address_2: optionalText,
  city: optionalText,
  postal_code: optionalText,
});

const locationSchema = z.looseObject({
  location_type: optionalText,
  name: optionalText,
  latitude: optionalNumber,
  longitude: optionalNumber,
  addresses: list(addressSchema),
  accessibility: list(z.looseObject({ description: optionalText, accessibility: optionalText })),
});

/** ORUK 3.0 service (full record or list item; list items simply lack the nested arrays). */
export const oruk3ServiceSchema = z.looseObject({
  id: recordId,
  name: optionalText,
  description: optionalText,
  url: optionalText,
  email: optionalText,
  status: optionalText,
  fees: optionalText,
  fees_description: optionalText,
  eligibility_description: optionalText,
  minimum_age: optionalNumber,
  maximum_age: optionalNumber,
  assured_date: optionalText,
  last_modified: optionalText,
  organization: z.looseObject({ name: optionalText }).nullish(),
  attributes: list(z.looseObject({ taxonomy_term: taxonomyTermSchema.nullish() })),
  service_at_locations: list(z.looseObject({ location: locationSchema.nullish() })),
  service_areas: list(z.looseObject({ name: optionalText, service_area: optionalText })),
  schedules: list(z.looseObject({ ...feedScheduleFields, attending_type: optionalText })),
  ...feedContactFields,
});
export type Oruk3Service = z.infer<typeof oruk3ServiceSchema>;

export function readOruk3Service(s: Oruk3Service): OrukService {
  return {
    id: s.id,
    name: s.name,
    description: s.description,
    organisation: s.organization?.name,
    status: s.status,
    url: s.url,
    email: s.email,
    fees: s.fees_description ?? s.fees,
    reviewed: s.assured_date ?? s.last_modified,
    minAge: s.minimum_age,
    maxAge: s.maximum_age,
    eligibility: s.eligibility_description,
    attendingType: s.schedules.map((x) => x.attending_type ?? '').join(' ') || undefined,
    terms: s.attributes.flatMap(({ taxonomy_term: t }) => (t ? [[t.name, t.term, t.code, t.id].filter(isText)] : [])),
    targetAudiences: [],
    locations: s.service_at_locations.flatMap(({ location: l }) => {
      if (!l) return [];
      const a = l.addresses[0];
      return [
        {
          virtual: l.location_type === 'virtual',
          name: l.name,
          latitude: l.latitude,
          longitude: l.longitude,
          address: [a?.address_1, a?.address_2].filter(isText).join(', ') || undefined,
          city: a?.city,
          postcode: a?.postal_code,
          accessibility: l.accessibility.map((x) => x.description ?? x.accessibility).filter(isText),
        },
      ];
    }),
    areas: s.service_areas.map((a) => a.name ?? a.service_area).filter(isText),
    schedules: s.schedules.map(scheduleFromFeed),
    ...costsAndPhonesFromFeed(s),
  };
}

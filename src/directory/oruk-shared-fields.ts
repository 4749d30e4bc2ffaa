import { z } from 'zod';
import { isText, list, optionalNumber, optionalText } from './feed-fields.js';
import type { OrukService } from './oruk-service.js';

// The parts of a service that ORUK 1 and ORUK 3 spell alike: read and mapped here once for both versions.

export const feedScheduleFields = {
  byday: optionalText,
  opens_at: optionalText,
  closes_at: optionalText,
  freq: optionalText,
  interval: optionalNumber,
  description: optionalText,
  valid_from: optionalText,
  valid_to: optionalText,
};
type FeedSchedule = z.infer<z.ZodObject<typeof feedScheduleFields>>;

const phoneList = list(z.looseObject({ number: optionalText }));
export const feedContactFields = {
  cost_options: list(z.looseObject({ option: optionalText, amount: optionalNumber, amount_description: optionalText })),
  phones: phoneList,
  contacts: list(z.looseObject({ phones: phoneList })),
};
type FeedContact = z.infer<z.ZodObject<typeof feedContactFields>>;

export function scheduleFromFeed(x: FeedSchedule): OrukService['schedules'][number] {
  return {
    byday: x.byday,
    opensAt: x.opens_at,
    closesAt: x.closes_at,
    freq: x.freq,
    interval: x.interval,
    description: x.description,
    validFrom: x.valid_from,
    validTo: x.valid_to,
  };
}

export function costsAndPhonesFromFeed(s: FeedContact): Pick<OrukService, 'costs' | 'phones'> {
  return {
    costs: s.cost_options.map((c) => ({ option: c.option, amount: c.amount, description: c.amount_description })),
    phones: [...s.phones, ...s.contacts.flatMap((c) => c.phones)].map((p) => p.number).filter(isText),
  };
}

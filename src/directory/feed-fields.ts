import { z } from 'zod';

/** Feeds send null, "", numbers as strings; read them all as "maybe". */
export const optionalText = z.preprocess(
  (v) => (v === null || v === '' ? undefined : typeof v === 'number' ? String(v) : v),
  z.string().optional(),
);
export const optionalNumber = z.preprocess(
  (v) => (v === null || v === '' ? undefined : typeof v === 'string' ? Number(v) : v),
  z.number().optional(),
);
export const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === null || v === undefined ? [] : v), z.array(item));
/** Record ids may be numbers in some feeds. */
export const recordId = z.union([z.string().trim().min(1), z.number().transform(String)], {
  error: 'every service needs an id',
});

export function isText(v: string | undefined): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

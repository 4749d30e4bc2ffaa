/** A postcode as residents type it, once spaces and case are out of the way. */
export type ParsedPostcode =
  | { kind: 'unit'; outcode: string; area: string; formatted: string }
  | { kind: 'district'; outcode: string; area: string; formatted: string };

const UNIT = /^([A-Z]{1,2}\d[A-Z\d]?)(\d[A-Z]{2})$/;
const DISTRICT = /^([A-Z]{1,2}\d[A-Z\d]?)$/;

/** "  s65   1da " → S65 1DA; "s65" → district S65; anything else → undefined. */
export function parsePostcode(input: string): ParsedPostcode | undefined {
  const compact = input.toUpperCase().replace(/[\s-]+/g, '');
  const unit = compact.match(UNIT);
  if (unit) {
    const outcode = unit[1]!;
    return { kind: 'unit', outcode, area: areaOf(outcode), formatted: `${outcode} ${unit[2]}` };
  }
  const district = compact.match(DISTRICT);
  if (district) return { kind: 'district', outcode: compact, area: areaOf(compact), formatted: compact };
  return undefined;
}

/** Key used in the lookup maps: upper case, no spaces. */
export function postcodeKey(postcode: string): string {
  return postcode.toUpperCase().replace(/\s+/g, '');
}

function areaOf(outcode: string): string {
  return outcode.match(/^[A-Z]+/)![0];
}

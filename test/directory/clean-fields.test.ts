import { describe, expect, it } from 'vitest';
import { cleanAge, cleanEmail, cleanPhone, cleanText, cleanUrl, findLabelledPhone } from '../../src/directory/clean-fields.js';

describe('cleaning one field at a time', () => {
  it.each([
    ['www.scunthorpebowlsclub.com', 'https://www.scunthorpebowlsclub.com'],
    ['northlincs.gov.uk/libraries', 'https://northlincs.gov.uk/libraries'],
    ['http:www.example.org', 'http://www.example.org'],
    ['HTTPS://e-voice.org/choral/', 'https://e-voice.org/choral/'],
    ['linktr.ee/scunnylgbtq', 'https://linktr.ee/scunnylgbtq'],
  ])('should complete the web address %j', (raw, value) => {
    expect(cleanUrl('url', raw)).toMatchObject({ value, notes: [{ reason: 'web address completed', outcome: 'fixed' }] });
  });

  it.each(['see our facebook page', 'N/A', 'www'])('should leave out %j, which is not a web address', (raw) => {
    expect(cleanUrl('url', raw)).toEqual({ notes: [expect.objectContaining({ reason: 'not a web address', outcome: 'dropped' })] });
  });

  it.each([
    ['info@example.org\u00a0', 'info@example.org'],
    ['\u200binfo@r-evolution.org.uk', 'info@r-evolution.org.uk'],
    ['mailto:hello@example.org', 'hello@example.org'],
    ['young.voice@northlincs.gov.uk.', 'young.voice@northlincs.gov.uk'],
    ['a@example.org; b@example.org', 'a@example.org'],
  ])('should tidy the e-mail %j', (raw, value) => {
    expect(cleanEmail('email', raw).value).toBe(value);
  });

  it.each([
    ['Tel: 01724 296808', '01724 296808'],
    ['Call 0800 123 4567 (free)', '0800 123 4567'],
    ['01652 650585 / 07700 900123', '01652 650585'],
    ['+44 (0)1724 296808', '+44 1724 296808'],
  ])('should read the phone number in %j', (raw, value) => {
    expect(cleanPhone('phone', raw).value).toBe(value);
  });

  it('should find a labelled number or tel: link in a description', () => {
    expect(findLabelledPhone('<p>Booking is essential, please call 01652 650585.</p>')).toBe('01652 650585');
    expect(findLabelledPhone('<a href="tel:01724%20296808">Ring us</a>')).toBe('01724 296808');
    expect(findLabelledPhone('<p>Founded in 1919, 35 members.</p>')).toBeUndefined();
  });

  it('should read -1 as no age limit and leave out what is not an age', () => {
    expect(cleanAge('minimum_age', -1)).toEqual({ notes: [] });
    expect(cleanAge('maximum_age', 18)).toEqual({ value: 18, notes: [] });
    expect(cleanAge('maximum_age', 999)).toMatchObject({ notes: [{ reason: 'not an age in years', outcome: 'dropped' }] });
  });

  it('should turn HTML into plain text, remove broken characters and report them, and tidy whitespace', () => {
    expect(cleanText('description', '<p>Tea &amp; cake</p><ul><li>Mondays</li><li>Fridays</li></ul>').value).toBe('Tea & cake\n- Mondays\n- Fridays');
    expect(cleanText('name', '  Caf\ufffd  Club\u00a0 ')).toEqual({
      value: 'Caf Club',
      notes: [expect.objectContaining({ field: 'name', reason: 'broken characters (�) removed', outcome: 'fixed' })],
    });
  });
});

import { describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load-content.js';
import { createTranslator } from '../../src/content/translate.js';
import { validateReportQuery } from '../../src/analytics/reports.js';
import { REPO_ROOT } from '../support/test-bot.js';

const t = createTranslator(loadContent(REPO_ROOT).catalog, 'en');
const context = { campaigns: ['law26', 'gp_poster'], today: new Date('2027-03-15T12:00:00Z'), t };
const check = (input: unknown) => validateReportQuery(input, context);
const message = (input: unknown) => {
  const result = check(input);
  return result.ok ? 'ok' : result.message;
};

describe('checking what an analyst asks for', () => {
  it('accepts a range with filters, treating empty form fields as "any"', () => {
    expect(check({ from: '2027-01-01', to: '2027-03-01', campaign: 'gp_poster', channel: 'sms', language: 'pl' })).toEqual({
      ok: true,
      query: { from: '2027-01-01', to: '2027-03-01', campaign: 'gp_poster', channel: 'sms', language: 'pl' },
    });
    expect(check({ from: '2027-01-01', to: '2027-03-01', campaign: '', channel: '' })).toEqual({ ok: true, query: { from: '2027-01-01', to: '2027-03-01' } });
  });

  it('answers each mistake with a calm sentence saying what to do', () => {
    expect(message({ from: '2027-03-01', to: '2027-01-01' })).toBe('The range ends (2027-01-01) before it starts (2027-03-01): swap the dates.');
    expect(message({ from: '2027-04-01', to: '2027-05-01' })).toBe('The range starts in the future (2027-04-01): nothing has been recorded yet.');
    expect(message({ from: '2017-01-01', to: '2027-01-01' })).toBe('A report covers at most 5 years: choose a shorter range.');
    expect(message({ from: '2027-01-01', to: '2027-02-01', campaign: 'summer' })).toBe('There is no campaign called "summer". Campaigns: law26, gp_poster.');
    expect(message({ from: '1 January', to: '2027-02-01' })).toBe('Dates are written as YYYY-MM-DD, for example 2027-01-31.');
    expect(message({ from: '2027-02-30', to: '2027-03-01' })).toBe('Dates are written as YYYY-MM-DD, for example 2027-01-31.');
    expect(message({ to: '2027-03-01' })).toBe('Dates are written as YYYY-MM-DD, for example 2027-01-31.');
    expect(message({ from: '2027-01-01', to: '2027-02-01', channel: 'fax' })).toBe('The channel is sms or whatsapp.');
    expect(message(null)).toBe('Dates are written as YYYY-MM-DD, for example 2027-01-31.');
  });

  it('stops a range that runs past today at today', () => {
    expect(check({ from: '2027-03-01', to: '2027-12-31' })).toEqual({ ok: true, query: { from: '2027-03-01', to: '2027-03-15' } });
  });
});

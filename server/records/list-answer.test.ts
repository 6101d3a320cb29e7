/**
 * The list-answer formats this service recognises, one parser each, and what it refuses to read:
 * a number comes only from a recognised format, never from a guess.
 */
import { describe, expect, it } from 'vitest';
import { describeShape, readListPage, UnrecognisedListError } from './list-answer.js';

const page = (...texts: string[]) => readListPage({ texts, structured: null });
const condition = (onset?: string) => ({ resourceType: 'Condition', id: 'c', code: { text: 'Secret diagnosis' }, ...(onset ? { onsetDateTime: onset } : {}) });
const lab = (day: string) => ({ resourceType: 'Observation', id: 'o', effectiveDateTime: `${day}T09:00:00Z` });
const MORE = (day: string) => `More data is available. Call again with beforeDate=${day} for older records.`;
const unrecognised = (...texts: string[]) => expect(() => page(...texts)).toThrow(UnrecognisedListError);

describe('json-array: the documented `[]` and a JSON array of FHIR resources', () => {
  it('reads `[]` as none', () => {
    expect(page('[]')).toEqual({ format: 'json-array', dates: [], total: null, more: null });
  });
  it("reads each resource's clinical date, undated ones as null, partial FHIR dates as their first day", () => {
    expect(page(JSON.stringify([lab('2025-01-02'), condition('2015-03'), condition(), { resourceType: 'MedicationRequest', id: 'm', authoredOn: '2016' }]))).toEqual({
      format: 'json-array',
      dates: ['2025-01-02', '2015-03-01', null, '2016-01-01'],
      total: null,
      more: null,
    });
  });
  it('reads the "more data" sentence as the next beforeDate', () => {
    expect(page(JSON.stringify([lab('2025-01-02')]), MORE('2025-01-02'))).toMatchObject({ dates: ['2025-01-02'], more: { beforeDate: '2025-01-02' } });
  });
  it('refuses elements that are not resources, an unknown extra block, and a date field holding no date', () => {
    unrecognised('[{"date":"2025-01-02"}]');
    unrecognised('[1,2,3]');
    unrecognised(JSON.stringify([lab('2025-01-02')]), 'More records exist; ask again.');
    unrecognised(JSON.stringify([lab('2025-01-02')]), MORE('2025-01-02'), MORE('2024-01-02'));
    unrecognised(JSON.stringify([{ resourceType: 'Observation', effectiveDateTime: 'last spring' }]));
  });
});

describe('json-object: {"records": […], "hasMore", "nextBeforeDate"}', () => {
  it('reads the records and the next date', () => {
    expect(page(JSON.stringify({ records: [lab('2025-01-02'), condition()], hasMore: true, nextBeforeDate: '2025-01-02' }))).toEqual({ format: 'json-object', dates: ['2025-01-02', null], total: null, more: { beforeDate: '2025-01-02' } });
    expect(page(JSON.stringify({ records: [], hasMore: false }))).toEqual({ format: 'json-object', dates: [], total: null, more: null });
  });
  it('says "more" without a date when none is given', () => {
    expect(page(JSON.stringify({ records: [lab('2025-01-02')], hasMore: true })).more).toEqual({ beforeDate: null });
  });
  it('does not take "the one array in an object": a single FHIR resource or another object is unrecognised', () => {
    unrecognised(JSON.stringify({ resourceType: 'Observation', id: 'o', category: [{ text: 'laboratory' }], effectiveDateTime: '2025-01-02' }));
    unrecognised(JSON.stringify({ results: [lab('2025-01-02')], has_more: true }));
    unrecognised(JSON.stringify({ records: [lab('2025-01-02')], hasMore: false, page: 1 }));
  });
});

describe('fhir-bundle: a FHIR R4 Bundle', () => {
  const bundle = (extra: Record<string, unknown>, entries: unknown[]) => JSON.stringify({ resourceType: 'Bundle', type: 'searchset', ...extra, entry: entries.map((resource) => ({ fullUrl: 'urn:x', resource })) });
  it('uses `total` when present', () => {
    expect(page(bundle({ total: 12 }, [lab('2025-01-02'), lab('2024-01-02')]))).toEqual({ format: 'fhir-bundle', dates: ['2025-01-02', '2024-01-02'], total: 12, more: null });
  });
  it('counts the entries otherwise, and a `next` link means more without a date', () => {
    const read = page(bundle({ link: [{ relation: 'self', url: 'a' }, { relation: 'next', url: 'b' }] }, [lab('2025-01-02'), condition()]));
    expect(read).toEqual({ format: 'fhir-bundle', dates: ['2025-01-02', null], total: null, more: { beforeDate: null } });
  });
  it('reads a Bundle with no entries', () => {
    expect(page(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', total: 0 }))).toMatchObject({ dates: [], total: 0 });
  });
  it('refuses a Bundle of another type or with entries that are not resources', () => {
    unrecognised(JSON.stringify({ resourceType: 'Bundle', type: 'transaction', entry: [] }));
    unrecognised(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', entry: [{ fullUrl: 'urn:x' }] }));
  });
});

describe('text-lines: "- YYYY-MM-DD label" lines', () => {
  it('reads dated and undated lines and the "more data" sentence', () => {
    expect(page(`- 2025-02-11 Hemoglobin A1c\n- undated Allergy to penicillin\n\n${MORE('2025-02-11')}`)).toEqual({ format: 'text-lines', dates: ['2025-02-11', null], total: null, more: { beforeDate: '2025-02-11' } });
    expect(page('No records found.')).toEqual({ format: 'text-lines', dates: [], total: null, more: null });
  });
  it('gives no number for a markdown list with nested detail bullets (not 4 records for 2)', () => {
    unrecognised('- 2025-02-11 Hemoglobin A1c\n  - Value: 5.6 %\n  - Reference range: 4.0–5.6\n- 2024-10-03 Creatinine\n  - Value: 0.82 mg/dL');
  });
  it('gives no number for other lists, prose, or a sentence after the notice', () => {
    unrecognised('* 2025-02-11 Hemoglobin A1c');
    unrecognised('1. Hemoglobin A1c (2025-02-11)');
    unrecognised('Here is a summary of your lab history over the years.');
    unrecognised(`- 2025-02-11 Hemoglobin A1c\n${MORE('2025-02-11')}\n- 2024-01-01 Glucose`);
  });
});

describe('anything else', () => {
  it('gives no number for one resource per block', () => {
    unrecognised(JSON.stringify(lab('2025-01-02')), JSON.stringify(lab('2024-01-02')), JSON.stringify(condition()));
  });
  it('gives no number for structuredContent without text, or for no content', () => {
    expect(() => readListPage({ texts: [], structured: { records: [lab('2025-01-02')] } })).toThrow(UnrecognisedListError);
  });
  it('describes the shape for the log without any record content', () => {
    const error = (() => {
      try {
        page(JSON.stringify(condition('2015-03-10')), 'Patient has a Secret diagnosis since 2015');
      } catch (caught) {
        return caught as UnrecognisedListError;
      }
      throw new Error('expected an unrecognised answer');
    })();
    expect(error.shape).toBe('2 text block(s): json-object(4 keys), text(1 lines)');
    expect(describeShape({ texts: ['[]'], structured: { a: 1 } })).toBe('1 text block(s): json-array(0) + structuredContent');
    expect(`${error.shape} ${error.message}`).not.toMatch(/Secret|2015/);
  });
});

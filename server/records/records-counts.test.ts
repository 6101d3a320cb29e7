/**
 * Counting against a fixture HealthEx: the whole history asked for with `years`, every record's own
 * date checked against the window the tile names, paging with `beforeDate` stopped at the window's
 * start, undated records counted, a narrower window when `years` is capped or refused, and no
 * number for an answer in a format that is not recognised (logged once, without content).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startFixtureServer, text, type FixtureAnswer, type FixtureServer } from '../../testkit/healthex-fixture-server.js';
import { capturingLogger } from '../../testkit/stack/test-service-env.js';
import { createMcpRecordsClient } from './mcp-records-client.js';
import { countCategories, createShapeReporter, WHOLE_HISTORY_YEARS, type CountOptions } from './records-counts.js';
import type { RecordCategorySummary } from './records-contract.js';

const LIST_TOOLS = ['get_labs', 'get_medications', 'get_conditions', 'get_immunizations', 'get_procedures', 'get_allergies', 'search_clinical_notes'];
const TODAY = '2026-06-15';
const MORE = (day: string) => `More data is available. Call again with beforeDate=${day} for older records.`;
const condition = (onset?: string) => ({ resourceType: 'Condition', id: `c-${onset ?? 'undated'}`, ...(onset ? { onsetDateTime: onset } : {}) });

let server: FixtureServer | undefined;
afterEach(() => server?.close());

async function count(call: (name: string, args: Record<string, unknown>) => FixtureAnswer, more: { tools?: string[]; inputSchemas?: Record<string, Record<string, unknown>>; options?: Partial<CountOptions> } = {}) {
  server = await startFixtureServer({ tools: more.tools ?? LIST_TOOLS, call, ...(more.inputSchemas ? { inputSchemas: more.inputSchemas } : {}) });
  const { log, logs } = capturingLogger('info');
  const session = await createMcpRecordsClient({ url: server.url, timeoutSeconds: 5 }).open('token');
  try {
    const options: CountOptions = { bounds: { maxPagesPerTool: 5, timeBudgetMs: 5_000 }, today: TODAY, log, reportShape: createShapeReporter(log), ...more.options };
    const categories = await countCategories(session, options);
    return { categories, logs, tile: (category: string) => categories.find((entry) => entry.category === category) as RecordCategorySummary };
  } finally {
    await session.close();
  }
}
const argsOf = (tool: string) => server!.calls.filter((call) => call.name === tool).map((call) => call.args);

describe('the whole history, dates checked here', () => {
  it('asks for the whole history with `years` and counts a condition from 2015 and an undated one', async () => {
    const { tile } = await count((name) => (name === 'get_conditions' ? text(JSON.stringify([condition('2025-11-01'), condition('2015-03-10'), condition()])) : text('[]')));
    expect(tile('diagnoses')).toEqual({ category: 'diagnoses', kind: 'counted', count: 3, more: false, windowYears: null });
    expect(argsOf('get_conditions')).toEqual([{ years: WHOLE_HISTORY_YEARS }]);
    expect(tile('imaging')).toEqual({ category: 'imaging', kind: 'included' });
  });

  it('pages with beforeDate, stops at the window start, and counts nothing older than the window', async () => {
    // A server that ignores `years` entirely: the window (10 years, its advertised maximum) is applied here.
    const pages: Record<string, FixtureAnswer> = {
      first: text(JSON.stringify([condition('2026-01-01'), condition('2020-05-05'), condition()]), MORE('2020-05-05')),
      '2020-05-05': text(JSON.stringify([condition('2018-02-02'), condition('2016-06-15'), condition('2016-06-14'), condition('2010-01-01')]), MORE('2010-01-01')),
      '2010-01-01': text(JSON.stringify([condition('2009-01-01'), condition('2001-01-01')])),
    };
    const { tile } = await count((name, args) => (name === 'get_conditions' ? pages[String(args['beforeDate'] ?? 'first')]! : text('[]')), {
      inputSchemas: { get_conditions: { type: 'object', properties: { years: { type: 'integer', maximum: 10 } } } },
    });
    // In the window from 2016-06-15: 2026-01-01, 2020-05-05, undated, 2018-02-02, 2016-06-15.
    expect(tile('diagnoses')).toEqual({ category: 'diagnoses', kind: 'counted', count: 5, more: false, windowYears: 10 });
    expect(argsOf('get_conditions')).toEqual([{ years: 10 }, { years: 10, beforeDate: '2020-05-05' }]);
  });

  it('says "or more" when paging stops at the bound, and never counts a record the page repeats', async () => {
    let day = 28;
    const { tile } = await count(
      (name, args) => {
        if (name !== 'get_labs') return text('[]');
        const page = text(JSON.stringify([{ resourceType: 'Observation', effectiveDateTime: `2026-01-${day}` }, ...(args['beforeDate'] ? [{ resourceType: 'Observation', effectiveDateTime: '2026-02-01' }] : [])]), MORE(`2026-01-${day}`));
        day -= 1;
        return page;
      },
      { options: { bounds: { maxPagesPerTool: 3, timeBudgetMs: 5_000 } } },
    );
    expect(tile('labs')).toEqual({ category: 'labs', kind: 'counted', count: 3, more: true, windowYears: null });
    expect(argsOf('get_labs')).toEqual([{ years: 100 }, { years: 100, beforeDate: '2026-01-28' }, { years: 100, beforeDate: '2026-01-27' }]);
  });
});

describe('FHIR Bundles', () => {
  const bundle = (extra: Record<string, unknown>, count: number) => JSON.stringify({ resourceType: 'Bundle', type: 'searchset', ...extra, entry: Array.from({ length: count }, () => ({ resource: condition('2025-01-01') })) });
  it('uses `total` when present', async () => {
    const { tile } = await count((name) => (name === 'get_conditions' ? text(bundle({ total: 12, link: [{ relation: 'next', url: 'x' }] }, 5)) : text('[]')));
    expect(tile('diagnoses')).toMatchObject({ kind: 'counted', count: 12, more: false });
  });
  it('counts the entries and says "or more" with a `next` link and no total', async () => {
    const { tile } = await count((name) => (name === 'get_conditions' ? text(bundle({ link: [{ relation: 'next', url: 'x' }] }, 5)) : text('[]')));
    expect(tile('diagnoses')).toMatchObject({ kind: 'counted', count: 5, more: true });
    expect(argsOf('get_conditions')).toHaveLength(1);
  });
});

describe('a `years` limit', () => {
  const refusing = (max: number) => (name: string, args: Record<string, unknown>): FixtureAnswer =>
    typeof args['years'] === 'number' && args['years'] > max ? { error: { code: -32602, message: `Invalid arguments: years must be at most ${max}` } } : text(name === 'get_conditions' ? JSON.stringify([condition('2024-01-01'), condition('2018-01-01')]) : '[]');
  it('falls back to 10 years when the whole history is refused, and the tile names the window', async () => {
    const { tile } = await count(refusing(10));
    expect(tile('diagnoses')).toEqual({ category: 'diagnoses', kind: 'counted', count: 2, more: false, windowYears: 10 });
    expect(argsOf('get_conditions')).toEqual([{ years: 100 }, { years: 10 }]);
  });
  it("falls back to HealthEx's default when 10 years are refused too, and counts only its 3 years", async () => {
    const { tile } = await count(refusing(5));
    expect(tile('diagnoses')).toEqual({ category: 'diagnoses', kind: 'counted', count: 1, more: false, windowYears: 3 });
    expect(argsOf('get_conditions')).toEqual([{ years: 100 }, { years: 10 }, {}]);
  });
});

describe('answers that give no number', () => {
  it('shows a tool in an unrecognised format as included, logging its shape once and no content', async () => {
    const prose = text('- 2025-02-11 Secret lab\n  - Value: 5.6 %');
    const first = await count((name) => (name === 'get_labs' || name === 'get_procedures' ? prose : text('[]')));
    expect(first.tile('labs')).toEqual({ category: 'labs', kind: 'included' });
    expect(first.tile('procedures')).toEqual({ category: 'procedures', kind: 'included' });
    expect(first.tile('medications')).toMatchObject({ kind: 'counted', count: 0 });
    const warnings = first.logs.filter((line) => line.includes('does not recognise'));
    expect(warnings).toHaveLength(2); // once per tool
    expect(warnings.join('')).toContain('1 text block(s): text(2 lines)');
    expect(first.logs.join('')).not.toMatch(/Secret|5\.6/);
  });

  it('logs a shape once per reporter, however often it is seen', async () => {
    const { log, logs } = capturingLogger('info');
    const report = createShapeReporter(log);
    for (let i = 0; i < 5; i += 1) report('get_labs', '1 text block(s): text(2 lines)');
    expect(logs.filter((line) => line.includes('does not recognise'))).toHaveLength(1);
  });

  it('marks a missing or failing tool unavailable', async () => {
    const { tile } = await count((name) => (name === 'get_allergies' ? { error: { code: -32603, message: 'Internal error' } } : text('[]')), { tools: LIST_TOOLS.filter((tool) => tool !== 'get_procedures') });
    expect(tile('procedures')).toEqual({ category: 'procedures', kind: 'unavailable' });
    expect(tile('allergies')).toEqual({ category: 'allergies', kind: 'unavailable' });
  });
});

describe('"N active" from get_health_summary', () => {
  const summary = { age: 55, dateOfBirth: '1971-11-02', gender: 'male', activeConditions: [{ name: 'A', since: '2015-03-10' }, { name: 'B', since: null }], currentMedications: [{ name: 'M', dosage: 'daily' }], allergies: [], latestVitals: {}, lastVisitDate: null, primaryCareProvider: null };
  it('adds the active numbers from a recognised summary', async () => {
    const { tile } = await count((name) => (name === 'get_health_summary' ? text(JSON.stringify(summary)) : text('[]')), { tools: [...LIST_TOOLS, 'get_health_summary'] });
    expect(tile('diagnoses')).toMatchObject({ kind: 'counted', active: 2 });
    expect(tile('medications')).toMatchObject({ kind: 'counted', active: 1 });
    expect(tile('allergies')).toMatchObject({ kind: 'counted', active: 0 });
    expect(tile('labs')).not.toHaveProperty('active');
  });
  it('adds nothing when the summary is in another format', async () => {
    const { categories } = await count((name) => (name === 'get_health_summary' ? text('Active conditions: A; B') : text('[]')), { tools: [...LIST_TOOLS, 'get_health_summary'] });
    expect(categories.some((entry) => 'active' in entry)).toBe(false);
  });
});

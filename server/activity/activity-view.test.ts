/**
 * The activity log's screens, as pure functions: the page's own reads become one line per feature
 * and UTC day at their latest read, and a screen holds the page reads of its own span only.
 */
import { describe, expect, it } from 'vitest';
import { buildScreen, groupPageReads, type ActivityEvent } from './activity-view.js';

const read = (at: string, feature = 'connect-records-summary') => ({ at, feature });
const event = (at: string, action: ActivityEvent['action']): ActivityEvent => ({ at, action, outcome: 'success' });

describe('groupPageReads', () => {
  it('makes one line per feature and day, at the latest read, counting the reads', () => {
    const lines = groupPageReads([
      read('2026-03-02T09:00:00.000Z'),
      read('2026-03-02T17:30:00.000Z'),
      read('2026-03-02T12:00:00.000Z', 'connect-records-status'),
      read('2026-03-01T23:59:59.000Z'),
    ]);
    expect(lines).toEqual([
      { at: '2026-03-02T17:30:00.000Z', action: 'page_reads', outcome: 'success', feature: 'connect-records-summary', times: 2 },
      { at: '2026-03-02T12:00:00.000Z', action: 'page_reads', outcome: 'success', feature: 'connect-records-status', times: 1 },
      { at: '2026-03-01T23:59:59.000Z', action: 'page_reads', outcome: 'success', feature: 'connect-records-summary', times: 1 },
    ]);
  });
});

describe('buildScreen', () => {
  const notable = [event('2026-03-03T10:00:00.000Z', 'used'), event('2026-03-02T10:00:00.000Z', 'confirmed'), event('2026-03-01T10:00:00.000Z', 'authorized')];
  const reads = [read('2026-03-03T08:00:00.000Z'), read('2026-03-02T08:00:00.000Z'), read('2026-03-01T08:00:00.000Z')];

  it('holds `limit` notable events and the page reads since the oldest of them, and says where the older screen starts', () => {
    const screen = buildScreen(notable, reads, 2);
    expect(screen.events.map((e) => `${e.at.slice(0, 10)} ${e.action}`)).toEqual(['2026-03-03 used', '2026-03-03 page_reads', '2026-03-02 confirmed']);
    expect(screen.earlier).toBe('2026-03-02T10:00:00.000Z');
  });

  it('holds every page read when nothing older is left', () => {
    const screen = buildScreen(notable, reads, 3);
    expect(screen.events.filter((e) => e.action === 'page_reads')).toHaveLength(3);
    expect(screen.earlier).toBeNull();
  });
});

/** lambda/soak.ts: the newest value that has stood for minAge. */
import * as fc from 'fast-check';
import { soakPick } from '../../lambda/soak';

const NOW = Date.parse('2026-12-01T00:00:00.000Z');
const DAY = 86_400_000;
const v = (version: number, daysAgo: number) => ({ version, lastModified: NOW - daysAgo * DAY });

test('the newest version old enough wins; a younger newer one is held back', () => {
  expect(soakPick([v(1, 30), v(2, 10), v(3, 2)], NOW, 7 * 86_400)?.version).toBe(2);
  expect(soakPick([v(3, 2), v(1, 30), v(2, 10)], NOW, 7 * 86_400)?.version).toBe(2);
});

test('exactly minAge old is old enough; nothing old enough gives undefined; minAge 0 takes the newest', () => {
  expect(soakPick([v(1, 7)], NOW, 7 * 86_400)?.version).toBe(1);
  expect(soakPick([v(1, 6.99)], NOW, 7 * 86_400)).toBeUndefined();
  expect(soakPick([], NOW, 0)).toBeUndefined();
  expect(soakPick([v(1, 3), v(2, 0)], NOW, 0)?.version).toBe(2);
});

test('fast-check: the pick is the greatest version among those set at least minAge ago, whatever the order', () => {
  const version = fc.record({ version: fc.integer({ min: 1, max: 500 }), lastModified: fc.integer({ min: NOW - 100 * DAY, max: NOW }) });
  const history = fc.uniqueArray(version,
    { selector: (h) => h.version, maxLength: 60 });
  fc.assert(fc.property(history, fc.integer({ min: 0, max: 100 * 86_400 }), (h, minAge) => {
    const oldEnough = h.filter((x) => x.lastModified <= NOW - minAge * 1000);
    const expected = oldEnough.length === 0 ? undefined : Math.max(...oldEnough.map((x) => x.version));
    expect(soakPick(h, NOW, minAge)?.version).toBe(expected);
    expect(soakPick([...h].reverse(), NOW, minAge)?.version).toBe(expected);
  }), { numRuns: 500 });
});

/**
 * cli/entries.ts: a stack's error is reported once, with every lookup it kept from being previewed.
 */
import { addToStackError, Entry, isStackError } from '../../cli/entries';

test('lookups failing alike for their stack join its first error, where it was first reported', () => {
  const entries: Entry[] = [];
  addToStackError(entries, { stack: 'A', error: 'no region', paths: ['A/1'] });
  entries.push({ path: 'B/1', parameterNames: [] });
  addToStackError(entries, { stack: 'A', error: 'no region', paths: ['A/2'] });
  addToStackError(entries, { stack: 'A', error: 'other', paths: ['A/3'] });
  addToStackError(entries, { stack: 'C', error: 'no region', paths: ['C/1'] });
  expect(entries).toEqual([
    { stack: 'A', error: 'no region', paths: ['A/1', 'A/2'] },
    { path: 'B/1', parameterNames: [] },
    { stack: 'A', error: 'other', paths: ['A/3'] },
    { stack: 'C', error: 'no region', paths: ['C/1'] },
  ]);
  expect(entries.map(isStackError)).toEqual([true, false, true, true]);
});

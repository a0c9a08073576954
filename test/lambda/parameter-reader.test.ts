/**
 * lambda/parameter-reader.ts: the lazy reader loads ./ssm-reader on first use only, and makes the
 * errors of that bundle of its own this bundle's UserFacingError again, so that CloudFormation and
 * the preview get the reason itself rather than "internal error: UserFacingError: ...".
 */
import { Budget, UserFacingError } from '../../lambda/events';
import { lazyParameterReader } from '../../lambda/parameter-reader';
import { reasonFor } from '../../lambda/response-body';

/** UserFacingError as the copy bundled into ssm-reader.js is: another class of the same name. */
class OtherBundleUserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

// The module under test requires ./ssm-reader only when a parameter is first read, so the mock's factory runs then.
const loads = jest.fn();
let failure: Error = new OtherBundleUserFacingError('GetParameter: parameter /images/none not found');
jest.mock('../../lambda/ssm-reader', () => {
  loads();
  return {
    ssmParameterReader: () => ({
      get: async () => { throw failure; },
      history: () => ({
        [Symbol.asyncIterator]: async function* () {
          yield [];
          throw failure;
        },
      }),
    }),
  };
});

const budget: Budget = { signal: new AbortController().signal, deadline: Date.now() + 60_000 };
const target = { region: 'us-east-1' };

beforeEach(() => {
  failure = new OtherBundleUserFacingError('GetParameter: parameter /images/none not found');
});

test('nothing is loaded until a parameter is read, and then only once', async () => {
  const reader = lazyParameterReader();
  expect(loads).not.toHaveBeenCalled();
  await expect(reader.get('/images/none', target, budget)).rejects.toThrow();
  await expect(reader.get('/images/none', target, budget)).rejects.toThrow();
  expect(loads).toHaveBeenCalledTimes(1);
});

test('GetParameter: the other bundle\'s UserFacingError becomes this one\'s, with the same message, and its reason is the message itself', async () => {
  const error = await lazyParameterReader().get('/images/none', target, budget).catch((e) => e);
  expect(error).toBeInstanceOf(UserFacingError);
  expect(error.message).toBe('GetParameter: parameter /images/none not found');
  expect(reasonFor(error)).toBe('GetParameter: parameter /images/none not found');
  // Without the conversion, the reason a person reads:
  expect(reasonFor(failure)).toBe('internal error: UserFacingError: GetParameter: parameter /images/none not found');
});

test('GetParameterHistory: pages before the error arrive, then the error, converted alike', async () => {
  failure = new OtherBundleUserFacingError('GetParameterHistory of /images/golden failed: SSM repeated a NextToken');
  const pages: unknown[] = [];
  const error = await (async () => {
    for await (const page of lazyParameterReader().history('/images/golden', target, budget)) pages.push(page);
  })().catch((e) => e);
  expect(pages).toEqual([[]]);
  expect(error).toBeInstanceOf(UserFacingError);
  expect(error.message).toBe('GetParameterHistory of /images/golden failed: SSM repeated a NextToken');
});

test('any other error passes as it is: an internal error stays one', async () => {
  failure = new TypeError('boom');
  const error = await lazyParameterReader().get('/images/none', target, budget).catch((e) => e);
  expect(error).toBe(failure);
  expect(reasonFor(error)).toBe('internal error: TypeError: boom');
});

/**
 * cli/aws-errors.ts: the SDK's credential and region errors in words a person can act on.
 */
import { mkdtempSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { awsErrorMessage, NO_REGION } from '../../cli/aws-errors';
import { UserFacingError } from '../../lambda/events';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cdk-ami-lookup-aws-errors-'));
const config = path.join(dir, 'config');
const credentials = path.join(dir, 'credentials');
writeFileSync(config, '[default]\nregion = eu-west-1\n[profile dev.team]\nregion = eu-west-1\n');
writeFileSync(credentials, '[ci]\naws_access_key_id = x\n');
const files = { AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials };

const credentialsError = Object.assign(new Error('Could not load credentials from any providers\nmore detail'), { name: 'CredentialsProviderError' });

test('the message for a missing region, wherever it turns out to be missing', () => {
  expect(NO_REGION).toBe('no region: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile');
  expect(awsErrorMessage(new Error('Region is missing'), {})).toBe(NO_REGION);
  expect(awsErrorMessage(new Error('Region not accepted: region="" is not a valid hostname component.'), {})).toBe(NO_REGION);
});

test('no credentials and no profile: how to give some', () => {
  expect(awsErrorMessage(credentialsError, files))
    .toBe('no AWS credentials found: set AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or log in with aws sso login');
});

test.each([
  ['in the config file', 'dev.team'],
  ['in the credentials file', 'ci'],
])('a profile %s without credentials: the SDK\'s first line', (_, profile) => {
  expect(awsErrorMessage(credentialsError, { ...files, AWS_PROFILE: profile }))
    .toBe(`no AWS credentials for profile "${profile}" (AWS_PROFILE): Could not load credentials from any providers`);
});

test.each(['nope', 'devxteam'])('a profile in neither file (%s) does not exist, and the files are named', (profile) => {
  expect(awsErrorMessage(new Error(`Could not resolve credentials using profile: [${profile}]`), { ...files, AWS_PROFILE: profile }))
    .toBe(`the AWS profile "${profile}" (AWS_PROFILE) does not exist: it is not in ${config} or ${credentials}`);
});

test('other errors: as the handler words them, else with the error\'s name', () => {
  expect(awsErrorMessage(new UserFacingError('DescribeImages failed on page 1: throttled'), {})).toBe('DescribeImages failed on page 1: throttled');
  expect(awsErrorMessage(Object.assign(new Error('denied'), { name: 'UnauthorizedOperation' }), {})).toBe('UnauthorizedOperation: denied');
});

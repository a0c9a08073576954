/**
 * lambda/region.ts: the one region rule of the function and the CLI.
 */
import { regionToSearch } from '../../cli/region';

const profile = async () => 'eu-west-1';

test.each([
  [{ lookup: 'sa-east-1', override: 'eu-west-3', stack: 'us-east-1' }, { AWS_REGION: 'ca-central-1' }, 'sa-east-1', 'the lookup\'s region prop'],
  [{ override: 'eu-west-3', stack: 'us-east-1' }, { AWS_REGION: 'ca-central-1' }, 'eu-west-3', '--region'],
  [{ stack: 'us-east-1' }, { AWS_REGION: 'ca-central-1' }, 'us-east-1', 'the stack\'s region'],
  [{}, { AWS_REGION: 'ca-central-1', AWS_DEFAULT_REGION: 'ap-south-1' }, 'ca-central-1', 'AWS_REGION'],
  [{}, { AWS_DEFAULT_REGION: 'ap-south-1' }, 'ap-south-1', 'AWS_DEFAULT_REGION'],
  [{}, {}, 'eu-west-1', 'the AWS profile'],
])('%j with %j searches %s (from %s)', async (inputs, env, region, source) => {
  expect(await regionToSearch({ ...inputs, env, profile })).toEqual({ region, source });
});

test('no source at all: undefined, so the caller can say so', async () => {
  expect(await regionToSearch({ env: {} })).toBeUndefined();
});

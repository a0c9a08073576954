/**
 * lambda/credentials.ts: AssumeRole for a lookup in another account, in the lookup's region.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { assumeRole } from '../../lambda/credentials';
import { UserFacingError } from '../../lambda/events';

const sts = mockClient(STSClient);
const ROLE = 'arn:aws:iam::222233334444:role/image-reader';
beforeEach(() => sts.reset());

test('assumes the role for 15 minutes, through STS in the region asked for', async () => {
  sts.on(AssumeRoleCommand).callsFake(async (_input, getClient) => {
    expect(await getClient().config.region()).toBe('ap-southeast-2');
    return { Credentials: { AccessKeyId: 'ASIAEXAMPLE', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(0) } };
  });
  const c = await assumeRole(ROLE, 'ap-southeast-2', new AbortController().signal);
  expect(c).toMatchObject({ accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 's', sessionToken: 't' });
  expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toEqual({ RoleArn: ROLE, RoleSessionName: 'cdk-ami-lookup', DurationSeconds: 900 });
});

test('an STS error becomes a short reason that names the role', async () => {
  const denied = Object.assign(new Error('not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' });
  sts.on(AssumeRoleCommand).rejects(denied);
  await expect(assumeRole(ROLE, 'us-east-1', new AbortController().signal))
    .rejects.toEqual(new UserFacingError(`AssumeRole of ${ROLE} failed: AccessDenied: not authorized to perform: sts:AssumeRole`));
});

test('an answer without credentials is refused', async () => {
  sts.on(AssumeRoleCommand).resolves({});
  await expect(assumeRole(ROLE, 'us-east-1', new AbortController().signal)).rejects.toThrow(`AssumeRole of ${ROLE} returned no credentials`);
});

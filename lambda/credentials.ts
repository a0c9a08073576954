import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { UserFacingError } from './events';

/**
 * Credentials for a lookup in another account: assumes the role for 15 minutes, the shortest STS
 * allows, through STS in the lookup's region (its regional endpoint, in that region's partition).
 * Without a region the SDK takes AWS_REGION, which Lambda always sets to the function's region.
 */
export async function assumeRole(roleArn: string, region: string | undefined, signal: AbortSignal) {
  const sts = new STSClient({
    region,
    retryMode: 'standard',
    maxAttempts: 5,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 15_000, throwOnRequestTimeout: true },
  });
  try {
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'cdk-ami-lookup', DurationSeconds: 900 }), { abortSignal: signal });
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new UserFacingError(`AssumeRole of ${roleArn} returned no credentials`);
    return { accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken, expiration: c.Expiration };
  } catch (e) {
    if (signal.aborted) throw signal.reason;
    if (e instanceof UserFacingError) throw e;
    const err = e as Error;
    throw new UserFacingError(`AssumeRole of ${roleArn} failed: ${err.name}: ${err.message}`);
  } finally {
    sts.destroy();
  }
}

/**
 * Stands in for the SDK's default credential chain in the bundle (scripts/bundle.mjs aliases
 * `@aws-sdk/credential-provider-node` to this file). On Lambda the runtime always puts the function
 * role's credentials in the environment, which is the first place the default chain looks; its other
 * sources (profiles, SSO, web identity, container and instance metadata) would never be reached, and
 * dropping them takes about 100 KB off every cold start.
 */
export function defaultProvider(): () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }> {
  return async () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new Error('no AWS credentials in the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)');
    }
    return { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN || undefined };
  };
}

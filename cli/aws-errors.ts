/**
 * AWS errors in words a person can act on: the SDK's credential and region errors name neither the
 * profile nor the setting to fix.
 */
import { existsSync, readFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { UserFacingError } from '../lambda/events';

/** One message wherever a region turns out to be missing: before the lookup, or from the SDK. */
export const NO_REGION = 'no region: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION, or a region in the AWS profile';

type Env = Readonly<Record<string, string | undefined>>;

/** Whether the shared config or credentials file names the profile. */
function profileExists(name: string, env: Env): { exists: boolean; files: string } {
  const config = env.AWS_CONFIG_FILE || path.join(os.homedir(), '.aws', 'config');
  const credentials = env.AWS_SHARED_CREDENTIALS_FILE || path.join(os.homedir(), '.aws', 'credentials');
  const has = (file: string, header: RegExp) => existsSync(file) && header.test(readFileSync(file, 'utf8'));
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const exists = has(config, new RegExp(`^\\s*\\[\\s*(?:profile\\s+)?${escaped}\\s*\\]`, 'm'))
    || has(credentials, new RegExp(`^\\s*\\[\\s*${escaped}\\s*\\]`, 'm'));
  return { exists, files: `${config} or ${credentials}` };
}

/** A message a person can act on; the SDK's credential and region errors arrive wrapped by the pager. */
export function awsErrorMessage(e: unknown, env: Env = process.env): string {
  const err = e as Error;
  if (/CredentialsProviderError|Could not load credentials|could not be found or parsed|Could not resolve credentials using profile/.test(`${err.name} ${err.message}`)) {
    const profile = env.AWS_PROFILE;
    if (profile) {
      const { exists, files } = profileExists(profile, env);
      return exists
        ? `no AWS credentials for profile ${JSON.stringify(profile)} (AWS_PROFILE): ${err.message.split('\n')[0]}`
        : `the AWS profile ${JSON.stringify(profile)} (AWS_PROFILE) does not exist: it is not in ${files}`;
    }
    return 'no AWS credentials found: set AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or log in with aws sso login';
  }
  if (/Region is missing|Region not accepted: region=""/i.test(err.message)) return NO_REGION;
  return e instanceof UserFacingError ? err.message : `${err.name}: ${err.message}`;
}

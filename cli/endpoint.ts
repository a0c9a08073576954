/**
 * Where the preview's requests go. A lookup previewed against a local double or a proxy must say so,
 * or its result passes for AWS's answer; so the endpoint is asked of the SDK itself, which also
 * reads the profile's endpoint_url and AWS_IGNORE_CONFIGURED_ENDPOINT_URLS.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';

type Service = 'EC2' | 'STS' | 'SSM';

/** Where an endpoint came from, as the preview prints it. */
type EndpointSource = '--endpoint' | 'AWS_ENDPOINT_URL_EC2' | 'AWS_ENDPOINT_URL_STS' | 'AWS_ENDPOINT_URL_SSM' | 'AWS_ENDPOINT_URL' | 'the AWS profile';

interface ConfiguredEndpoint {
  readonly url: string;
  readonly source: EndpointSource;
}

/** Where a run's requests go, when not to AWS itself. */
export interface Endpoints {
  readonly ec2?: ConfiguredEndpoint;
  readonly sts?: ConfiguredEndpoint;
  /** Where a parameter source's GetParameter and GetParameterHistory go. */
  readonly ssm?: ConfiguredEndpoint;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The variables the SDK reads for a service, in its order: the service's own wins over the global one. */
const variables = (service: Service) => [`AWS_ENDPOINT_URL_${service}`, 'AWS_ENDPOINT_URL'] as const;

/**
 * Why an endpoint variable set to nothing is refused, or undefined when none is. The SDK skips an
 * empty value as if it were unset, so `AWS_ENDPOINT_URL_EC2=` (an unset shell variable, a blank
 * line in an .env file) would quietly send the lookups to AWS instead of the endpoint meant.
 * `--endpoint` replaces AWS_ENDPOINT_URL_EC2, so an empty one does no harm then.
 */
export function emptyEndpointVariable(env: Env, endpointFlag: boolean): string | undefined {
  if (env.AWS_ENDPOINT_URL_EC2 === '' && !endpointFlag) {
    return emptyMessage('AWS_ENDPOINT_URL_EC2', 'EC2 requests would go to AWS_ENDPOINT_URL, the AWS profile\'s endpoint_url, or AWS itself');
  }
  if (env.AWS_ENDPOINT_URL === '') {
    return emptyMessage('AWS_ENDPOINT_URL', 'requests with no AWS_ENDPOINT_URL_<SERVICE> of their own would go to the AWS profile\'s endpoint_url, or AWS itself');
  }
  return undefined;
}

const emptyMessage = (name: string, consequence: string) =>
  `${name} is set but empty, and the AWS SDK skips an empty value: ${consequence}. Unset it, or set it to an http or https URL.`;

/** `--endpoint` cannot win over AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: the CLI hands it to the SDK as AWS_ENDPOINT_URL_EC2. */
export const ENDPOINT_IGNORED = '--endpoint would not be used: the AWS SDK is told to ignore configured endpoints '
  + '(AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, or ignore_configured_endpoint_urls in the AWS profile). Unset that to use --endpoint.';

/**
 * Which setting an endpoint the SDK chose came from: the first variable holding it, in the SDK's
 * order, else the shared config file. `endpointFlag` says the CLI put `--endpoint` in
 * AWS_ENDPOINT_URL_EC2 itself.
 */
export function endpointSource(url: string, service: Service, env: Env, endpointFlag = false): EndpointSource {
  if (service === 'EC2' && endpointFlag) return '--endpoint';
  for (const name of variables(service)) if (env[name] === url) return name;
  return 'the AWS profile';
}

/** The endpoint the SDK will send the service's requests to, or undefined for AWS's own. */
export async function configuredEndpoint(service: Service, endpointFlag = false): Promise<ConfiguredEndpoint | undefined> {
  // SSM's is asked of an EC2 client given SSM's service ID: the provider the SSM client itself would
  // ask, without bundling that client here (it is a file of its own, loaded only to read a parameter).
  const client = service === 'STS' ? new STSClient({}) : new EC2Client(service === 'SSM' ? { serviceId: 'SSM' } : {});
  try {
    // The same provider the SDK's endpoint middleware asks before every request.
    const url = await client.config.serviceConfiguredEndpoint?.();
    return url ? { url, source: endpointSource(url, service, process.env, endpointFlag) } : undefined;
  } catch {
    // A broken services section in the profile: the request fails with the SDK's own message.
    return undefined;
  } finally {
    client.destroy();
  }
}

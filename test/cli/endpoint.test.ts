/**
 * cli/endpoint.ts: which endpoint the SDK sends the preview's requests to, where that came from,
 * and the empty endpoint variables that are refused.
 */
import { SSMClient } from '@aws-sdk/client-ssm';
import { configuredEndpoint, emptyEndpointVariable, endpointSource } from '../../cli/endpoint';

describe('empty endpoint variables', () => {
  test('an empty AWS_ENDPOINT_URL_EC2 is refused, saying where the requests would go instead', () => {
    expect(emptyEndpointVariable({ AWS_ENDPOINT_URL_EC2: '' }, false)).toBe('AWS_ENDPOINT_URL_EC2 is set but empty, and the AWS SDK skips an empty value: '
      + 'EC2 requests would go to AWS_ENDPOINT_URL, the AWS profile\'s endpoint_url, or AWS itself. Unset it, or set it to an http or https URL.');
  });

  test('an empty AWS_ENDPOINT_URL is refused, even beside a service\'s own variable', () => {
    expect(emptyEndpointVariable({ AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: '' }, false))
      .toBe('AWS_ENDPOINT_URL is set but empty, and the AWS SDK skips an empty value: requests with no AWS_ENDPOINT_URL_<SERVICE> of their own '
        + 'would go to the AWS profile\'s endpoint_url, or AWS itself. Unset it, or set it to an http or https URL.');
  });

  test('--endpoint replaces AWS_ENDPOINT_URL_EC2, so an empty one does no harm then', () => {
    expect(emptyEndpointVariable({ AWS_ENDPOINT_URL_EC2: '' }, true)).toBeUndefined();
    expect(emptyEndpointVariable({ AWS_ENDPOINT_URL: '' }, true)).toMatch(/^AWS_ENDPOINT_URL is set but empty/);
  });

  test('unset and non-empty variables are not refused', () => {
    expect(emptyEndpointVariable({}, false)).toBeUndefined();
    expect(emptyEndpointVariable({ AWS_ENDPOINT_URL_EC2: 'http://127.0.0.1:1', AWS_ENDPOINT_URL: 'http://127.0.0.1:2' }, false)).toBeUndefined();
  });
});

describe('endpointSource', () => {
  const both = { AWS_ENDPOINT_URL_EC2: 'http://ec2.local', AWS_ENDPOINT_URL_STS: 'http://sts.local', AWS_ENDPOINT_URL: 'http://all.local' };

  test.each<[string, 'EC2' | 'STS' | 'SSM', Record<string, string>, boolean, string]>([
    ['http://ec2.local', 'EC2', both, false, 'AWS_ENDPOINT_URL_EC2'],
    ['http://ssm.local', 'SSM', { ...both, AWS_ENDPOINT_URL_SSM: 'http://ssm.local' }, false, 'AWS_ENDPOINT_URL_SSM'],
    ['http://all.local', 'SSM', { AWS_ENDPOINT_URL: 'http://all.local' }, true, 'AWS_ENDPOINT_URL'],
    ['http://ec2.local', 'EC2', both, true, '--endpoint'],
    ['http://all.local', 'EC2', { AWS_ENDPOINT_URL: 'http://all.local' }, false, 'AWS_ENDPOINT_URL'],
    ['http://sts.local', 'STS', both, false, 'AWS_ENDPOINT_URL_STS'],
    // --endpoint is EC2's alone.
    ['http://all.local', 'STS', { AWS_ENDPOINT_URL: 'http://all.local' }, true, 'AWS_ENDPOINT_URL'],
    ['http://profile.local', 'EC2', {}, false, 'the AWS profile'],
  ])('%s for %s', (url, service, env, flag, source) => {
    expect(endpointSource(url, service, env, flag)).toBe(source);
  });
});

describe('configuredEndpoint asks the SDK', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('AWS_ENDPOINT_URL') || k === 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS') delete process.env[k];
    Object.assign(process.env, {
      AWS_CONFIG_FILE: '/nonexistent/aws-config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/aws-credentials', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
  });
  afterAll(() => {
    process.env = saved;
  });

  test('the service\'s own variable wins over AWS_ENDPOINT_URL', async () => {
    Object.assign(process.env, { AWS_ENDPOINT_URL_EC2: 'http://ec2.local', AWS_ENDPOINT_URL: 'http://all.local' });
    expect(await configuredEndpoint('EC2')).toEqual({ url: 'http://ec2.local', source: 'AWS_ENDPOINT_URL_EC2' });
    expect(await configuredEndpoint('STS')).toEqual({ url: 'http://all.local', source: 'AWS_ENDPOINT_URL' });
  });

  test('SSM\'s endpoint is the SSM client\'s own: its variable, else AWS_ENDPOINT_URL, and none when configured endpoints are ignored', async () => {
    const ssmClient = async () => {
      const client = new SSMClient({});
      try {
        return await client.config.serviceConfiguredEndpoint?.();
      } finally {
        client.destroy();
      }
    };
    Object.assign(process.env, { AWS_ENDPOINT_URL_SSM: 'http://ssm.local', AWS_ENDPOINT_URL: 'http://all.local' });
    expect(await configuredEndpoint('SSM')).toEqual({ url: 'http://ssm.local', source: 'AWS_ENDPOINT_URL_SSM' });
    expect(await ssmClient()).toBe('http://ssm.local');
    delete process.env.AWS_ENDPOINT_URL_SSM;
    expect(await configuredEndpoint('SSM')).toEqual({ url: 'http://all.local', source: 'AWS_ENDPOINT_URL' });
    expect(await ssmClient()).toBe('http://all.local');
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true';
    expect(await configuredEndpoint('SSM')).toBeUndefined();
    expect(await ssmClient()).toBeUndefined();
  });

  test('the SDK skips an empty variable: this is why an empty one is refused', async () => {
    Object.assign(process.env, { AWS_ENDPOINT_URL_EC2: '', AWS_ENDPOINT_URL: 'http://all.local' });
    expect(await configuredEndpoint('EC2')).toEqual({ url: 'http://all.local', source: 'AWS_ENDPOINT_URL' });
    process.env.AWS_ENDPOINT_URL = '';
    expect(await configuredEndpoint('EC2')).toBeUndefined();
  });

  test('nothing configured, or configured endpoints ignored: AWS\'s own', async () => {
    expect(await configuredEndpoint('EC2')).toBeUndefined();
    Object.assign(process.env, { AWS_ENDPOINT_URL_EC2: 'http://ec2.local', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' });
    expect(await configuredEndpoint('EC2')).toBeUndefined();
  });
});

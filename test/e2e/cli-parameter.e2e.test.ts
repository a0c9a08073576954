/**
 * `preview --source-parameter` as it ships, against the SSM and EC2 doubles: the text and the JSON
 * show the parameter, its version, when it was set and the value the soak rule chose.
 */
import { OWN_ACCOUNT } from '../../devkit/catalog';
import { Ec2Double, FakeImage } from '../../devkit/ec2-double';
import { SsmDouble } from '../../devkit/ssm-double';
import { cliEnv, runCli } from '../support/run-cli';

jest.setTimeout(60_000);

const NOW = Date.now();
const DAY = 86_400_000;
const image = (n: number, days: number): FakeImage => ({
  imageId: `ami-0${String(n).padStart(16, '0')}`,
  name: `golden-${n}`,
  ownerId: OWN_ACCOUNT,
  creationDate: new Date(NOW - days * DAY).toISOString(),
  architecture: 'x86_64',
});
const OLD = image(1, 40);
const NEW = image(2, 1);

let ec2: Ec2Double;
let ssm: SsmDouble;
beforeAll(async () => {
  ec2 = await Ec2Double.start({ images: [OLD, NEW], accountId: OWN_ACCOUNT });
  ssm = await SsmDouble.start({
    accountId: OWN_ACCOUNT,
    parameters: [{
      name: '/images/golden',
      dataType: 'aws:ec2:image',
      versions: [{ value: OLD.imageId, lastModified: new Date(NOW - 30 * DAY) }, { value: NEW.imageId, lastModified: new Date(NOW - DAY) }],
    }],
  });
});
afterAll(async () => {
  await Promise.all([ec2.close(), ssm.close()]);
});
const env = () => cliEnv(ec2.url, { AWS_ENDPOINT_URL_SSM: ssm.url });

test('text: the parameter, the version the soak took, and the current one it held back', async () => {
  const run = await runCli(['preview', '--source-parameter', '/images/golden', '--min-age', '7d'], env());
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(new RegExp(`source: {3}SSM parameter /images/golden: version 1, set \\S+, value ${OLD.imageId}, the newest value that stood for minAge \\(current version 2 held back\\)`));
  expect(run.stdout).toMatch(new RegExp(`selected: ${OLD.imageId} {2}golden-1`));
});

test('JSON: sourceParameter with its version, rule and value; no query', async () => {
  const run = await runCli(['preview', '--source-parameter', '/images/golden', '--json'], env());
  expect(run.code).toBe(0);
  const [entry] = JSON.parse(run.stdout).lookups ?? JSON.parse(run.stdout);
  expect(entry.query).toBeNull();
  expect(entry.sourceParameter).toMatchObject({ parameter: '/images/golden', version: 2, value: NEW.imageId, rule: 'current' });
  expect(entry.selected).toMatchObject({ imageId: NEW.imageId, resolvedFrom: 'parameter' });
});

test('a query flag with --source-parameter is refused in flag words', async () => {
  const run = await runCli(['preview', '--source-parameter', '/images/golden', '--owner', 'self'], env());
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--source-parameter and --owner cannot be combined/);
});

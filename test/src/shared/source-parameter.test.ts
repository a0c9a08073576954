/** src/shared/source-parameter.ts: how a source parameter's name or ARN is read. (Bad ones: test/support/bad-inputs.ts.) */
import { readSourceParameter } from '../../../src/shared/source-parameter';

test.each([
  ['/aws/service/bottlerocket/aws-k8s-1.31/x86_64/latest/image_id', { name: '/aws/service/bottlerocket/aws-k8s-1.31/x86_64/latest/image_id', isPublic: true }],
  ['/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id', { isPublic: true }],
  ['/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base', { isPublic: true }],
  ['/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id', { isPublic: true }],
  ['golden', { name: 'golden', base: 'golden', isPublic: false }],
  ['/images/golden:3', { name: '/images/golden', base: '/images/golden', version: 3, label: undefined }],
  ['/images/golden:prod-1.2_x', { name: '/images/golden', label: 'prod-1.2_x', version: undefined }],
  ['arn:aws:ssm:eu-west-1:999988887777:parameter/images/central:7', {
    name: '/images/central',
    arn: 'arn:aws:ssm:eu-west-1:999988887777:parameter/images/central',
    base: 'arn:aws:ssm:eu-west-1:999988887777:parameter/images/central',
    partition: 'aws',
    region: 'eu-west-1',
    account: '999988887777',
    version: 7,
    isPublic: false,
  }],
  ['arn:aws:ssm:eu-west-1:999988887777:parameter/golden', { name: 'golden' }],
  ['arn:aws-cn:ssm:cn-north-1::parameter/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64', { isPublic: true, account: '', partition: 'aws-cn' }],
])('%s', (value, expected) => {
  const { ref, problem } = readSourceParameter(value);
  expect(problem).toBeUndefined();
  expect(ref).toMatchObject(expected);
});

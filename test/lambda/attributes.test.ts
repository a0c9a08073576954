import { Image } from '@aws-sdk/client-ec2';
import { imageAttributes } from '../../lambda/attributes';
import { Attr } from '../../src/shared/wire';

const base: Image = { ImageId: 'ami-0123456789abcdef0', RootDeviceName: '/dev/xvda', RootDeviceType: 'ebs' };

test('every attribute is present, empty when EC2 says nothing', () => {
  const a = imageAttributes({});
  expect(Object.keys(a).sort()).toEqual(Object.values(Attr).filter((n) => n !== Attr.previousImageId && n !== Attr.resolvedFrom).sort());
  expect(Object.values(a).every((v) => v === '')).toBe(true);
});

test('launch attributes as EC2 gives them; booleans as "true" and "false"', () => {
  const a = imageAttributes({ ...base, BootMode: 'uefi', EnaSupport: false, ImdsSupport: 'v2.0', TpmSupport: 'v2.0', ImageAllowed: true });
  expect([a[Attr.bootMode], a[Attr.enaSupport], a[Attr.imdsSupport], a[Attr.tpmSupport], a[Attr.imageAllowed]]).toEqual(['uefi', 'false', 'v2.0', 'v2.0', 'true']);
  expect(imageAttributes({ ...base, ImageAllowed: false })[Attr.imageAllowed]).toBe('false');
});

test('the root volume is the EBS mapping at the root device name, not the first mapping', () => {
  const a = imageAttributes({
    ...base,
    BlockDeviceMappings: [
      { DeviceName: '/dev/sdb', Ebs: { VolumeSize: 100, VolumeType: 'io2' } },
      { DeviceName: '/dev/xvda', Ebs: { VolumeSize: 30, VolumeType: 'gp3' } },
    ],
  });
  expect([a[Attr.rootVolumeSize], a[Attr.rootVolumeType]]).toEqual(['30', 'gp3']);
});

test('"sda1" and "/dev/sda1" name the same device', () => {
  const a = imageAttributes({ ...base, RootDeviceName: '/dev/sda1', BlockDeviceMappings: [{ DeviceName: 'sda1', Ebs: { VolumeSize: 50, VolumeType: 'gp2' } }] });
  expect([a[Attr.rootVolumeSize], a[Attr.rootVolumeType]]).toEqual(['50', 'gp2']);
});

test('instance store, an unmapped root and no root device name: empty, never another volume\'s size', () => {
  const store = imageAttributes({ ...base, RootDeviceType: 'instance-store', BlockDeviceMappings: [{ DeviceName: '/dev/xvda', VirtualName: 'ephemeral0' }] });
  expect([store[Attr.rootVolumeSize], store[Attr.rootVolumeType]]).toEqual(['', '']);
  const unmapped = imageAttributes({ ...base, BlockDeviceMappings: [{ DeviceName: '/dev/sdb', Ebs: { VolumeSize: 100 } }] });
  expect(unmapped[Attr.rootVolumeSize]).toBe('');
  const nameless = imageAttributes({ BlockDeviceMappings: [{ DeviceName: '/dev/sdb', Ebs: { VolumeSize: 100 } }] });
  expect(nameless[Attr.rootVolumeSize]).toBe('');
});

import { Image } from '@aws-sdk/client-ec2';
import { Attr } from '../src/shared/wire';

/**
 * The flat `Data` map CloudFormation exposes through `Fn::GetAtt`. Every attribute is always present
 * (empty when EC2 has no value) so that a `GetAtt` never fails on an image that lacks a field.
 */
export function imageAttributes(image: Image): Record<string, string> {
  const root = rootVolume(image);
  return {
    [Attr.imageId]: image.ImageId ?? '',
    [Attr.imageName]: image.Name ?? '',
    [Attr.creationDate]: image.CreationDate ?? '',
    [Attr.architecture]: image.Architecture ?? '',
    [Attr.ownerId]: image.OwnerId ?? '',
    [Attr.description]: image.Description ?? '',
    [Attr.platformDetails]: image.PlatformDetails ?? '',
    [Attr.rootDeviceName]: image.RootDeviceName ?? '',
    [Attr.rootDeviceType]: image.RootDeviceType ?? '',
    [Attr.virtualizationType]: image.VirtualizationType ?? '',
    [Attr.deprecationTime]: image.DeprecationTime ?? '',
    [Attr.bootMode]: image.BootMode ?? '',
    [Attr.enaSupport]: flag(image.EnaSupport),
    [Attr.imdsSupport]: image.ImdsSupport ?? '',
    [Attr.tpmSupport]: image.TpmSupport ?? '',
    [Attr.rootVolumeSize]: root?.VolumeSize === undefined ? '' : String(root.VolumeSize),
    [Attr.rootVolumeType]: root?.VolumeType ?? '',
    [Attr.imageAllowed]: flag(image.ImageAllowed),
  };
}

function flag(v: boolean | undefined): string {
  return v === undefined ? '' : String(v);
}

/**
 * The EBS volume mapped at the root device name. Instance-store images and mappings that name
 * another device have none; EC2 may write the root as `sda1` in one place and `/dev/sda1` in the
 * other, so the `/dev/` prefix does not count.
 */
function rootVolume(image: Image) {
  const name = image.RootDeviceName;
  if (name === undefined) return undefined;
  const bare = (d: string | undefined) => (d ?? '').replace(/^\/dev\//, '');
  return image.BlockDeviceMappings?.find((m) => bare(m.DeviceName) === bare(name))?.Ebs;
}

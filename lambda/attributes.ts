import { Image } from '@aws-sdk/client-ec2';
import { Attr } from '../src/wire';

/**
 * The flat `Data` map CloudFormation exposes through `Fn::GetAtt`. Every attribute is always present
 * (empty when EC2 has no value) so that a `GetAtt` never fails on an image that lacks a field.
 */
export function imageAttributes(image: Image): Record<string, string> {
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
  };
}

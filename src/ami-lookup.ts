import { CfnResource, CustomResource, Duration, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { ImageOrder } from './image-order';
import { AmiLookupFunction, SERVICE_TIMEOUT } from './lookup-function';
import { lookupProperties } from './lookup-properties';
import { compileNamePattern } from './name-pattern';
import { Refresh } from './refresh';
import { queryProblems, selectionProblems, withDefaultFilters } from './rules';
import { Attr, RESOURCE_TYPE } from './wire';

/**
 * Properties of an {@link AmiLookup}.
 *
 * The query fields go to EC2 `DescribeImages` as given; see the EC2 API reference for their meaning.
 */
export interface AmiLookupProps {
  /**
   * Owners of the images: 12-digit account IDs or `self`, `amazon`, `aws-marketplace`, `aws-backup-vault`.
   *
   * Pin every lookup to an owner (here, with an `owner-id` / `owner-alias` filter, or with `imageIds`):
   * anyone can publish a public image with any name.
   *
   * @default - no `Owners` parameter (then pin the query another way, or set `allowUnpinnedOwner`)
   */
  readonly owners?: string[];

  /**
   * Only images that these users may launch: account IDs, `self` or `all`.
   *
   * @default - no `ExecutableUsers` parameter
   */
  readonly executableUsers?: string[];

  /**
   * Only these image IDs. EC2 answers an error if one does not exist.
   *
   * @default - no `ImageIds` parameter
   */
  readonly imageIds?: string[];

  /**
   * Include images past their deprecation time.
   *
   * @default false
   */
  readonly includeDeprecated?: boolean;

  /**
   * Include disabled images.
   *
   * @default false
   */
  readonly includeDisabled?: boolean;

  /**
   * DescribeImages filters: a map from filter name to the values to match. Values of one filter are
   * OR'ed, filters are AND'ed, values may use the `*` and `?` wildcards, and everything is case-sensitive.
   * Any filter name EC2 supports is accepted, including `tag:<key>`.
   *
   * `state=available` and `image-type=machine` are added unless you give those filters yourself.
   *
   * @example
   * new AmiLookup(this, 'Al2023', {
   *   owners: ['amazon'],
   *   filters: { name: ['al2023-ami-2023.*-x86_64'], architecture: ['x86_64'] },
   * });
   * @default - only `state=available` and `image-type=machine`
   */
  readonly filters?: { [name: string]: string[] };

  /**
   * Allow a query that is not pinned to an owner.
   *
   * Without an owner, a lookup can pick an image that a stranger published under a matching name
   * ("AMI squatting"). Synth fails for such queries unless this is `true`.
   *
   * @default false
   */
  readonly allowUnpinnedOwner?: boolean;

  /**
   * The operating system of the images the query matches.
   *
   * @default ec2.OperatingSystemType.LINUX
   */
  readonly os?: ec2.OperatingSystemType;

  /**
   * User data for instances launched from the image.
   *
   * @default - empty user data for `os`
   */
  readonly userData?: ec2.UserData;

  /**
   * Keep only images whose name matches this regular expression.
   *
   * The dialect is RE2's, as in Terraform's `name_regex` and Go's `regexp`: matching takes time
   * linear in the name's length, so no image name, however crafted, can stall a deploy. Patterns
   * are matched by Unicode code point. Backreferences and lookaround are not supported; see the
   * README's "Name patterns" for how RE2 differs from JavaScript's `RegExp`. The pattern is
   * unanchored: it matches anywhere in the name unless you use `^` and `$`. An invalid or
   * unsupported pattern fails at synth, naming the construct.
   *
   * @example
   * // Standard images only: minimal ones have "minimal" where this pattern has the version.
   * new AmiLookup(this, 'Standard', {
   *   owners: ['amazon'],
   *   nameRegex: "^al2023-ami-2023[.][0-9.]+-kernel-6[.]1-x86_64$",
   * });
   * @default - every name the query returns
   */
  readonly nameRegex?: string;

  /**
   * Keep only images at least this old at deploy time: a soak period, so that a brand-new image is
   * not picked until it has been out for, say, 7 days.
   *
   * Whole seconds, from 0 to 100 years: `Duration.millis(1500)` fails at synth.
   *
   * @default - no minimum
   */
  readonly minAge?: Duration;

  /**
   * Keep only images at most this old at deploy time.
   *
   * Whole seconds, from 0 to 100 years, and not less than `minAge`.
   *
   * @default - no maximum
   */
  readonly maxAge?: Duration;

  /**
   * Images that must never be picked, such as a known-bad release.
   *
   * @default - none
   */
  readonly excludeImageIds?: string[];

  /**
   * With `includeDeprecated`, images that are not deprecated are always preferred; this decides
   * whether a deprecated image may be picked when no other image is left.
   *
   * @default true
   */
  readonly fallbackToDeprecated?: boolean;

  /**
   * The order that ranks the images left after the other stages.
   *
   * @default ImageOrder.newestCreationDate()
   */
  readonly order?: ImageOrder;

  /**
   * Which image to pick in `order`: 0 is the best, 1 the next (an "N-1" policy), and so on, up to 99.
   *
   * @default 0
   */
  readonly rank?: number;

  /**
   * The image to use when no image is left after the stages, instead of failing the deployment.
   * The `resolvedFrom` attribute tells which one was used.
   *
   * @default - no fallback: the deployment fails with a reason that says which stage removed the last image
   */
  readonly fallbackImageId?: string;

  /**
   * When the lookup is resolved again.
   *
   * @default Refresh.never(): resolved on create, and again only when the lookup's properties change
   */
  readonly refresh?: Refresh;

  /**
   * Look the image up in this region instead of the stack's (for example, to copy it).
   *
   * @default - the stack's region
   */
  readonly region?: string;

  /**
   * Assume this IAM role and look the image up with its credentials, for example in a central image
   * account. The lookup function's role is allowed `sts:AssumeRole` on exactly the roles that the
   * stack's lookups name. The role must trust that function's role and allow `ec2:DescribeImages`.
   *
   * @default - the lookup function's own role
   */
  readonly lookupRoleArn?: string;
}

/**
 * An Amazon Machine Image resolved at deploy time.
 *
 * A `Custom::AmiLookup` resource pages through EC2 `DescribeImages` with the query in the props when
 * the stack is deployed, picks one image by a documented total order (newest creation date, then the
 * greater name in natural version order, then the greater image ID), and exposes its ID and attributes
 * as tokens. The image is resolved on create and re-resolved only when the lookup's properties change,
 * so an unrelated deploy never replaces instances.
 *
 * It is an `ec2.IMachineImage`, so it plugs into `ec2.Instance`, `ec2.LaunchTemplate` and auto scaling groups.
 *
 * @example
 * const image = new AmiLookup(this, 'Al2023', {
 *   owners: ['amazon'],
 *   filters: { name: ['al2023-ami-2023.*-x86_64'], architecture: ['x86_64'] },
 * });
 * new ec2.Instance(this, 'Instance', {
 *   vpc,
 *   instanceType: new ec2.InstanceType('t3.micro'),
 *   machineImage: image,
 * });
 */
export class AmiLookup extends Construct implements ec2.IMachineImage {
  /**
   * The image ID, e.g. `ami-0123456789abcdef0`: a token for `Fn::GetAtt` of the resource's `ImageId`.
   *
   * Not the resource's `Ref`: since 1.0 the physical ID also records the image this resource held
   * before and digests of the properties that produced each, so that a rollback restores the image it
   * replaced (see the README's "Pinning and rollback").
   */
  public readonly imageId: string;
  /** The image name. */
  public readonly imageName: string;
  /** When the image was created, in ISO 8601 (e.g. `2026-11-20T08:15:30.000Z`). */
  public readonly creationDate: string;
  /** The architecture, e.g. `x86_64` or `arm64`. */
  public readonly architecture: string;
  /** The account ID of the image's owner. */
  public readonly ownerId: string;
  /** The image description (empty when it has none; cut to fit CloudFormation's 4 KiB response). */
  public readonly description: string;
  /** The platform details, e.g. `Linux/UNIX` or `Windows`. */
  public readonly platformDetails: string;
  /** The root device name, e.g. `/dev/xvda`. */
  public readonly rootDeviceName: string;
  /** The root device type, `ebs` or `instance-store`. */
  public readonly rootDeviceType: string;
  /** The virtualization type, `hvm` or `paravirtual`. */
  public readonly virtualizationType: string;
  /** When the image is or was deprecated, in ISO 8601; empty when it has no deprecation time. */
  public readonly deprecationTime: string;
  /** On an update, the image this resource held before the update; empty on create. */
  public readonly previousImageId: string;
  /**
   * `query` when the image was selected from the query's results, `fallback` when it is
   * `fallbackImageId`, `restored` when an update with earlier properties (a rollback, or a revert)
   * brought back the image those properties produced, without choosing again.
   */
  public readonly resolvedFrom: string;

  private readonly os: ec2.OperatingSystemType;
  private readonly userData?: ec2.UserData;

  constructor(scope: Construct, id: string, props: AmiLookupProps = {}) {
    super(scope, id);

    this.os = props.os ?? ec2.OperatingSystemType.LINUX;
    this.userData = props.userData;

    const filters = withDefaultFilters(props.filters ?? {});
    validateAtSynth(this, props, filters);
    validatePolicyAtSynth(this, props);
    if (props.lookupRoleArn !== undefined) {
      AmiLookupFunction.of(this).allowAssumeRole(props.lookupRoleArn);
    }

    const resource = new CustomResource(this, 'Resource', {
      resourceType: RESOURCE_TYPE,
      serviceToken: AmiLookupFunction.of(this).functionArn,
      properties: lookupProperties({
        owners: props.owners,
        executableUsers: props.executableUsers,
        imageIds: props.imageIds,
        includeDeprecated: props.includeDeprecated,
        includeDisabled: props.includeDisabled,
        filters: props.filters,
        allowUnpinnedOwner: props.allowUnpinnedOwner,
        nameRegex: props.nameRegex,
        minAgeSeconds: props.minAge?.toSeconds(),
        maxAgeSeconds: props.maxAge?.toSeconds(),
        excludeImageIds: props.excludeImageIds,
        fallbackToDeprecated: props.fallbackToDeprecated,
        order: (props.order ?? ImageOrder.newestCreationDate())._wireName,
        rank: props.rank,
        fallbackImageId: props.fallbackImageId,
        refreshToken: (props.refresh ?? Refresh.never())._token(this),
        region: props.region,
        lookupRoleArn: props.lookupRoleArn,
      }),
    });

    // `serviceTimeout` is a CustomResource prop only from aws-cdk-lib 2.174.0 on and renders as a
    // string of seconds; the raw property gives the same template at every version in the peer range.
    (resource.node.defaultChild as CfnResource).addPropertyOverride('ServiceTimeout', String(SERVICE_TIMEOUT.toSeconds()));

    // Not the resource's Ref: the physical ID also records what a rollback needs (lambda/state.ts).
    this.imageId = resource.getAttString(Attr.imageId);
    this.imageName = resource.getAttString(Attr.imageName);
    this.creationDate = resource.getAttString(Attr.creationDate);
    this.architecture = resource.getAttString(Attr.architecture);
    this.ownerId = resource.getAttString(Attr.ownerId);
    this.description = resource.getAttString(Attr.description);
    this.platformDetails = resource.getAttString(Attr.platformDetails);
    this.rootDeviceName = resource.getAttString(Attr.rootDeviceName);
    this.rootDeviceType = resource.getAttString(Attr.rootDeviceType);
    this.virtualizationType = resource.getAttString(Attr.virtualizationType);
    this.deprecationTime = resource.getAttString(Attr.deprecationTime);
    this.previousImageId = resource.getAttString(Attr.previousImageId);
    this.resolvedFrom = resource.getAttString(Attr.resolvedFrom);
  }

  /** Returns the image for `ec2.Instance`, `ec2.LaunchTemplate` and auto scaling groups. */
  public getImage(_scope: Construct): ec2.MachineImageConfig {
    return {
      imageId: this.imageId,
      osType: this.os,
      // A fresh UserData per consumer, as MachineImage.lookup does, so one instance's commands never leak into another's.
      userData: this.userData ?? ec2.UserData.forOperatingSystem(this.os),
    };
  }
}

function validateAtSynth(scope: Construct, props: AmiLookupProps, filters: Array<{ name: string; values: string[] }>): void {
  const concrete = (list?: string[]) => list === undefined || (!Token.isUnresolved(list) && list.every((v) => !Token.isUnresolved(v)));
  const lists = [props.owners, props.executableUsers, props.imageIds, ...filters.map((f) => f.values)];
  const filterNames = filters.map((f) => f.name);
  if (!lists.every(concrete) || filterNames.some((n) => Token.isUnresolved(n))) {
    // Tokens resolve at deploy time; the handler checks the same rules then.
    return;
  }
  const problems = queryProblems({
    owners: props.owners ?? [],
    executableUsers: props.executableUsers ?? [],
    imageIds: props.imageIds ?? [],
    filters,
    allowUnpinnedOwner: props.allowUnpinnedOwner ?? false,
  });
  if (problems.length > 0) {
    throw new Error(`AmiLookup ${scope.node.path}: invalid query: ${problems.join('; ')}`);
  }
}

function validatePolicyAtSynth(scope: Construct, props: AmiLookupProps): void {
  const concrete = (v?: string) => v === undefined || !Token.isUnresolved(v);
  const ids = props.excludeImageIds ?? [];
  if (![props.nameRegex, props.fallbackImageId, props.region, props.lookupRoleArn].every(concrete)
    || Token.isUnresolved(ids) || !ids.every((v) => concrete(v)) || (props.rank !== undefined && Token.isUnresolved(props.rank))) {
    return;
  }
  // Fractions are left in, so that selectionProblems names the prop instead of Duration throwing.
  const seconds = (d?: Duration) => (d === undefined ? undefined : d.toMilliseconds() / 1000);
  const problems = selectionProblems({
    nameRegex: props.nameRegex,
    minAgeSeconds: seconds(props.minAge),
    maxAgeSeconds: seconds(props.maxAge),
    excludeImageIds: ids,
    rank: props.rank ?? 0,
    fallbackImageId: props.fallbackImageId,
    region: props.region,
    lookupRoleArn: props.lookupRoleArn,
  }, compileNamePattern);
  if (problems.length > 0) {
    throw new Error(`AmiLookup ${scope.node.path}: invalid selection settings: ${problems.join('; ')}`);
  }
}

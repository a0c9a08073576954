import { Annotations, CfnResource, CustomResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { ImageOrder } from './image-order';
import { AmiLookupFunction, SERVICE_TIMEOUT } from './lookup-function';
import { Refresh } from './refresh';
import { Repair } from './repair';
import { architectureProblem } from './shared/architecture-rules';
import { instanceTypeProblem } from './shared/instance-architecture';
import { lookupProperties } from './shared/lookup-properties';
import { compileNamePattern } from './shared/name-pattern';
import { parameterNameProblem } from './shared/parameter-rules';
import { queryProblems } from './shared/query-rules';
import { fallbackToDeprecatedProblem, selectionProblems } from './shared/selection-rules';
import { lookupSettings } from './shared/settings';
import { readSourceParameter, sourceParameterProblems } from './shared/source-parameter';
import { Attr, CHECK_PROPERTIES, Prop, RESOURCE_TYPE } from './shared/wire';

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
   * The instance type the image is for: the query asks only for images of the architecture it runs
   * (`ec2.InstanceType.architecture`: arm64 for Graviton types, x86_64 otherwise), so that a Graviton
   * instance never gets an x86_64 image or the other way round.
   *
   * An `architecture` filter none of whose values match that architecture fails at synth. Mac
   * instance types fail too: their images are `x86_64_mac` or `arm64_mac`, which the instance type's
   * architecture does not tell apart; use an `architecture` filter for them.
   *
   * @example
   * new AmiLookup(this, 'ForGraviton', {
   *   owners: ['amazon'],
   *   filters: { name: ['al2023-ami-2023.*-kernel-6.1-*'] },
   *   instanceType: new ec2.InstanceType('m7g.large'),
   * });
   * @default - no architecture is added to the query
   */
  readonly instanceType?: ec2.InstanceType;

  /**
   * Pick an image even when the images left after the other stages differ in architecture, in
   * platform (Windows or not), in root device type or in virtualization type.
   *
   * By default such a lookup fails, naming each value with its count and the filter or prop that
   * would pin it: which of them is picked would depend on which was published last. A query pinned
   * by `imageIds` is never refused. Boot mode is not checked: it legitimately changes between
   * releases of one image line.
   *
   * @default false
   */
  readonly allowMixedImages?: boolean;

  /**
   * Also write the chosen image ID to an SSM parameter of this name, with data type `aws:ec2:image`,
   * so that launch templates and other stacks can read it with `resolve:ssm:`.
   *
   * CloudFormation writes it (the lookup function needs no SSM permission). It changes whenever the
   * lookup resolves to another image, and a rollback restores it with the image. Read access is
   * granted with `grantRead`.
   *
   * @example
   * const image = new AmiLookup(this, 'Golden', {
   *   owners: ['self'],
   *   filters: { name: ['golden-*'] },
   *   parameterName: '/images/golden/latest',
   * });
   * // A launch template elsewhere: ImageId: 'resolve:ssm:/images/golden/latest'
   * @default - no parameter
   */
  readonly parameterName?: string;

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
   * Whether a deprecated image may be picked when no image that is not deprecated is left.
   *
   * Only `includeDeprecated` brings deprecated images into the query, and images that are not
   * deprecated are always preferred to them. Setting this without `includeDeprecated: true` fails
   * at synth, since it would have no effect.
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
   * Whether every deploy checks that the held image can still launch, and picks again when it
   * cannot (or, with `Repair.whenDeprecated()`, when it is deprecated or soon will be).
   *
   * A healthy image costs one `DescribeImages` call and changes nothing: the same physical ID and
   * the same attributes. A dead one is replaced by what the lookup's query or parameter picks now, or
   * by `fallbackImageId`; with neither, the deploy fails, naming the dead image. With repair on,
   * `cdk diff` shows the lookup's `RepairToken` property changing on every deploy, and nothing else.
   *
   * @example
   * const image = new AmiLookup(this, 'Image', {
   *   owners: ['amazon'],
   *   filters: { name: ['al2023-ami-2023.*-x86_64'] },
   *   repair: Repair.whenDeprecated(Duration.days(14)),
   * });
   * @default Repair.never(): the held image is not checked
   */
  readonly repair?: Repair;

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

  /**
   * Read the image ID from this SSM parameter at deploy time, instead of querying DescribeImages: a
   * name, or an ARN (needed for a parameter shared from another account), optionally followed by
   * `:<version>` or `:<label>`, as GetParameter takes it.
   *
   * The pick is pinned like a query's: the parameter is read again only when the props change or
   * `refresh` asks, and a rollback restores the exact prior image even after the parameter moved on.
   * The value must be an image ID (data type `aws:ec2:image`, or text holding one); the image must
   * exist and be available, and `instanceType`, `minAge`, `maxAge`, `excludeImageIds` and
   * `fallbackImageId` apply to it. With `minAge`, a parameter with history (the account's own, or
   * one shared with it) adopts its newest value that has been the value for at least that long; a
   * public parameter (`/aws/service/...`), which keeps no history, adopts a value once its image
   * was created at least that long ago, and until then the held image stays.
   *
   * Not to be confused with `parameterName`, where the lookup writes its pick. It cannot be combined
   * with the query props (`owners`, `executableUsers`, `imageIds`, `filters`, `includeDeprecated`,
   * `includeDisabled`, `allowUnpinnedOwner`, `nameRegex`, `order`, `rank`, `allowMixedImages`,
   * `fallbackToDeprecated`). The function's role may call `ssm:GetParameter` (and
   * `ssm:GetParameterHistory` with `minAge`) on this parameter only; with `lookupRoleArn`, the role
   * it assumes reads the parameter instead.
   *
   * @example
   * const al2023 = new AmiLookup(this, 'Al2023', {
   *   sourceParameter: '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
   * });
   * @default - the image comes from the DescribeImages query in the other props
   */
  readonly sourceParameter?: string;
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
   * Not the resource's `Ref`: the physical ID also records the image this resource held
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
  /** The boot mode, `legacy-bios`, `uefi` or `uefi-preferred`; empty when the image names none. */
  public readonly bootMode: string;
  /** `true` when the image supports ENA enhanced networking, `false` when not; empty when EC2 does not say. */
  public readonly enaSupport: string;
  /** `v2.0` when instances launched from the image require IMDSv2; empty otherwise. */
  public readonly imdsSupport: string;
  /** `v2.0` when the image is configured for NitroTPM; empty otherwise. */
  public readonly tpmSupport: string;
  /** The size in GiB of the EBS volume mapped at the root device name, e.g. `8`; empty when none is (instance store). */
  public readonly rootVolumeSize: string;
  /** The volume type of the EBS volume mapped at the root device name, e.g. `gp3`; empty when none is. */
  public readonly rootVolumeType: string;
  /**
   * `true` or `false` as EC2's Allowed AMIs account setting judges the image; empty when the setting
   * is off. Images judged `false` are never picked, so this is `false` only for a restored or fallback image.
   */
  public readonly imageAllowed: string;
  /** On an update, the image this resource held before the update; empty on create. */
  public readonly previousImageId: string;
  /**
   * `query` when the image was selected from the query's results, `fallback` when it is
   * `fallbackImageId`, `restored` when an update with earlier properties (a rollback, or a revert)
   * brought back the image those properties produced, without choosing again.
   */
  public readonly resolvedFrom: string;

  /** The SSM parameter that holds the chosen image ID, when `parameterName` is set. */
  public readonly parameter?: ssm.IStringParameter;

  private readonly os: ec2.OperatingSystemType;
  private readonly userData?: ec2.UserData;
  /**
   * Where the lookup describes images, for the health monitor (src/ami-lookup-monitor.ts).
   *
   * @internal
   */
  public readonly _target: { readonly region?: string; readonly lookupRoleArn?: string };

  /**
   * What the health monitor needs to resolve the lookup as a refresh would (`checkNewerImages`): its
   * properties without the tokens that only make a deploy run it, and the parameter it reads.
   *
   * @internal
   */
  public readonly _resolvable: {
    readonly properties: Readonly<Record<string, unknown>>;
    readonly parameterRead?: { readonly arn: string; readonly withHistory: boolean };
  };

  constructor(scope: Construct, id: string, props: AmiLookupProps) {
    super(scope, id);

    this.os = props.os ?? ec2.OperatingSystemType.LINUX;
    this.userData = props.userData;
    this._target = { region: props.region, lookupRoleArn: props.lookupRoleArn };

    const architecture = validateAtSynth(this, props);
    // With a role, the role reads the parameter; without one, the function's own role must.
    const parameterRead = props.sourceParameter !== undefined && props.lookupRoleArn === undefined
      ? { arn: sourceParameterArn(this, props), withHistory: props.minAge !== undefined } : undefined;
    if (props.lookupRoleArn !== undefined) {
      AmiLookupFunction.of(this).allowAssumeRole(props.lookupRoleArn);
    } else if (parameterRead !== undefined) {
      AmiLookupFunction.of(this).allowParameterRead(parameterRead.arn, parameterRead.withHistory);
    }

    const properties = lookupProperties(lookupSettings({
      owners: props.owners,
      executableUsers: props.executableUsers,
      imageIds: props.imageIds,
      includeDeprecated: props.includeDeprecated,
      includeDisabled: props.includeDisabled,
      filters: props.filters,
      architecture,
      allowUnpinnedOwner: props.allowUnpinnedOwner,
      nameRegex: props.nameRegex,
      minAgeSeconds: props.minAge?.toSeconds(),
      maxAgeSeconds: props.maxAge?.toSeconds(),
      excludeImageIds: props.excludeImageIds,
      fallbackToDeprecated: props.fallbackToDeprecated,
      order: props.order?._wireName,
      orderTagKey: props.order?._tagKey,
      rank: props.rank,
      fallbackImageId: props.fallbackImageId,
      refreshToken: (props.refresh ?? Refresh.never())._token(this),
      region: props.region,
      lookupRoleArn: props.lookupRoleArn,
      allowMixedImages: props.allowMixedImages,
      sourceParameter: props.sourceParameter,
      repair: props.repair?._wireName,
      repairWithinSeconds: props.repair?._withinSeconds,
      repairToken: props.repair?._token(this),
    }));
    const resource = new CustomResource(this, 'Resource', {
      resourceType: RESOURCE_TYPE,
      serviceToken: AmiLookupFunction.of(this).functionArn,
      properties,
    });
    this._resolvable = {
      properties: Object.fromEntries(Object.entries(properties).filter(([k]) => k !== Prop.refreshToken && !CHECK_PROPERTIES.includes(k))),
      parameterRead,
    };

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
    this.bootMode = resource.getAttString(Attr.bootMode);
    this.enaSupport = resource.getAttString(Attr.enaSupport);
    this.imdsSupport = resource.getAttString(Attr.imdsSupport);
    this.tpmSupport = resource.getAttString(Attr.tpmSupport);
    this.rootVolumeSize = resource.getAttString(Attr.rootVolumeSize);
    this.rootVolumeType = resource.getAttString(Attr.rootVolumeType);
    this.imageAllowed = resource.getAttString(Attr.imageAllowed);
    this.previousImageId = resource.getAttString(Attr.previousImageId);
    this.resolvedFrom = resource.getAttString(Attr.resolvedFrom);

    if (props.parameterName !== undefined) {
      // The image ID attribute, not the physical ID: CloudFormation updates the parameter whenever the
      // lookup resolves to another image, and rolls it back with the lookup.
      this.parameter = new ssm.StringParameter(this, 'Parameter', {
        parameterName: props.parameterName,
        stringValue: this.imageId,
        dataType: ssm.ParameterDataType.AWS_EC2_IMAGE,
        description: `The image ID chosen by the AmiLookup ${this.node.path}`,
      });
    }
  }

  /**
   * Grants read access to the SSM parameter that holds the image ID (`ssm:DescribeParameters`,
   * `ssm:GetParameters`, `ssm:GetParameter`, `ssm:GetParameterHistory`).
   *
   * Fails at synth when `parameterName` is not set: there is no parameter to read.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    if (this.parameter === undefined) {
      throw new Error(`AmiLookup ${this.node.path}: grantRead needs a parameter to read; set parameterName`);
    }
    return this.parameter.grantRead(grantee);
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

/**
 * Every problem with the props at once, each naming the prop and the value given, in one error; a
 * warning for what is legal but likely a mistake. Values that are tokens are checked by the
 * function at deploy time instead, by the same rules. Returns the architecture `instanceType` runs.
 */
function validateAtSynth(scope: AmiLookup, props: AmiLookupProps): string | undefined {
  const problems: string[] = [];
  const architecture = instanceArchitecture(scope, props, problems);
  // Each value is judged on its own: a token stands in as a valid value of its kind (the function
  // checks its real value), so that it neither hides the other props' problems nor makes new ones.
  const concreteOr = <T>(value: T | undefined, otherwise?: T) => (isConcrete(value) ? value : otherwise);
  // Fractions are left in, so that selectionProblems names the prop instead of Duration throwing.
  const seconds = (d?: Duration) => (d === undefined || d.isUnresolved() ? undefined : d.toMilliseconds() / 1000);
  const judged = lookupSettings({
    owners: concreteList(props.owners, 'self'),
    executableUsers: concreteList(props.executableUsers, 'self'),
    imageIds: concreteList(props.imageIds, 'ami-00000000'),
    filters: Object.fromEntries(Object.entries(props.filters ?? {})
      .filter(([name]) => isConcrete(name)).map(([name, values]) => [name, concreteList(values, '*')])),
    architecture,
    allowUnpinnedOwner: props.allowUnpinnedOwner,
    nameRegex: concreteOr(props.nameRegex),
    minAgeSeconds: seconds(props.minAge),
    maxAgeSeconds: seconds(props.maxAge),
    excludeImageIds: concreteList(props.excludeImageIds, 'ami-00000000'),
    rank: concreteOr(props.rank, 0),
    fallbackImageId: concreteOr(props.fallbackImageId),
    region: concreteOr(props.region),
    lookupRoleArn: concreteOr(props.lookupRoleArn),
    orderTagKey: concreteOr(props.order?._tagKey),
    sourceParameter: concreteOr(props.sourceParameter),
    includeDeprecated: props.includeDeprecated,
    includeDisabled: props.includeDisabled,
    fallbackToDeprecated: props.fallbackToDeprecated,
    order: props.order?._wireName,
    allowMixedImages: props.allowMixedImages,
  });
  if (props.sourceParameter !== undefined && !isConcrete(props.sourceParameter)) {
    problems.push('sourceParameter must be known at synth: it decides the function\'s permissions');
  }
  // A parameter names its one image: the query's rules give way to the parameter's.
  const stackRegion = Stack.of(scope).region;
  problems.push(...(props.sourceParameter === undefined ? queryProblems(judged)
    : sourceParameterProblems(judged, Token.isUnresolved(stackRegion) ? undefined : stackRegion)));
  problems.push(...selectionProblems(judged, compileNamePattern));
  const deprecation = fallbackToDeprecatedProblem(props.includeDeprecated, props.fallbackToDeprecated);
  if (deprecation) problems.push(deprecation);
  const parameterName = props.parameterName !== undefined && isConcrete(props.parameterName) ? props.parameterName : undefined;
  if (parameterName !== undefined) {
    const problem = parameterNameProblem(parameterName) ?? duplicateParameterProblem(scope, parameterName);
    if (problem) problems.push(problem);
  }
  if (problems.length === 1) throw new Error(`AmiLookup ${scope.node.path}: invalid props: ${problems[0]}`);
  if (problems.length > 1) {
    throw new Error(`AmiLookup ${scope.node.path}: ${problems.length} invalid props:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  // Only a lookup that synthesizes writes its parameter.
  if (parameterName !== undefined) PARAMETERS_OF_STACK.get(Stack.of(scope))!.set(parameterName, scope.node.path);
  return architecture;
}

/** A list with each token replaced by `standIn`; a list that is itself a token becomes `[standIn]`. */
function concreteList(list: readonly string[] | undefined, standIn: string): string[] {
  if (list === undefined) return [];
  if (Token.isUnresolved(list)) return [standIn];
  return list.map((v) => (isConcrete(v) ? v : standIn));
}

/**
 * The parameter's ARN for IAM, without a selector: as given, or made from the name in the lookup's
 * region and account. AWS's public parameters have no account in their ARN.
 */
function sourceParameterArn(scope: Construct, props: AmiLookupProps): string {
  const ref = readSourceParameter(props.sourceParameter!).ref!;
  if (ref.arn !== undefined) return ref.arn;
  const stack = Stack.of(scope);
  const account = ref.isPublic ? '' : stack.account;
  return `arn:${stack.partition}:ssm:${props.region ?? stack.region}:${account}:parameter/${ref.name.replace(/^\//, '')}`;
}

/** The one token check: a value (deep) with no token in it can be judged at synth. */
function isConcrete(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Token.isUnresolved(value)) return false;
  if (Array.isArray(value)) return value.every(isConcrete);
  if (typeof value === 'object') return Object.entries(value).every(([k, v]) => !Token.isUnresolved(k) && isConcrete(v));
  return true;
}

/** The parameter names each stack's lookups write, so that two lookups never write one parameter. */
const PARAMETERS_OF_STACK = new WeakMap<Stack, Map<string, string>>();

function duplicateParameterProblem(scope: Construct, name: string): string | undefined {
  const stack = Stack.of(scope);
  const taken = PARAMETERS_OF_STACK.get(stack) ?? new Map<string, string>();
  PARAMETERS_OF_STACK.set(stack, taken);
  const owner = taken.get(name);
  if (owner !== undefined) {
    return `parameterName: ${JSON.stringify(name)} is already written by the AmiLookup ${owner} in this stack; `
      + 'two lookups cannot write one parameter (the deploy would fail on the duplicate)';
  }
  return undefined;
}

/** The instance type classes this aws-cdk-lib knows (`m7g`, `t3`, ...). */
const KNOWN_INSTANCE_CLASSES = new Set<string>(Object.values(ec2.InstanceClass));

/** The architecture `instanceType` runs, checked against the query's architecture filter. */
function instanceArchitecture(scope: Construct, props: AmiLookupProps, problems: string[]): string | undefined {
  if (props.instanceType === undefined) return undefined;
  const name = props.instanceType.toString();
  if (Token.isUnresolved(name)) {
    problems.push('instanceType must be known at synth: its architecture decides the query');
    return undefined;
  }
  const problem = instanceTypeProblem(name);
  if (problem) {
    problems.push(problem);
    return undefined;
  }
  const instanceClass = name.split('.')[0];
  if (!KNOWN_INSTANCE_CLASSES.has(instanceClass)) {
    Annotations.of(scope).addWarningV2('cdk-ami-lookup:unknownInstanceClass',
      `instanceType ${JSON.stringify(name)}: aws-cdk-lib does not know the instance class ${JSON.stringify(instanceClass)} `
      + `(a typo, or a class newer than this aws-cdk-lib), so its architecture is guessed as ${props.instanceType.architecture}`);
  }
  const architecture: string = props.instanceType.architecture;
  const filters = props.filters ?? {};
  const contradiction = isConcrete(filters.architecture) ? architectureProblem(name, architecture, filters) : undefined;
  if (contradiction) problems.push(contradiction);
  return architecture;
}

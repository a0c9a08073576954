/**
 * A lookup whose image comes from an SSM parameter (`SourceParameter`): read the parameter (through
 * the soak rule when minAge is set), check that its value is an image ID, describe that image, and
 * judge it by every stage that has a meaning for one image. The fallback applies as for a query.
 *
 * The soak rule: a parameter with history (the caller's own, or one shared with it, read by ARN)
 * adopts the newest value that has been the parameter's value for at least minAge. AWS's public
 * parameters keep no history, so there minAge judges the image's creation date instead: a newer
 * value is adopted once its image is old enough, and until then a held image stays.
 */
import { Image } from '@aws-sdk/client-ec2';
import { describeById, describeOne } from './describe-image';
import { AwsCallError, Budget, UserFacingError } from './events';
import { isImageAbsentError } from './health';
import type { Ec2Target, LookupDeps, Resolution, ResolveOptions } from './lookup';
import { ParameterValue } from './parameter-reader';
import { Selector } from './selector';
import { soakPick } from './soak';
import { IMAGE_ID } from '../src/shared/formats';
import { quote } from '../src/shared/quote';
import { LookupSettings } from '../src/shared/settings';
import { readSourceParameter, SourceParameterRef } from '../src/shared/source-parameter';
import { RESOLVED_FROM } from '../src/shared/wire';

/** Which value of the parameter a lookup took, and why: for the log, the preview and its JSON. */
export interface ParameterPick {
  /** The parameter, as the lookup names it (without the selector). */
  readonly parameter: string;
  readonly version: number;
  /** ISO 8601: when this value was set. */
  readonly lastModified: string;
  readonly value: string;
  /** How the value was chosen: the current one, the newest that stood for minAge, or the current one judged by its image's age. */
  readonly rule: 'current' | 'soaked history' | 'image age';
  /** The parameter's current version, when the soak took an older one. */
  readonly currentVersion?: number;
}

/** Resolves a parameter source; `resolution.failure` says why nothing was picked, `keepHeld` that the held image stays. */
export async function resolveFromParameter(settings: LookupSettings, deps: LookupDeps, budget: Budget,
  options: ResolveOptions = {}): Promise<Resolution> {
  const ref = readSourceParameter(settings.sourceParameter!).ref!;
  const reader = deps.parameters;
  if (reader === undefined) throw new UserFacingError('this lookup reads an SSM parameter, but no parameter reader was given');
  const target: Ec2Target = { region: settings.region, lookupRoleArn: settings.lookupRoleArn };
  const request = settings.sourceParameter!;
  const now = deps.now();

  const current = await reader.get(request, target, budget);
  let chosen: ParameterValue = current;
  let rule: ParameterPick['rule'] = 'current';
  const soaks = settings.minAgeSeconds !== undefined;
  if (soaks && !ref.isPublic) {
    const history: ParameterValue[] = [];
    for await (const page of reader.history(ref.base, target, budget)) history.push(...page);
    const pick = soakPick(history, now, settings.minAgeSeconds!);
    rule = 'soaked history';
    if (pick === undefined) {
      return unpicked(settings, deps, budget, target, options, {
        text: `no value of parameter ${ref.base} has stood for minAge (${settings.minAgeSeconds} s) yet: version ${current.version} was set ${new Date(current.lastModified).toISOString()}`,
        soakHeldBack: true,
      }, current, rule);
    }
    chosen = pick;
  } else if (soaks) {
    rule = 'image age';
  }
  const pick: ParameterPick = {
    parameter: ref.base,
    version: chosen.version,
    lastModified: new Date(chosen.lastModified).toISOString(),
    value: chosen.value,
    rule,
    currentVersion: chosen.version === current.version ? undefined : current.version,
  };

  const valueProblem = imageIdValueProblem(ref, chosen);
  if (valueProblem) throw new UserFacingError(valueProblem);

  const where = `the value of parameter ${ref.base} (version ${chosen.version})`;
  const image = await describeValue(chosen.value, target, deps, budget);
  const problem: Problem | undefined = image === undefined
    ? { text: `image ${chosen.value}, ${where}, was not found: deregistered, or not shared with this account` }
    : singleImageProblem(image, settings, rule === 'image age', now, where);
  if (problem !== undefined) return unpicked(settings, deps, budget, target, options, problem, chosen, rule, pick);
  return { image, from: RESOLVED_FROM.parameter, selection: judged(image!, settings, false, now).result(), pages: 1, parameter: pick };
}

/** Why the parameter gave no image; `soakHeldBack` when only the soak (minAge) stands in the way. */
interface Problem {
  readonly text: string;
  readonly soakHeldBack?: boolean;
}

/**
 * Nothing from the parameter: a public parameter's image too young keeps the held image; otherwise
 * the fallback image; otherwise the reason, which the caller reports.
 */
async function unpicked(settings: LookupSettings, deps: LookupDeps, budget: Budget, target: Ec2Target, options: ResolveOptions,
  problem: Problem, value: ParameterValue, rule: ParameterPick['rule'], pick?: ParameterPick): Promise<Resolution> {
  const reason = problem.text;
  const parameter = pick ?? {
    parameter: readSourceParameter(settings.sourceParameter!).ref!.base,
    version: value.version,
    lastModified: new Date(value.lastModified).toISOString(),
    value: value.value,
    rule,
  };
  const empty = new Selector<Image>({ ...settings, includeDeprecated: true, nameRegex: undefined }, { now: deps.now() }).result();
  if (problem.soakHeldBack && options.heldImageId !== undefined) {
    return { from: RESOLVED_FROM.restored, selection: empty, pages: 1, parameter, keepHeld: true, failure: reason };
  }
  if (settings.fallbackImageId !== undefined) {
    const fallback = await describeOne(settings.fallbackImageId, target, deps, budget);
    return { image: fallback, from: RESOLVED_FROM.fallback, selection: empty, pages: 1, parameter, failure: reason };
  }
  return { from: RESOLVED_FROM.parameter, selection: empty, pages: 1, parameter, failure: reason };
}

/** The value's image, or undefined when EC2 does not know it: it answers an unknown ID with an error, not an empty page. */
async function describeValue(imageId: string, target: Ec2Target, deps: LookupDeps, budget: Budget): Promise<Image | undefined> {
  try {
    return await describeById(imageId, target, deps, budget, true);
  } catch (e) {
    if (e instanceof AwsCallError && isImageAbsentError(e.code)) return undefined;
    throw e;
  }
}

/** Why a parameter's value cannot be an image ID, or undefined when it is one. */
export function imageIdValueProblem(ref: SourceParameterRef, p: ParameterValue): string | undefined {
  const name = ref.base;
  if (p.type === 'SecureString') return `parameter ${name} is a SecureString; an image ID is not a secret, so it is not read (store it as a String with data type aws:ec2:image)`;
  if (IMAGE_ID.test(p.value) && p.type !== 'StringList') return undefined;
  return `parameter ${name} (type ${p.type || 'unknown'}, data type ${p.dataType ?? 'text'}) holds ${quote(p.value, 40)}, which is not an image ID`;
}

/** Why the one image fails a stage, in stage order, or undefined when it passes them all. */
function singleImageProblem(image: Image, settings: LookupSettings, judgeMinAge: boolean, now: number, where: string): Problem | undefined {
  const id = `image ${image.ImageId}, ${where},`;
  if (image.State !== undefined && image.State !== 'available') return { text: `${id} is ${image.State}, and cannot launch` };
  const architecture = settings.filters.find((f) => f.name === 'architecture');
  if (architecture !== undefined && !architecture.values.includes(image.Architecture ?? '')) {
    return { text: `${id} runs ${image.Architecture ?? 'an unknown architecture'}, but instanceType needs ${architecture.values.join(' or ')}` };
  }
  const counts = judged(image, settings, judgeMinAge, now).result().counts;
  if (counts.allowed === 0) return { text: `${id} is not allowed by Allowed AMIs in this account` };
  if (counts.age === 0) {
    const young = judgeMinAge && settings.minAgeSeconds !== undefined && Date.parse(image.CreationDate ?? '') > now - settings.minAgeSeconds * 1000;
    // Too young is the soak holding a newer value back; too old (or undated) is a problem of the image.
    return young ? { text: `${id} is too young for minAge (${settings.minAgeSeconds} s): created ${image.CreationDate}`, soakHeldBack: true }
      : { text: `${id} is older than maxAge (${settings.maxAgeSeconds} s), or has no valid creation date: created ${image.CreationDate ?? 'at an unknown time'}` };
  }
  if (counts.denyList === 0) return { text: `${id} is in excludeImageIds` };
  return undefined;
}

/** The selection stages over the one image: deprecated images count (they launch); minAge only when it judges the image. */
function judged(image: Image, settings: LookupSettings, judgeMinAge: boolean, now: number): Selector<Image> {
  const selector = new Selector<Image>({
    ...settings,
    nameRegex: undefined,
    includeDeprecated: true,
    fallbackToDeprecated: true,
    minAgeSeconds: judgeMinAge ? settings.minAgeSeconds : undefined,
  }, { now });
  selector.offer(image);
  return selector;
}

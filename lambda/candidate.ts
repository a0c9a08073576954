/** The fields of an EC2 image that selection reads. The SDK's `Image` type fits it structurally. */
export interface Candidate {
  readonly ImageId?: string;
  readonly Name?: string;
  readonly CreationDate?: string;
  readonly DeprecationTime?: string;
  readonly ImageAllowed?: boolean;
  readonly Architecture?: string;
  readonly Platform?: string;
  readonly RootDeviceType?: string;
  readonly VirtualizationType?: string;
  readonly Tags?: ReadonlyArray<{ readonly Key?: string; readonly Value?: string }>;
}

/** Parses an EC2 timestamp; undefined when absent or invalid. */
export function instant(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

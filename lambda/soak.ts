/**
 * The soak rule for a parameter with history: the value to adopt is the newest one that has been
 * the parameter's value for at least `minAge`, so that production takes a staging pick only once it
 * has stood for that long. A version's time as the value starts at its LastModifiedDate. Pure.
 */

/** The fields of a parameter version the soak reads. */
export interface SoakVersion {
  readonly version: number;
  /** Milliseconds since the epoch. */
  readonly lastModified: number;
}

/**
 * The newest version whose value was set at least `minAgeSeconds` before `now`; undefined when no
 * version is that old yet. Versions may come in any order.
 */
export function soakPick<T extends SoakVersion>(versions: Iterable<T>, now: number, minAgeSeconds: number): T | undefined {
  const latestAllowed = now - minAgeSeconds * 1000;
  let pick: T | undefined;
  for (const v of versions) {
    if (v.lastModified > latestAllowed) continue;
    if (pick === undefined || v.version > pick.version) pick = v;
  }
  return pick;
}

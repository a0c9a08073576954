/** What previewing found, for the renderers: a lookup's result, or a stack's error shared by its lookups. */
import { Endpoints } from './endpoint';
import { SearchedRegion } from './region';
import { Resolution } from '../lambda/lookup';
import { LookupSettings } from '../src/shared/settings';

export interface Preview {
  readonly path?: string;
  readonly searched?: SearchedRegion;
  /** Set once a request was made: the EC2 endpoint, STS's when a role was assumed, and SSM's when a parameter was read. */
  readonly endpoints?: Endpoints;
  readonly query?: string;
  readonly error?: string;
  readonly props?: LookupSettings;
  readonly resolution?: Resolution;
  /** Why the ambiguity guard refused the query, in the words of where the lookup came from. */
  readonly refusal?: string;
  readonly parameterNames: readonly string[];
}

/**
 * Lookups of one stack that fail for the stack's sake (it has no region), reported once for the
 * stack: the same error once per lookup would bury the one thing to fix.
 */
export interface StackError {
  readonly stack: string;
  readonly error: string;
  readonly paths: string[];
}

export type Entry = Preview | StackError;
export const isStackError = (e: Entry): e is StackError => 'stack' in e;

/** A stack's error is reported where its first lookup would be; later lookups join it. */
export function addToStackError(entries: Entry[], error: StackError): void {
  const known = entries.find((e): e is StackError => isStackError(e) && e.stack === error.stack && e.error === error.error);
  if (known) known.paths.push(...error.paths);
  else entries.push(error);
}

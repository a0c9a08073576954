/**
 * DescribeImages paged once per distinct query. Lookups that share a region, a role and a query
 * (owners, users, image IDs, the include switches and the filters) get the same pages, so a run's
 * cost grows with its distinct queries, not with its lookups. Selection never feeds back into the
 * query, so replaying the pages gives each lookup the answer its own paging would have.
 *
 * The pages of a query are kept only while the kept images stay under a bound; a query past it is
 * paged again by each lookup, so a run over one huge query keeps one page in memory, as before.
 */
import { Image } from '@aws-sdk/client-ec2';
import { Budget } from '../lambda/events';
import { Ec2Target, ImagePages } from '../lambda/lookup';
import { ImageQuery } from '../src/shared/settings';

/** How many images a run keeps for replay, across its queries. */
export const SHARED_IMAGE_BOUND = 20_000;

/** What makes two DescribeImages pagings the same: where they run, as whom, and the query. */
export function queryKey(q: ImageQuery, target: Ec2Target): string {
  return JSON.stringify([target.region ?? '', target.lookupRoleArn ?? '', q.owners, q.executableUsers, q.imageIds,
    q.includeDeprecated, q.includeDisabled, q.filters.map((f) => [f.name, f.values])]);
}

interface Entry {
  /** The pages once the first paging finished within the bound; undefined when it did not. */
  readonly done: Promise<Image[][] | undefined>;
}

export function sharedPages(pages: ImagePages, bound = SHARED_IMAGE_BOUND): ImagePages {
  const entries = new Map<string, Entry>();
  let kept = 0;
  return async function* (query: ImageQuery, target: Ec2Target, budget: Budget) {
    const key = queryKey(query, target);
    const known = entries.get(key);
    if (known) {
      // A lookup with the same query waits for the paging under way rather than starting its own.
      const replay = await known.done;
      if (replay) {
        yield* replay;
        return;
      }
      yield* pages(query, target, budget);
      return;
    }
    let settle!: (p: Image[][] | undefined) => void;
    entries.set(key, { done: new Promise((r) => { settle = r; }) });
    let recorded: Image[][] | undefined = [];
    let complete = false;
    try {
      for await (const page of pages(query, target, budget)) {
        if (recorded && kept + page.length <= bound) {
          recorded.push(page);
          kept += page.length;
        } else if (recorded) {
          kept -= recorded.reduce((n, p) => n + p.length, 0);
          recorded = undefined;
        }
        yield page;
      }
      complete = true;
    } finally {
      // A failed or abandoned paging is not kept: each waiting lookup pages for itself and meets its own error.
      if (!complete && recorded) kept -= recorded.reduce((n, p) => n + p.length, 0);
      settle(complete ? recorded : undefined);
      if (!complete || !recorded) entries.delete(key);
    }
  };
}

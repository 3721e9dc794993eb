/**
 * Reading many service principals' jobs in JSON batches: the health scan's reads, and `apps
 * list`'s. The first page of each comes in a batch; the rare later pages are read one by one.
 */
import type { BatchRead } from '../core/batch.js';
import type { HttpCore, ResolvedLink } from '../core/http.js';
import type { RequestOptions } from '../core/options.js';
import { SynchronizationJobSchema, type SynchronizationJob } from '../models/synchronization.js';
import { SYNC_READ } from '../resources/hints.js';

/** The first page of a service principal's jobs, as a batch answers it. */
export interface JobsPage {
  readonly items: SynchronizationJob[];
  readonly nextLink?: ResolvedLink;
}

/** The batched read of the first page of jobs of the service principal `id` (a checked segment). */
export function jobsPageRead(core: HttpCore, id: string): BatchRead<JobsPage> {
  return {
    spec: {
      method: 'GET',
      path: `/servicePrincipals/${id}/synchronization/jobs`,
      hints: SYNC_READ,
      model: 'SynchronizationJob',
    },
    decode: (response) => {
      const page = core.decodePage(
        response,
        response.body,
        SynchronizationJobSchema,
        'SynchronizationJob',
      );
      return page.nextLink === undefined
        ? { items: page.items }
        : { items: page.items, nextLink: page.nextLink };
    },
  };
}

/** A page of jobs and the pages after it (a service principal has few jobs: rarely more). */
export async function allJobs(
  core: HttpCore,
  first: JobsPage,
  call: RequestOptions,
): Promise<SynchronizationJob[]> {
  const jobs = [...first.items];
  let link = first.nextLink;
  while (link !== undefined) {
    const page = await core.page(
      { method: 'GET', path: link.path, hints: SYNC_READ, model: 'SynchronizationJob' },
      SynchronizationJobSchema,
      call,
      link,
    );
    jobs.push(...page.items);
    link = page.nextLink;
  }
  return jobs;
}

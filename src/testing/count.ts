/**
 * `$count` on the fake's collections, in both forms Microsoft's generated clients send: the
 * `…/$count` path segment (`{+baseurl}/applicationTemplates/$count{?%24search,%24filter}` in
 * msgraph-sdk-go, answered as a bare number) and the `$count=true` query option (an
 * `@odata.count` on the list).
 *
 * Each collection follows one rule:
 * - `directory` (applications, service principals, users, groups, owners, appRoleAssignedTo):
 *   "advanced queries on directory objects" (learn.microsoft.com/graph/aad-advanced-queries,
 *   "Error handling for advanced queries"): counting needs `ConsistencyLevel: eventual`;
 *   without it the segment answers 400 `Request_BadRequest` "$count is not currently
 *   supported." and `$count=true` is silently ignored. With it, the segment answers
 *   `text/plain` (serviceprincipal-list, "Get only a count": `Content-type: text/plain`, `893`).
 *   `@odata.count` is the total of the query, on the first page only (microsoft-graph-docs#22341:
 *   "only returned on the first page of the results and not on subsequent pages").
 * - `unsupported` (provisioning logs): the CSDL declares `Countable = false` (reference §5.1).
 * - `unknown` (applicationTemplates, synchronization jobs and templates): Microsoft documents no
 *   `$count` there (the list pages name `$filter`, `$orderby`, `$top`, `$skip` for templates, no
 *   query option at all for synchronization), and no answer is on record. The fake answers 501
 *   rather than guess a success or an error Graph may not send.
 */
import { Fault, type FakeRequest, type FakeResponse } from './routes.js';

/** How a collection answers `$count`, and its name in the fake's refusals. */
export interface Counting {
  readonly rule: 'directory' | 'unsupported' | 'unknown';
  readonly what: string;
}

/** The rule of each collection the fake lists. */
export const COUNTING = {
  directory: { rule: 'directory', what: 'directory objects' },
  applicationTemplates: { rule: 'unknown', what: 'applicationTemplates' },
  syncJobs: { rule: 'unknown', what: 'synchronization jobs' },
  syncTemplates: { rule: 'unknown', what: 'synchronization templates' },
  provisioningLogs: { rule: 'unsupported', what: 'provisioning logs' },
} as const satisfies Record<string, Counting>;

/** Whether the path after a collection is its `/$count` segment. */
export function isCountSegment(rest: readonly string[]): boolean {
  return rest.length === 1 && rest[0] === '$count';
}

/** `GET …/{collection}/$count`: the number of items the query matches, as text. */
export function countAnswer(req: FakeRequest, counting: Counting, total: number): FakeResponse {
  if (req.method !== 'GET') {
    throw new Fault(
      405,
      'Request_BadRequest',
      'Specified HTTP method is not allowed for the request target.',
    );
  }
  refuse(counting);
  if (!isEventual(req)) {
    throw new Fault(400, 'Request_BadRequest', '$count is not currently supported.');
  }
  return { status: 200, text: String(total), headers: { 'Content-Type': 'text/plain' } };
}

/**
 * The `@odata.count` a page carries for `$count=true`: the total, on the first page of a
 * directory query sent with `ConsistencyLevel: eventual`; `undefined` otherwise.
 */
export function inlineCount(
  req: FakeRequest,
  counting: Counting,
  total: number,
): number | undefined {
  const raw = req.query.get('$count');
  if (raw === null) return undefined;
  const wanted = raw.toLowerCase();
  if (wanted !== 'true' && wanted !== 'false') {
    throw new Fault(
      400,
      'Request_BadRequest',
      `Invalid value '${raw}' for query parameter $count: it must be true or false.`,
    );
  }
  if (wanted === 'false') return undefined;
  refuse(counting);
  if (!isEventual(req) || req.query.has('$skiptoken')) return undefined;
  return total;
}

function isEventual(req: FakeRequest): boolean {
  return req.headers.get('consistencylevel')?.toLowerCase() === 'eventual';
}

/** Throws the answer of a collection that does not count. */
function refuse({ rule, what }: Counting): void {
  if (rule === 'unsupported') {
    throw new Fault(
      400,
      'Request_BadRequest',
      `Query option '$count' is not supported on ${what}.`,
    );
  }
  if (rule === 'unknown') {
    throw new Fault(
      501,
      'NotImplemented',
      `'$count' on ${what} is not available in this fake Graph: Microsoft documents no $count there.`,
    );
  }
}

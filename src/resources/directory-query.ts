/**
 * What `/servicePrincipals` and `/applications` share: the typed filter workflows need to find
 * an instantiated app, `$search` with the `ConsistencyLevel: eventual` header Graph requires
 * for it on directory objects, and a lookup that must find at most one object.
 */
import * as z from 'zod/mini';
import { lazySchema } from '../internal/lazy-schema.js';
import { AmbiguousMatchError } from '../core/errors.js';
import type { HttpCore, RequestSpec } from '../core/http.js';
import { checkString } from '../core/path.js';
import { quoteString, rawExpression, selectList } from '../core/odata.js';
import type { RequestOptions } from '../core/options.js';
import { pagedList, type PagedIterable } from '../core/paging.js';
import { invalidInput, parseInput } from '../core/validation.js';
import { listLimit } from './list-params.js';
import { selectedSchema } from './select.js';

/** A typed filter on applications or service principals; conditions are joined with `and`. */
export interface DirectoryObjectFilter {
  /** `displayName eq '…'` (exact, case-insensitive in Graph). */
  displayName?: string;
  /** `applicationTemplateId eq '…'`: objects instantiated from this gallery template. */
  applicationTemplateId?: string;
  /** `appId eq '…'`. */
  appId?: string;
}

const FILTER_KEYS = ['displayName', 'applicationTemplateId', 'appId'] as const;

/** Compiles a typed filter or passes a raw OData string through (checked, not parsed). */
export function directoryFilter(
  filter: DirectoryObjectFilter | string | undefined,
): string | undefined {
  if (filter === undefined) return undefined;
  if (typeof filter === 'string') return rawExpression('filter', filter);
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter))
    invalidInput(
      'filter',
      'expected an OData string or { displayName, applicationTemplateId, appId }',
    );
  const clauses: string[] = [];
  for (const key of Object.keys(filter)) {
    if (!(FILTER_KEYS as readonly string[]).includes(key))
      invalidInput(
        `filter.${key}`,
        `unknown property; use ${FILTER_KEYS.join(', ')} or a raw OData string`,
      );
  }
  for (const key of FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined)
      clauses.push(`${key} eq ${quoteString(checkString(`filter.${key}`, value))}`);
  }
  return clauses.length === 0 ? undefined : clauses.join(' and ');
}

/**
 * `$search` on directory objects: `displayName:term` or `description:term`; any other text is
 * a term searched in `displayName` (so `'Contoso: HR'` works). Graph requires
 * `ConsistencyLevel: eventual` with it.
 */
export function directorySearch(search: string | undefined): {
  query: { $search?: string };
  headers: Record<string, string>;
} {
  if (search === undefined) return { query: {}, headers: {} };
  const text = checkString('search', search);
  const clause = /^(displayName|description):/.test(text) ? text : `displayName:${text}`;
  return {
    // A quote or a backslash in the term is escaped with a backslash, so the quoted string
    // ends where it should (a term ending in a backslash would escape the closing quote).
    query: { $search: `"${clause.replace(/["\\]/g, '\\$&')}"` },
    headers: { ConsistencyLevel: 'eventual' },
  };
}

const MAX_MATCHES = 10;

/** Resolves to the only item, `undefined` for none, or throws {@link AmbiguousMatchError}. */
export async function findOne<
  T extends {
    id: string;
    displayName?: string | null | undefined;
    appId?: string | null | undefined;
  },
>(items: PagedIterable<T>, what: string): Promise<T | undefined> {
  // One more than we list, to say "more than 10" only when there are.
  const found = await items.toArray({ max: MAX_MATCHES + 1 });
  if (found.length <= 1) return found[0];
  const more = found.length > MAX_MATCHES;
  throw new AmbiguousMatchError(
    `${more ? `More than ${String(MAX_MATCHES)}` : String(found.length)} ${what} match; pick one by id (see matches).`,
    {
      matches: found.slice(0, MAX_MATCHES).map((item) => ({
        id: item.id,
        displayName: item.displayName,
        appId: item.appId,
      })),
    },
  );
}

/** Parameters of a directory collection's `list()`. */
export interface DirectoryListParams {
  /** A typed filter or a raw OData `$filter`. */
  filter?: DirectoryObjectFilter | string;
  /** `$search`: `displayName:…`, `description:…`, or a term searched in `displayName`. */
  search?: string;
  /** Properties to return (`$select`): items then have only these (`id` too only when named). */
  select?: readonly string[];
  /** At most this many objects in total (also the first page size). */
  top?: number;
}

const ListParamsSchema = lazySchema(() =>
  z.strictObject({
    filter: z.optional(z.union([z.string(), z.record(z.string(), z.unknown())])),
    search: z.optional(z.string()),
    select: z.optional(z.array(z.string())),
    top: z.optional(z.number()),
  }),
);

/** `GET /applications` or `/servicePrincipals` with filter, search, select and top. */
export function directoryList<T>(
  core: HttpCore,
  spec: Pick<RequestSpec, 'path' | 'hints' | 'model'>,
  schema: z.ZodMiniType<T>,
  params: DirectoryListParams,
  options: RequestOptions | undefined,
): PagedIterable<Partial<T>> {
  const p = parseInput(ListParamsSchema, params, `${spec.path.slice(1)}.list() params`);
  const search = directorySearch(p.search);
  const query = {
    $filter: directoryFilter(params.filter),
    ...search.query,
    $select: p.select === undefined ? undefined : selectList('select', p.select),
  };
  return pagedList(
    core,
    { method: 'GET', ...spec, query, headers: search.headers },
    selectedSchema(schema, p.select),
    options,
    listLimit(p.top),
  );
}

const FindParamsSchema = lazySchema(() =>
  z.strictObject({
    applicationTemplateId: z.optional(z.string()),
  }),
);

/** The one object of `list` with this display name (and gallery template), or none. */
export async function findByDisplayName<
  T extends {
    id: string;
    displayName?: string | null | undefined;
    appId?: string | null | undefined;
  },
>(
  list: (params: DirectoryListParams & { select?: undefined }) => PagedIterable<T>,
  what: string,
  displayName: string,
  params: { applicationTemplateId?: string },
): Promise<T | undefined> {
  const p = parseInput(FindParamsSchema, params, 'findByDisplayName() params');
  const filter: DirectoryObjectFilter = { displayName: checkString('displayName', displayName) };
  if (p.applicationTemplateId !== undefined) filter.applicationTemplateId = p.applicationTemplateId;
  return findOne(list({ filter }), `${what} named '${displayName}'`);
}

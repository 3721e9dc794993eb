/**
 * Lazy async paging over Graph collections, with the names Azure SDK users know
 * (`byPage({ continuationToken, maxPageSize })`).
 *
 * Graph's rule, not the common shortcut: a collection ends only when a page has no
 * `@odata.nextLink`. An empty page in the middle is not the end.
 */
import type * as z from 'zod/mini';
import { InvalidInputError, InvalidResponseError } from './errors.js';
import type { HttpCore, RequestSpec, ResolvedLink } from './http.js';
import type { RequestOptions } from './options.js';
import {
  INSPECT,
  defineInspect,
  type InspectFn,
  type InspectOptions,
} from '../internal/inspect.js';

/** Options of {@link PagedIterable.byPage}. */
export interface PageSettings {
  /** Resume from a page's `continuationToken` (the next page's link, opaque to callers). */
  continuationToken?: string;
  /** Page size requested from Graph (sent as `$top`); 1 to 999. */
  maxPageSize?: number;
}

/** One page of results. */
export interface Page<T> {
  /** The page's items (possibly none: an empty page is not the end of the list). */
  readonly items: T[];
  /** Pass to `byPage({ continuationToken })` to resume after this page; absent on the last page. */
  readonly continuationToken?: string;
}

/**
 * Items of a Graph collection, fetched lazily: nothing is sent until you iterate.
 *
 * @example
 * ```ts
 * for await (const job of sp.synchronization.jobs.list()) console.log(job.id);
 * for await (const page of client.auditLogs.provisioning.list().byPage({ maxPageSize: 500 })) {
 *   save(page.items, page.continuationToken);
 * }
 * const first100 = await client.auditLogs.provisioning.list().toArray({ max: 100 });
 * const firstPage = await client.applicationTemplates.list(); // a ListPage: an array, .hasMore
 * ```
 */
export interface PagedIterable<T> extends AsyncIterable<T>, PromiseLike<ListPage<T>> {
  /** Iterates page by page, optionally resuming from a continuation token. */
  byPage(settings?: PageSettings): AsyncIterableIterator<Page<T>>;
  /** Collects every item, or the first `max` (fetching no further page than needed). */
  toArray(options?: { max?: number }): Promise<T[]>;
  /**
   * Awaiting a list gives its first page (one request), never a silent nothing: an array of the
   * page's items that says whether more follow, and that `for await` iterates to the end of
   * the list.
   */
  then<R1 = ListPage<T>, R2 = never>(
    onfulfilled?: ((page: ListPage<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2>;
}

/**
 * The first page of a list, as `await list()` gives it: an array of the page's items (`[0]`,
 * `.length`, `.map` work as on any array), with `hasMore` and the `continuationToken` of the
 * next page. `for await` over it goes on to the end of the list; `for...of` and the array
 * methods see this page only.
 *
 * @example
 * ```ts
 * const templates = await client.applicationTemplates.list();
 * console.log(templates.length, templates[0]?.displayName, templates.hasMore);
 * for await (const t of templates) console.log(t.displayName); // every page
 * ```
 */
export interface ListPage<T> extends Array<T> {
  /** True when Graph has more pages after this one. */
  readonly hasMore: boolean;
  /** Pass to `byPage({ continuationToken })` to go on after this page; absent on the last. */
  readonly continuationToken: string | undefined;
  /** This page's items, then those of every later page. */
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

/**
 * How the items of a list print when the list itself is printed (`util.inspect` of a
 * {@link ListPage} or of `toArray()`'s array): one line each, for collections of many small
 * records (provisioning events). Computed only when printed.
 */
export interface ListDisplay<T> {
  /** What one item is: `'provisioning event'` (an `s` is added for any other count). */
  readonly noun: string;
  /** One item on one line. */
  readonly line: (item: T) => string;
}

/** At most `maxArrayLength` lines of `items` (Node's option, 100 by default), under a header. */
function listLines<T>(
  items: readonly T[],
  display: ListDisplay<T>,
  header: string,
  options: InspectOptions,
): string {
  const max = options.maxArrayLength ?? Infinity;
  const shown = items.slice(0, Math.max(0, max)).map((item) => `  ${display.line(item)}`);
  const rest = items.length - shown.length;
  return [header, ...shown, ...(rest > 0 ? [`  … ${String(rest)} more`] : [])].join('\n');
}

function countOf(items: readonly unknown[], display: ListDisplay<never>): string {
  const noun = items.length === 1 ? display.noun : `${display.noun}s`;
  return `${String(items.length)} ${noun}, one line each ([i] shows one in full)`;
}

/** Makes `util.inspect` of `toArray()`'s array print one line per item. Returns the array. */
function displayed<T>(items: T[], display: ListDisplay<T> | undefined): T[] {
  if (display === undefined) return items;
  return defineInspect(items, function (this: object, _depth, options, inspect) {
    const list = this as T[];
    return list.length === 0
      ? inspect([...list], options)
      : listLines(list, display, `${countOf(list, display)}:`, options);
  });
}

const MORE_FOLLOW = 'more follow: `for await` goes on to the end, or .toArray()';

/** The {@link ListPage} implementation: a plain array of items, once mapped or filtered. */
class FirstPage<T> extends Array<T> implements ListPage<T> {
  // `map`, `filter` and the rest make plain arrays, not pages without a list behind them.
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  declare readonly hasMore: boolean;
  declare readonly continuationToken: string | undefined;
  declare readonly rest: () => AsyncIterator<T>;
  declare readonly display: ListDisplay<T> | undefined;

  static fromPage<T>(
    page: Page<T>,
    rest: () => AsyncIterator<T>,
    display: ListDisplay<T> | undefined,
  ): FirstPage<T> {
    const first = new FirstPage<T>();
    for (const item of page.items) first.push(item);
    const hidden = (value: unknown): PropertyDescriptor => ({ value, enumerable: false });
    Object.defineProperties(first, {
      hasMore: { value: page.continuationToken !== undefined, enumerable: false },
      continuationToken: hidden(page.continuationToken),
      rest: hidden(rest),
      display: hidden(display),
    });
    return first;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.rest();
  }

  [INSPECT](_depth: number, options: InspectOptions, inspect: InspectFn): string {
    if (this.display !== undefined && this.length > 0) {
      const more = this.hasMore ? `; first page of the list, ${MORE_FOLLOW}` : '';
      return listLines(this, this.display, `${countOf(this, this.display)}${more}:`, options);
    }
    const more = this.hasMore ? ` (first page of the list, ${MORE_FOLLOW})` : '';
    return `${inspect([...this], options)}${more}`;
  }
}

/** One page as a {@link PageSource} gives it. */
export interface SourcePage<T> {
  readonly items: T[];
  readonly nextLink: ResolvedLink | undefined;
}

/** How a {@link PagedIterable} gets its pages. */
export interface PageSource<T> {
  /**
   * Fetches the first page (`link` undefined) or the page at `link`. `clientRequestId` is the
   * same for every page of one iteration, so Graph's logs show them as one operation.
   */
  fetchPage(
    link: ResolvedLink | undefined,
    pageSize: number | undefined,
    clientRequestId: string,
  ): Promise<SourcePage<T>>;
  /** Validates a caller's continuation token. */
  resolveToken(token: string): ResolvedLink;
}

function checkPositiveInt(field: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    const message = `must be a whole number from 1 to ${String(max)}`;
    throw new InvalidInputError(`Invalid ${field}: ${message}`, {
      issues: [{ path: [field], message }],
    });
  }
  return value;
}

/** Largest `$top` Graph accepts on the directory collections. */
export const MAX_PAGE_SIZE = 999;

/** How a list pages, and how its items are presented. */
export interface PagingOptions<T = unknown> {
  /** Caps the total number of items (the `top` parameter of a list). */
  readonly limit?: number;
  /** `$top` sent when the caller sets no page size (some collections page only with one). */
  readonly defaultPageSize?: number;
  /** False for collections Graph documents no `$top` for: `maxPageSize` is then refused. */
  readonly pageSizeSupported?: boolean;
  /** Called on each item as its page arrives (a model's `util.inspect` summary, for one). */
  readonly onItem?: (item: T) => void;
  /** How the list prints: one line per item (see {@link ListDisplay}). */
  readonly display?: ListDisplay<T>;
}

/** The {@link PagedIterable} implementation. */
export class GraphPagedIterable<T> implements PagedIterable<T> {
  readonly #source: PageSource<T>;
  readonly #options: PagingOptions<T>;

  constructor(source: PageSource<T>, options: PagingOptions<T> = {}) {
    this.#source = source;
    this.#options = options;
  }

  async *byPage(settings: PageSettings = {}): AsyncIterableIterator<Page<T>> {
    if (typeof settings !== 'object' || settings === null) {
      throw new InvalidInputError('Invalid byPage() settings: expected an object');
    }
    const { limit, defaultPageSize, pageSizeSupported = true, onItem } = this.#options;
    if (settings.maxPageSize !== undefined && !pageSizeSupported) {
      const message = 'this collection takes no page size (Graph documents no $top for it)';
      throw new InvalidInputError(`Invalid maxPageSize: ${message}`, {
        issues: [{ path: ['maxPageSize'], message }],
      });
    }
    const requested =
      settings.maxPageSize !== undefined
        ? checkPositiveInt('maxPageSize', settings.maxPageSize, MAX_PAGE_SIZE)
        : defaultPageSize;
    const pageSize = limit === undefined ? requested : Math.min(limit, requested ?? MAX_PAGE_SIZE);
    let link =
      settings.continuationToken === undefined
        ? undefined
        : this.#source.resolveToken(settings.continuationToken);
    let remaining = limit;
    const clientRequestId = crypto.randomUUID();

    // The page is dropped once yielded: a suspended generator keeps what its variables hold, so
    // `page` and `items` would otherwise keep the previous page alive through the next one's
    // read (a long walk's pages then outlive young-generation collections and pile up in the
    // old generation).
    let page: SourcePage<T> | undefined;
    let items: T[] = [];
    for (;;) {
      page = await this.#source.fetchPage(
        link,
        link === undefined ? pageSize : undefined,
        clientRequestId,
      );
      items = page.items;
      if (onItem !== undefined) for (const item of items) onItem(item);
      if (remaining !== undefined) {
        items = items.slice(0, remaining);
        remaining -= items.length;
      }
      const next = page.nextLink;
      if (next !== undefined && link !== undefined && next.url === link.url) {
        throw new InvalidResponseError(
          'Graph returned the same @odata.nextLink twice in a row; stopping instead of looping forever',
          {
            issues: [
              { path: ['@odata.nextLink'], message: 'repeats the link of the page it is on' },
            ],
          },
        );
      }
      if (next === undefined || remaining === 0) {
        yield { items };
        return;
      }
      yield { items, continuationToken: next.url };
      page = undefined;
      items = [];
      link = next;
    }
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return eachItem(this.byPage());
  }

  then<R1 = ListPage<T>, R2 = never>(
    onfulfilled?: ((page: ListPage<T>) => R1 | PromiseLike<R1>) | null,
    onrejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#firstPage().then(onfulfilled, onrejected);
  }

  /**
   * The first page; iterating it goes on with the same walk (so the first page is not asked for
   * twice), and a second iteration walks the list again from its start.
   */
  async #firstPage(): Promise<ListPage<T>> {
    const pages = this.byPage();
    const first = await pages.next();
    const page: Page<T> = first.done === true ? { items: [] } : first.value;
    let walk: AsyncIterableIterator<Page<T>> | undefined = pages;
    const rest = (): AsyncIterator<T> => {
      const more = walk;
      walk = undefined;
      if (more === undefined) return this[Symbol.asyncIterator]();
      return (async function* () {
        yield* page.items;
        for await (const next of more) yield* next.items;
      })();
    };
    return FirstPage.fromPage(page, rest, this.#options.display);
  }

  /** Says what a list is and how to read it (in a REPL, `list()` alone shows this). */
  [INSPECT](): string {
    return `PagedIterable (nothing fetched yet): \`for await (const item of list)\`, \`await list.toArray()\`, \`list.byPage()\`, or \`await list\` for the first page`;
  }

  async toArray(options: { max?: number } = {}): Promise<T[]> {
    const max =
      options.max === undefined
        ? undefined
        : checkPositiveInt('max', options.max, Number.MAX_SAFE_INTEGER);
    const out: T[] = [];
    if (max === undefined) {
      for await (const page of this.byPage()) out.push(...page.items);
      return displayed(out, this.#options.display);
    }
    for await (const item of this) {
      out.push(item);
      if (out.length >= max) break;
    }
    return displayed(out, this.#options.display);
  }
}

/** A {@link PagedIterable} over the collection at `spec`, each item validated by `itemSchema`. */
export function pagedList<S extends z.ZodMiniType>(
  core: HttpCore,
  spec: RequestSpec,
  itemSchema: S,
  options: RequestOptions | undefined,
  paging: PagingOptions<z.output<S>> = {},
): PagedIterable<z.output<S>> {
  return new GraphPagedIterable<z.output<S>>(
    {
      fetchPage: (link, pageSize, clientRequestId) =>
        core.page(
          {
            ...(pageSize === undefined
              ? spec
              : { ...spec, query: { ...spec.query, $top: String(pageSize) } }),
            // The caller's own client-request-id, if any, wins (it is in `options.headers`).
            headers: { 'client-request-id': clientRequestId, ...spec.headers },
          },
          itemSchema,
          options,
          link,
        ),
      resolveToken: (token) => core.resolveLink(token, 'input'),
    },
    paging,
  );
}

/**
 * The items of `pages`, one by one. Not a `for await` over the pages: a suspended generator keeps
 * what its variables hold, so the page yielded last would stay alive through the next page's
 * read (a long walk's pages would then outlive young-generation collections). `onPage` is
 * called as each page arrives. Ending early (a `break`, a throw) closes the walk of pages, as
 * `for await` does.
 */
export async function* eachItem<T>(
  pages: AsyncIterable<{ readonly items: readonly T[] }>,
  onPage?: () => void,
): AsyncGenerator<T, void, undefined> {
  const walk = pages[Symbol.asyncIterator]();
  let page: IteratorResult<{ readonly items: readonly T[] }> | undefined;
  let items: readonly T[] = [];
  let done = false;
  try {
    for (;;) {
      page = await walk.next();
      if (page.done === true) {
        done = true;
        return;
      }
      items = page.value.items;
      page = undefined;
      onPage?.();
      // One by one, not `yield*`: the iterator `yield*` makes of the array could stay in a
      // register of this generator after it ended, keeping the page alive through the next read
      // (seen on a busy machine).
      for (let i = 0; i < items.length; i += 1) yield items[i] as T;
      items = [];
    }
  } finally {
    if (!done) await walk.return?.();
  }
}

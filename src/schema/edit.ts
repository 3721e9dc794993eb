/**
 * `schema.edit()`: read the schema, let the caller edit a typed draft, check the result against
 * the schema itself, and save it with one full-replacement PUT (Graph has no PATCH for schemas:
 * field notes §9). Loaded with the first edit.
 */
import * as z from 'zod/mini';
import {
  AbortedError,
  ConflictError,
  InvalidInputError,
  type ValidationIssue,
} from '../core/errors.js';
import type { HttpCore } from '../core/http.js';
import type { RequestOptions } from '../core/options.js';
import { SYNC_WRITE } from '../resources/hints.js';
import { parseInput, summarizeIssues } from '../core/validation.js';
import { withoutAnnotations } from '../core/odata.js';
import type { SynchronizationSchema } from '../models/synchronization-schema.js';
import { changesOf, sameJson, type SchemaChange } from './changes.js';
import { checkEdit, type SchemaTools } from './check.js';
import { SchemaDraft, locateAll } from './draft.js';
import { turnsOf } from '../internal/turns.js';

/** Options of `schema.edit()`. */
export interface SchemaEditOptions {
  /** Stops the edit (and any request in flight) with an `AbortedError`. */
  signal?: AbortSignal;
  /** Reads and checks, returns the changes and the schema that would be saved, sends no PUT. */
  dryRun?: boolean;
  /**
   * Checks each expression with Graph's `parseExpression` (one request each) instead of the
   * local parser, and saves the tree Graph parsed. Needed for syntax the local parser does not
   * read (comparisons in `IIF`, `&H` numbers, bare enum names). Default `false`.
   */
  serverCheck?: boolean;
  /**
   * When the schema changed between the edit's read and its save (someone else saved it), the
   * edit is refused; with `retries: n` it is run again on the fresh schema up to `n` times
   * (the edit function runs again: keep it free of side effects). Default 0.
   */
  retries?: number;
}

/** What `schema.edit()` returns. */
export interface SchemaEditResult {
  /** The schema as saved (with `dryRun`, as it would be saved; with no change, as read). */
  readonly schema: SynchronizationSchema;
  /** What changed, in schema order; empty when the edit changed nothing (nothing was sent). */
  readonly changes: readonly SchemaChange[];
  /** Whether a PUT was sent. */
  readonly saved: boolean;
}

/** The edit function: changes the draft (may be async). */
export type SchemaEditFunction = (draft: SchemaDraft) => void | Promise<void>;

/** What an edit needs of its schema resource: its reads and tools (the PUT it sends itself). */
export interface SchemaEditIo extends SchemaTools {
  get(options: RequestOptions): Promise<SynchronizationSchema>;
}

const OptionsSchema = z.strictObject({
  signal: z.optional(
    z.custom<AbortSignal>((v) => v instanceof AbortSignal, 'expected an AbortSignal'),
  ),
  dryRun: z.optional(z.boolean()),
  serverCheck: z.optional(z.boolean()),
  retries: z.optional(z.number().check(z.int(), z.gte(0), z.lte(10))),
});

/** Every change, object mapping by object mapping, in schema order. */
function changesBetween(
  before: SynchronizationSchema,
  after: SynchronizationSchema,
): SchemaChange[] {
  const old = locateAll(before);
  return locateAll(after).flatMap((now, i) => {
    const was = old[i];
    return was === undefined ? [] : changesOf(now.ref, was.mapping, now.mapping);
  });
}

/** Runs the edit on a fresh read: the draft, its changes, and the schema it read. */
async function draftOnce(
  io: SchemaEditIo,
  edit: SchemaEditFunction,
  request: RequestOptions,
): Promise<{ read: SynchronizationSchema; working: SynchronizationSchema; draft: SchemaDraft }> {
  const read = withoutAnnotations(await io.get(request));
  const working = structuredClone(read);
  const draft = new SchemaDraft(working, structuredClone(read));
  try {
    await edit(draft);
  } finally {
    // A draft kept past the edit (or used by work the edit did not await) changes nothing more.
    draft.close();
  }
  if (request.signal?.aborted === true) {
    throw new AbortedError('schema.edit() stopped: aborted', { cause: request.signal.reason });
  }
  return { read, working, draft };
}

function conflict(): ConflictError {
  return new ConflictError(
    'The schema changed between the edit reading it and saving it (someone else saved it); nothing was saved. Run the edit again, or pass `retries` to apply it to the fresh schema.',
    { code: 'SchemaChanged' },
  );
}

/**
 * The edit: read, draft, check, compare with a second read, PUT. Throws the checks' issues as
 * one {@link InvalidInputError}.
 */
export async function editSchema(
  io: SchemaEditIo,
  core: HttpCore,
  path: string,
  edit: SchemaEditFunction,
  options: SchemaEditOptions = {},
): Promise<SchemaEditResult> {
  if (typeof edit !== 'function') {
    throw new InvalidInputError('Invalid schema.edit(): pass a function that edits the draft', {
      issues: [{ path: ['edit'], message: 'expected a function' }],
    });
  }
  const checked = parseInput(
    OptionsSchema,
    options === undefined ? {} : options,
    'schema.edit() options',
  );
  const request: RequestOptions = checked.signal === undefined ? {} : { signal: checked.signal };
  // Read, edit, second read, PUT of the whole schema: another edit of this client between this
  // one's reads and its PUT would be undone by it, so the edits of one schema take turns.
  return turnsOf(core).run(path, checked.signal, 'schema.edit()', () =>
    editInTurn(io, core, path, edit, checked, request),
  );
}

/** The edit's attempts, in its turn. */
async function editInTurn(
  io: SchemaEditIo,
  core: HttpCore,
  path: string,
  edit: SchemaEditFunction,
  checked: z.output<typeof OptionsSchema>,
  request: RequestOptions,
): Promise<SchemaEditResult> {
  const retries = checked.retries ?? 0;
  for (let attempt = 0; ; attempt += 1) {
    const { read, working, draft } = await draftOnce(io, edit, request);
    const changes = changesBetween(read, working);
    if (changes.length === 0) return { schema: read, changes: [], saved: false };
    const issues: ValidationIssue[] = await checkEdit(working, draft.touched, io, {
      serverCheck: checked.serverCheck === true,
      request,
    });
    if (issues.length > 0) {
      throw new InvalidInputError(`Invalid schema edit: ${summarizeIssues(issues)}`, { issues });
    }
    if (checked.dryRun === true) return { schema: working, changes, saved: false };
    // Graph offers no ETag on the schema: a second read is the closest check that no one saved
    // it meanwhile (a save between this read and the PUT still goes unseen).
    const fresh = withoutAnnotations(await io.get(request));
    if (!sameJson(fresh, read)) {
      if (attempt < retries) continue;
      throw conflict();
    }
    // Sent once: a PUT replayed after a throttled or failed answer could land after someone
    // else's save, past the check above. A failure is thrown; running the edit again re-reads.
    await core.empty(
      { method: 'PUT', path, body: structuredClone(working), hints: SYNC_WRITE, replay: 'never' },
      request,
    );
    return { schema: working, changes, saved: true };
  }
}

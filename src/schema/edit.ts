/**
 * `schema.edit()`: read the schema, let the caller edit a typed draft, check the result against
 * the schema itself, and save it with one full-replacement PUT (Graph has no PATCH for schemas:
 * field notes §9). Loaded with the first edit.
 */
import { ConflictError, InvalidInputError, type ValidationIssue } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { summarizeIssues } from '../core/validation.js';
import { withoutAnnotations } from '../core/odata.js';
import type { SynchronizationSchema } from '../models/synchronization-schema.js';
import { changesOf, sameJson, type SchemaChange } from './changes.js';
import { checkEdit, type SchemaTools } from './check.js';
import { SchemaDraft, locateAll } from './draft.js';

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

/** What an edit needs of its schema resource. */
export interface SchemaEditIo extends SchemaTools {
  read(options: RequestOptions): Promise<SynchronizationSchema>;
  write(schema: SynchronizationSchema, options: RequestOptions): Promise<void>;
}

function checkOptions(options: SchemaEditOptions): number {
  const retries = options.retries ?? 0;
  if (!Number.isInteger(retries) || retries < 0 || retries > 10) {
    const message = 'retries must be a whole number from 0 to 10';
    throw new InvalidInputError(`Invalid schema.edit() options: ${message}`, {
      issues: [{ path: ['retries'], message }],
    });
  }
  if (typeof (options as { dryRun?: unknown }).dryRun === 'string') {
    throw new InvalidInputError('Invalid schema.edit() options: dryRun must be a boolean', {
      issues: [{ path: ['dryRun'], message: 'must be a boolean' }],
    });
  }
  return retries;
}

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
  const read = withoutAnnotations(await io.read(request));
  const working = structuredClone(read);
  const draft = new SchemaDraft(working);
  await edit(draft);
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
  edit: SchemaEditFunction,
  options: SchemaEditOptions = {},
): Promise<SchemaEditResult> {
  if (typeof edit !== 'function') {
    throw new InvalidInputError('Invalid schema.edit(): pass a function that edits the draft', {
      issues: [{ path: ['edit'], message: 'expected a function' }],
    });
  }
  const retries = checkOptions(options);
  const request: RequestOptions = options.signal === undefined ? {} : { signal: options.signal };
  for (let attempt = 0; ; attempt += 1) {
    const { read, working, draft } = await draftOnce(io, edit, request);
    const changes = changesBetween(read, working);
    if (changes.length === 0) return { schema: read, changes: [], saved: false };
    const issues: ValidationIssue[] = await checkEdit(working, draft.touched, io, {
      serverCheck: options.serverCheck === true,
      request,
    });
    if (issues.length > 0) {
      throw new InvalidInputError(`Invalid schema edit: ${summarizeIssues(issues)}`, { issues });
    }
    if (options.dryRun === true) return { schema: working, changes, saved: false };
    // Graph offers no ETag on the schema: a second read is the closest check that no one saved
    // it meanwhile (a save between this read and the PUT still goes unseen).
    const fresh = withoutAnnotations(await io.read(request));
    if (!sameJson(fresh, read)) {
      if (attempt < retries) continue;
      throw conflict();
    }
    await io.write(working, request);
    return { schema: working, changes, saved: true };
  }
}

import * as z from 'zod/mini';
import type { HttpCore } from '../../core/http.js';
import type { RequestOptions } from '../../core/options.js';
import { segment } from '../../core/path.js';
import { parseInput } from '../../core/validation.js';
import {
  AttributeDefinitionSchema,
  AttributeMappingFunctionSchemaSchema,
  DirectoryDefinitionSchema,
  ExpressionInputObjectSchema,
  FilterOperatorSchemaSchema,
  ParseExpressionResponseSchema,
  SynchronizationSchemaSchema,
  type AttributeDefinition,
  type AttributeMappingFunctionSchema,
  type DirectoryDefinition,
  type ExpressionInputObject,
  type FilterOperatorSchema,
  type ParseExpressionResponse,
  type SynchronizationSchema,
} from '../../models/synchronization-schema.js';
import { SYNC_READ, SYNC_WRITE, hintsWith } from '../hints.js';
import { withoutAnnotations } from '../../core/odata.js';
import type { SchemaEditFunction, SchemaEditOptions, SchemaEditResult } from '../../schema/edit.js';
import { onDemandModule } from '../deferred.js';
import { lazySchema } from '../../internal/lazy-schema.js';

/** Parameters of {@link SynchronizationSchemaReader.parseExpression}. */
export interface ParseExpressionParams {
  /** The attribute-mapping expression, e.g. `"Join(\" \", [givenName], [surname])"`. */
  expression: string;
  /** A sample object to evaluate the expression against. */
  testInputObject?: ExpressionInputObject;
  /** The attribute the expression's result is written to. */
  targetAttributeDefinition?: AttributeDefinition;
}

const ParseExpressionParamsSchema = lazySchema(() =>
  z.strictObject({
    expression: z.string().check(z.refine((s) => s.trim() !== '', 'must not be blank')),
    testInputObject: z.optional(ExpressionInputObjectSchema),
    targetAttributeDefinition: z.optional(AttributeDefinitionSchema),
  }),
);

const FunctionsSchema = lazySchema(() =>
  z.looseObject({ value: z.array(AttributeMappingFunctionSchemaSchema) }),
);
const OperatorsSchema = lazySchema(() =>
  z.looseObject({ value: z.array(FilterOperatorSchemaSchema) }),
);

// functions, filterOperators and parseExpression need Synchronization.ReadWrite.All although
// they only read (reference §4.10).
const SCHEMA_TOOLS = SYNC_WRITE;

/**
 * What every synchronization schema offers, a job's or a template's: read it, list the
 * functions and filter operators its expressions can use, and test an expression.
 */
export class SynchronizationSchemaReader {
  readonly #core: HttpCore;
  readonly #path: string;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
  }

  /** @internal */
  protected get core(): HttpCore {
    return this.#core;
  }

  /** @internal */
  protected get path(): string {
    return this.#path;
  }

  /**
   * Gets the schema: the directories and the synchronization rules with their object and
   * attribute mappings.
   *
   * @throws {@link NotFoundError} when the job or template does not exist.
   * @throws {@link ForbiddenError} without Synchronization.Read.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const schema = await job.schema.get();
   * const rule = schema.synchronizationRules?.[0];
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-get
   */
  async get(options?: RequestOptions): Promise<SynchronizationSchema> {
    return this.#core.json(
      { method: 'GET', path: this.#path, hints: SYNC_READ, model: 'SynchronizationSchema' },
      SynchronizationSchemaSchema,
      options,
    );
  }

  /**
   * Lists the functions attribute-mapping expressions can use (`Join`, `Switch`, `Replace`…),
   * with their parameters. Each is named by `id` or, as in Microsoft's documented answer, by
   * `name`: read `f.id ?? f.name`.
   *
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All (needed although it reads).
   * @example
   * ```ts
   * const names = (await job.schema.functions()).map((f) => f.id ?? f.name);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-functions
   */
  async functions(options?: RequestOptions): Promise<AttributeMappingFunctionSchema[]> {
    const { value } = await this.#core.json(
      {
        method: 'GET',
        path: `${this.#path}/functions`,
        hints: SCHEMA_TOOLS,
        model: 'attributeMappingFunctionSchema collection',
      },
      FunctionsSchema,
      options,
    );
    return value;
  }

  /**
   * Lists the operators scoping filters can use (`EQUALS`, `IS_MEMBER_OF`…), with the attribute
   * types each applies to.
   *
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All (needed although it reads).
   * @example
   * ```ts
   * const operators = await job.schema.filterOperators();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-filteroperators
   */
  async filterOperators(options?: RequestOptions): Promise<FilterOperatorSchema[]> {
    const { value } = await this.#core.json(
      {
        method: 'GET',
        path: `${this.#path}/filterOperators`,
        hints: SCHEMA_TOOLS,
        model: 'filterOperatorSchema collection',
      },
      OperatorsSchema,
      options,
    );
    return value;
  }

  /**
   * Parses an attribute-mapping expression and, given a test object, evaluates it: check an
   * expression before putting it in a mapping. A parse failure is an answer
   * (`parsingSucceeded: false` with `error`), not an exception.
   *
   * @throws {@link InvalidInputError} for an empty expression or a malformed test object.
   * @example
   * ```ts
   * const { parsingSucceeded, evaluationResult } = await job.schema.parseExpression({
   *   expression: 'Join(" ", [givenName], [surname])',
   *   testInputObject: {
   *     definition: { name: 'User', attributes: [{ name: 'givenName', type: 'String' }, { name: 'surname', type: 'String' }] },
   *     properties: [{ key: 'givenName', value: 'Adele' }, { key: 'surname', value: 'Vance' }],
   *   },
   * });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-parseexpression
   */
  async parseExpression(
    params: ParseExpressionParams,
    options?: RequestOptions,
  ): Promise<ParseExpressionResponse> {
    const body = parseInput(ParseExpressionParamsSchema, params, 'parseExpression() params');
    return this.#core.json(
      {
        method: 'POST',
        path: `${this.#path}/parseExpression`,
        body,
        hints: SCHEMA_TOOLS,
        model: 'ParseExpressionResponse',
      },
      ParseExpressionResponseSchema,
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.constructor.name} { path: '${this.#path}' }`;
  }
}

/** A schema that can be written: a job's, or a template's through its application. */
export class SynchronizationSchemaWriter extends SynchronizationSchemaReader {
  /**
   * Replaces the whole schema with `schema` (send everything: what is missing is removed).
   * Typically: `get()`, change the mappings, `replace()`.
   *
   * @throws {@link InvalidInputError} when `schema` does not match the model.
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const schema = await job.schema.get();
   * schema.synchronizationRules?.[0]?.objectMappings?.[0]?.attributeMappings?.push({
   *   targetAttributeName: 'title',
   *   source: { type: 'Attribute', name: 'jobTitle' },
   * });
   * await job.schema.replace(schema);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-update
   */
  async replace(schema: SynchronizationSchema, options?: RequestOptions): Promise<void> {
    const body = withoutAnnotations(parseInput(SynchronizationSchemaSchema, schema, 'schema'));
    await this.core.empty({ method: 'PUT', path: this.path, body, hints: SYNC_WRITE }, options);
  }

  /**
   * Resets the schema to the template's default (deletes the customised one).
   *
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * await job.schema.reset();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-delete
   */
  async reset(options?: RequestOptions): Promise<void> {
    await this.core.empty({ method: 'DELETE', path: this.path, hints: SYNC_WRITE }, options);
  }

  /**
   * Edits the attribute mappings and scoping filters as typed changes: reads the schema, hands
   * `edit` a draft of it, checks the result against the schema itself (target attributes exist
   * in the target directory's object, source attributes in the source's, expressions parse and
   * call the schema's functions with the arguments they take, scoping operators are among its
   * `filterOperators` with the operands they take, one matching attribute per priority), then
   * saves it with one full-replacement PUT (Graph answers PATCH on a schema with a 404). The PUT
   * carries the schema exactly as read except where the edit changed it. No change: nothing is
   * sent. When the schema changed since it was read, nothing is saved ({@link ConflictError},
   * code `SchemaChanged`) unless `retries` allows the edit to run again on the fresh schema.
   *
   * Attributes are checked where the schema's directory defines the object with attributes.
   *
   * @throws {@link InvalidInputError} listing every problem, each with the JSON path of what it
   *   concerns (e.g. `synchronizationRules[0].objectMappings[1].attributeMappings.userNme`).
   * @throws {@link ConflictError} when the schema changed under the edit (after `retries`).
   * @throws The PUT's error as it came: the PUT is never re-sent (a replay could land after
   *   someone else's save); run the edit again, which re-reads and finds what was saved.
   * @throws {@link AbortedError} when `signal` fires.
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * import { scope, source } from 'entra-provisioning';
   * const { changes } = await job.schema.edit((s) => {
   *   const users = s.objectMapping('User');
   *   users.map('displayName', source.expression('Join(" ", [givenName], [surname])'));
   *   users.unmap('title');
   *   users.scope = scope.anyOf(scope.allOf(scope.clause('department', 'EQUALS', 'Sales')));
   * });
   * for (const change of changes) console.log(change.summary);
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-update
   */
  async edit(edit: SchemaEditFunction, options?: SchemaEditOptions): Promise<SchemaEditResult> {
    const { editSchema } = await onDemandModule.load();
    return editSchema(this, this.core, this.path, edit, options);
  }
}

/** One directory of a job's schema (`…/schema/directories/{id}`). */
export class SynchronizationDirectoryResource {
  readonly #core: HttpCore;
  readonly #path: string;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
  }

  /**
   * Discovers the directory's latest schema (its objects and attributes) from the target
   * system, and returns the updated definition.
   *
   * @throws {@link NotFoundError} when the directory is not in the job's schema.
   * @throws {@link ForbiddenError} without Directory.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const schema = await job.schema.get();
   * const target = schema.directories?.find((d) => d.name !== 'Azure Active Directory');
   * const discovered = await job.schema.directories(target!.id!).discover();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-directorydefinition-discover
   */
  async discover(options?: RequestOptions): Promise<DirectoryDefinition> {
    return this.#core.json(
      {
        method: 'POST',
        path: `${this.#path}/discover`,
        hints: hintsWith(SYNC_WRITE, {
          forbidden:
            'Requires Directory.ReadWrite.All (delegated) or Application.ReadWrite.OwnedBy (application permission).',
        }),
        model: 'DirectoryDefinition',
      },
      DirectoryDefinitionSchema,
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SynchronizationDirectoryResource { path: '${this.#path}' }`;
  }
}

/** `…/jobs/{id}/schema`: the job's directories, object and attribute mappings. */
export class SynchronizationSchemaResource extends SynchronizationSchemaWriter {
  /**
   * Addresses one directory of the schema by its id (from `get()`'s `directories`). Sends
   * nothing.
   *
   * @throws {@link InvalidInputError} at once for an empty id, `.` or `..`.
   * @example
   * ```ts
   * await job.schema.directories(directoryId).discover();
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/synchronization-directorydefinition
   */
  directories(directoryId: string): SynchronizationDirectoryResource {
    return new SynchronizationDirectoryResource(
      this.core,
      `${this.path}/directories/${segment('directoryId', directoryId)}`,
    );
  }
}

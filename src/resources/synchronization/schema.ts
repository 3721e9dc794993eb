import type { HttpCore } from '../../core/http.js';
import type { RequestOptions } from '../../core/options.js';
import { parseInput } from '../../core/validation.js';
import {
  SynchronizationSchemaSchema,
  type SynchronizationSchema,
} from '../../models/synchronization-schema.js';
import { SYNC_READ, SYNC_WRITE } from '../hints.js';

/** `…/jobs/{id}/schema`: the job's directories, object and attribute mappings. */
export class SynchronizationSchemaResource {
  readonly #core: HttpCore;
  readonly #path: string;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
  }

  /**
   * Gets the schema: the directories and the synchronization rules with their attribute
   * mappings.
   *
   * @throws {@link NotFoundError} when the job does not exist.
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
   * Replaces the whole schema with `schema` (send everything: what is missing is removed).
   * Typically: `get()`, change the mappings, `replace()`.
   *
   * @throws {@link InvalidInputError} when `schema` does not match the model.
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
    const body = parseInput(SynchronizationSchemaSchema, schema, 'schema');
    await this.#core.empty({ method: 'PUT', path: this.#path, body, hints: SYNC_WRITE }, options);
  }

  /**
   * Resets the schema to the template's default (deletes the customised one).
   *
   * @example
   * ```ts
   * await job.schema.reset();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-delete
   */
  async reset(options?: RequestOptions): Promise<void> {
    await this.#core.empty({ method: 'DELETE', path: this.#path, hints: SYNC_WRITE }, options);
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SynchronizationSchemaResource { path: '${this.#path}' }`;
  }
}

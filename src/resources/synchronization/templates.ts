import type { HttpCore } from '../../core/http.js';
import type { RequestOptions } from '../../core/options.js';
import { pagedList, type PagedIterable } from '../../core/paging.js';
import { segment } from '../../core/path.js';
import { withoutAnnotations } from '../../core/odata.js';
import { parseInput } from '../../core/validation.js';
import {
  SynchronizationTemplateSchema,
  type SynchronizationTemplate,
} from '../../models/synchronization.js';
import { SYNC_READ, SYNC_WRITE } from '../hints.js';
import { SynchronizationSchemaReader, SynchronizationSchemaWriter } from './schema.js';

/** One synchronization template of a service principal. No request is made until you call a method. */
export class SynchronizationTemplateResource {
  readonly #core: HttpCore;
  readonly #path: string;
  /** The template's schema (read-only through a service principal). */
  readonly schema: SynchronizationSchemaReader;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
    this.schema = this.makeSchema(core, `${path}/schema`);
  }

  /** @internal */
  protected makeSchema(core: HttpCore, path: string): SynchronizationSchemaReader {
    return new SynchronizationSchemaReader(core, path);
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
   * Gets the template.
   *
   * @throws {@link NotFoundError} when the template or its owner does not exist.
   * @throws {@link ForbiddenError} without Synchronization.Read.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const template = await sp.synchronization.templates.byId('aws').get();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationtemplate-get
   */
  async get(options?: RequestOptions): Promise<SynchronizationTemplate> {
    return this.#core.json(
      { method: 'GET', path: this.#path, hints: SYNC_READ, model: 'SynchronizationTemplate' },
      SynchronizationTemplateSchema,
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.constructor.name} { path: '${this.#path}' }`;
  }
}

/**
 * One synchronization template of an application: the only place templates can be changed (app
 * developers own them).
 */
export class ApplicationSynchronizationTemplateResource extends SynchronizationTemplateResource {
  /** The template's schema, which can be replaced or reset here. */
  declare readonly schema: SynchronizationSchemaWriter;

  /** @internal */
  protected override makeSchema(core: HttpCore, path: string): SynchronizationSchemaWriter {
    return new SynchronizationSchemaWriter(core, path);
  }

  /**
   * Replaces the template with `template`. Graph replaces the stored template as a whole:
   * send every property (get it first), anything missing is erased. Sent as `PATCH`, the
   * method of the reference page and of Microsoft's permission map (the page's example shows
   * `PUT`).
   *
   * @throws {@link InvalidInputError} when `template` does not match the model.
   * @throws {@link ForbiddenError} without Synchronization.ReadWrite.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const templates = client.applications.byId(appObjectId).synchronization.templates;
   * const template = await templates.byId('Slack').get();
   * await templates.byId('Slack').update({ ...template, description: 'Slack, our way' });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationtemplate-update
   */
  async update(template: SynchronizationTemplate, options?: RequestOptions): Promise<void> {
    const body = withoutAnnotations(
      parseInput(SynchronizationTemplateSchema, template, 'template'),
    );
    await this.core.empty({ method: 'PATCH', path: this.path, body, hints: SYNC_WRITE }, options);
  }
}

/** `…/synchronization/templates`: the provisioning connectors a service principal offers. */
export class SynchronizationTemplates {
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
   * Lists the synchronization templates (step 2: pick the `id` to create a job from, e.g.
   * `aws`, `BoxOutDelta`, `dataBricks`).
   *
   * @throws {@link NotFoundError} when the owner does not exist (or is not replicated yet).
   * @throws {@link ForbiddenError} without Synchronization.Read.All / Application.ReadWrite.OwnedBy.
   * @example
   * ```ts
   * const [template] = await sp.synchronization.templates.list().toArray();
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronization-list-templates
   */
  list(options?: RequestOptions): PagedIterable<SynchronizationTemplate> {
    return pagedList(
      this.#core,
      { method: 'GET', path: this.#path, hints: SYNC_READ, model: 'SynchronizationTemplate' },
      SynchronizationTemplateSchema,
      options,
      { pageSizeSupported: false },
    );
  }

  /**
   * Gets one synchronization template by id (e.g. `'aws'`). Same as `byId(templateId).get()`.
   *
   * @throws {@link NotFoundError} when the template or its owner does not exist.
   * @example
   * ```ts
   * const template = await sp.synchronization.templates.get('aws');
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationtemplate-get
   */
  async get(templateId: string, options?: RequestOptions): Promise<SynchronizationTemplate> {
    return this.byId(templateId).get(options);
  }

  /**
   * Addresses one template by id. Sends nothing.
   *
   * @throws {@link InvalidInputError} at once for an empty id, `.` or `..`.
   * @example
   * ```ts
   * const functions = await sp.synchronization.templates.byId('aws').schema.functions();
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationtemplate
   */
  byId(templateId: string): SynchronizationTemplateResource {
    return new SynchronizationTemplateResource(
      this.#core,
      `${this.#path}/${segment('templateId', templateId)}`,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `${this.constructor.name} { path: '${this.#path}' }`;
  }
}

/** `applications/{id}/synchronization/templates`: templates as their owner sees them. */
export class ApplicationSynchronizationTemplates extends SynchronizationTemplates {
  /**
   * Addresses one template by id. Sends nothing.
   *
   * @throws {@link InvalidInputError} at once for an empty id, `.` or `..`.
   * @example
   * ```ts
   * await client.applications.byId(appObjectId).synchronization.templates.byId('Slack').schema.reset();
   * ```
   * @see https://learn.microsoft.com/graph/api/resources/synchronization-synchronizationtemplate
   */
  override byId(templateId: string): ApplicationSynchronizationTemplateResource {
    return new ApplicationSynchronizationTemplateResource(
      this.core,
      `${this.path}/${segment('templateId', templateId)}`,
    );
  }

  /**
   * Replaces a template as a whole. Same as `byId(templateId).update(template)`.
   *
   * @throws {@link InvalidInputError} when `template` does not match the model.
   * @example
   * ```ts
   * await templates.update('Slack', { ...template, description: 'Slack, our way' });
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationtemplate-update
   */
  async update(
    templateId: string,
    template: SynchronizationTemplate,
    options?: RequestOptions,
  ): Promise<void> {
    await this.byId(templateId).update(template, options);
  }
}

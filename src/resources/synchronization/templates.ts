import type { HttpCore } from '../../core/http.js';
import type { RequestOptions } from '../../core/options.js';
import { pagedList, type PagedIterable } from '../../core/paging.js';
import { segment } from '../../core/path.js';
import {
  SynchronizationTemplateSchema,
  type SynchronizationTemplate,
} from '../../models/synchronization.js';
import { SYNC_READ } from '../hints.js';

/** `…/synchronization/templates`: the provisioning connectors a service principal offers. */
export class SynchronizationTemplates {
  readonly #core: HttpCore;
  readonly #path: string;

  /** @internal */
  constructor(core: HttpCore, path: string) {
    this.#core = core;
    this.#path = path;
  }

  /**
   * Lists the synchronization templates (step 2: pick the `id` to create a job from, e.g.
   * `aws`, `BoxOutDelta`, `dataBricks`).
   *
   * @throws {@link NotFoundError} when the service principal does not exist (or is not replicated yet).
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
   * Gets one synchronization template by id (e.g. `'aws'`).
   *
   * @throws {@link NotFoundError} when the template or the service principal does not exist.
   * @example
   * ```ts
   * const template = await sp.synchronization.templates.get('aws');
   * ```
   * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationtemplate-get
   */
  async get(templateId: string, options?: RequestOptions): Promise<SynchronizationTemplate> {
    return this.#core.json(
      {
        method: 'GET',
        path: `${this.#path}/${segment('templateId', templateId)}`,
        hints: SYNC_READ,
        model: 'SynchronizationTemplate',
      },
      SynchronizationTemplateSchema,
      options,
    );
  }

  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SynchronizationTemplates { path: '${this.#path}' }`;
  }
}

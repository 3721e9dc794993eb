import * as z from 'zod/mini';
import { nullishString, optionalNumber, optionalString } from './shared.js';
import { lazySchema } from '../internal/lazy-schema.js';
export type {
  ODataFloat,
  KeyValuePair,
  StringKeyStringValuePair,
  StringKeyLongValuePair,
  StringKeyObjectValuePair,
  DetailsInfo,
  PublicErrorDetail,
  PublicInnerError,
  PublicError,
  Identity,
  UnmodeledObject,
} from './types.js';

/**
 * A Graph enum value: one of the members Graph documents today, or any string it adds later.
 *
 * Editors autocomplete the known members while new ones still type-check, so a service update
 * never breaks a build or a parse.
 */
export type OpenEnum<Known extends string> = Known | (string & {});

/**
 * A model together with the members Graph sent that this SDK does not declare, each typed
 * `unknown`. See {@link loose}. It is for reading what Graph sent: an object literal typed
 * `Loose<T>` is not checked for misspelt members, so type what you write as `T`.
 */
export type Loose<T> = T & { readonly [property: string]: unknown };

/**
 * The escape hatch to members Graph sends that the model types do not declare (a property Graph
 * added after this release, an `@odata.*` annotation, a member of an open type). Model types
 * have no index signature, so that `job.staus` is a compile error; the SDK still keeps every
 * member at run time, and `loose(model)` reads them, typed `unknown` for you to narrow. It
 * returns the same object (no copy); `null` and `undefined` give `undefined`.
 *
 * @example
 * ```ts
 * import { loose } from 'entra-provisioning';
 *
 * const job = await client.servicePrincipals.byId(spId).synchronization.jobs.get(jobId);
 * const context = loose(job)['@odata.context']; // unknown
 * if (typeof context === 'string') console.log(context);
 * ```
 */
export function loose<T extends object>(model: T): Loose<T>;
export function loose<T extends object>(model: T | null | undefined): Loose<T> | undefined;
export function loose<T extends object>(model: T | null | undefined): Loose<T> | undefined {
  return (model ?? undefined) as Loose<T> | undefined;
}

/**
 * Schema of an open enum. It accepts any string on purpose: Graph adds enum members over time
 * and an SDK that rejects them breaks in production the day they ship.
 * @internal
 */
export function openEnum<Known extends string>(): z.ZodMiniType<OpenEnum<Known>, string> {
  return lazySchema(() => z.string());
}

/**
 * Reads a flags enum value the way Graph sends it, several members in one string joined by
 * commas, with or without spaces (`"Add, Update, Delete"` and `"Add,Update,Delete"` both
 * occur): its members, in order, without blanks or repeats. Pass the enum's members (for
 * example `ObjectFlowTypesValues`) to type the result; a member this SDK does not know is kept,
 * as the enum is open.
 *
 * @example
 * ```ts
 * import { ObjectFlowTypesValues, parseFlags } from 'entra-provisioning';
 *
 * const flows = parseFlags(mapping.flowTypes, ObjectFlowTypesValues); // ['Add', 'Update', 'Delete']
 * if (!flows.includes('Delete')) console.log('deletions are not provisioned');
 * ```
 */
export function parseFlags<Known extends string = string>(
  value: string | null | undefined,
  _members?: readonly Known[],
): OpenEnum<Known>[] {
  if (typeof value !== 'string') return [];
  const seen = new Set<string>();
  for (const part of value.split(',')) {
    const member = part.trim();
    if (member !== '') seen.add(member);
  }
  return [...seen] as OpenEnum<Known>[];
}

/**
 * `Edm.Single` / `Edm.Double` on the wire: a JSON number, or one of OData's special values as a
 * string.
 */
export const ODataFloatSchema = lazySchema(() =>
  z.union([z.number(), z.enum(['NaN', 'INF', '-INF'])]),
);

/**
 * `name` is non-nullable. Used for synchronizationJobSettings.
 */
export const KeyValuePairSchema = lazySchema(() =>
  z.looseObject({
    name: optionalString,
    value: nullishString,
  }),
);

/**
 * Generic key/value pair. provisionOnDemand returns ONE of these (not a collection): `key` is a
 * JSON-encoded string with the overall result
 * (`{"result":"Success"|"Skipped"|...,"details":{...}}`) and `value` is a JSON-encoded string
 * describing the provisioning event (action, changeId, modifiedProperties, provisioningSteps,
 * sourceIdentity, targetIdentity, statusInfo ...). Clients must JSON.parse both strings.
 */
export const StringKeyStringValuePairSchema = lazySchema(() =>
  z.looseObject({
    key: nullishString,
    value: nullishString,
  }),
);

/**
 * Graph's `stringKeyLongValuePair`.
 */
export const StringKeyLongValuePairSchema = lazySchema(() =>
  z.looseObject({
    key: nullishString,
    value: optionalNumber,
  }),
);

/**
 * Graph's `stringKeyObjectValuePair`.
 */
export const StringKeyObjectValuePairSchema = lazySchema(() =>
  z.looseObject({
    key: nullishString,
  }),
);

/**
 * Open complex type with no declared properties: any string-keyed JSON object (values are
 * strings in all examples).
 */
export const DetailsInfoSchema = lazySchema(() => z.looseObject({}));

/**
 * Graph's `publicErrorDetail`.
 */
export const PublicErrorDetailSchema = lazySchema(() =>
  z.looseObject({
    code: nullishString,
    message: nullishString,
    target: nullishString,
  }),
);

/**
 * Graph's `publicInnerError`.
 */
export const PublicInnerErrorSchema = lazySchema(() =>
  z.looseObject({
    code: nullishString,
    details: z.nullish(z.array(PublicErrorDetailSchema)),
    message: nullishString,
    target: nullishString,
  }),
);

/**
 * Graph's `publicError`.
 */
export const PublicErrorSchema = lazySchema(() =>
  z.looseObject({
    code: nullishString,
    details: z.nullish(z.array(PublicErrorDetailSchema)),
    innerError: z.nullish(PublicInnerErrorSchema),
    message: nullishString,
    target: nullishString,
  }),
);

/**
 * Open base type of the provisioning identity types: `id`, `displayName` (both nullable
 * strings). Because it is an OpenType, extra JSON members may appear.
 */
export const IdentitySchema = lazySchema(() =>
  z.looseObject({
    displayName: nullishString,
    id: nullishString,
  }),
);

/**
 * A Graph object whose shape lies outside the provisioning surface this SDK models (for example
 * an application's `web` settings). Every member Graph sends is kept.
 */
export const UnmodeledObjectSchema = lazySchema(() => z.looseObject({}));

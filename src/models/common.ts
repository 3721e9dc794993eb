import * as z from 'zod/mini';

/**
 * A Graph enum value: one of the members Graph documents today, or any string it adds later.
 *
 * Editors autocomplete the known members while new ones still type-check, so a service update
 * never breaks a build or a parse.
 */
export type OpenEnum<Known extends string> = Known | (string & {});

/**
 * Schema of an open enum. It accepts any string on purpose: Graph adds enum members over time
 * and an SDK that rejects them breaks in production the day they ship.
 * @internal
 */
export function openEnum<Known extends string>(): z.ZodMiniType<OpenEnum<Known>, string> {
  return z.string();
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
export const ODataFloatSchema = z.union([z.number(), z.enum(['NaN', 'INF', '-INF'])]);
/** {@inheritDoc ODataFloatSchema} */
export type ODataFloat = z.infer<typeof ODataFloatSchema>;

/**
 * `name` is non-nullable. Used for synchronizationJobSettings.
 */
export const KeyValuePairSchema = z.looseObject({
  name: z.optional(z.string()),
  value: z.nullish(z.string()),
});
/** {@inheritDoc KeyValuePairSchema} */
export type KeyValuePair = z.infer<typeof KeyValuePairSchema>;

/**
 * Generic key/value pair. provisionOnDemand returns ONE of these (not a collection): `key` is a
 * JSON-encoded string with the overall result
 * (`{"result":"Success"|"Skipped"|...,"details":{...}}`) and `value` is a JSON-encoded string
 * describing the provisioning event (action, changeId, modifiedProperties, provisioningSteps,
 * sourceIdentity, targetIdentity, statusInfo ...). Clients must JSON.parse both strings.
 */
export const StringKeyStringValuePairSchema = z.looseObject({
  key: z.nullish(z.string()),
  value: z.nullish(z.string()),
});
/** {@inheritDoc StringKeyStringValuePairSchema} */
export type StringKeyStringValuePair = z.infer<typeof StringKeyStringValuePairSchema>;

/**
 * Graph's `stringKeyLongValuePair`.
 */
export const StringKeyLongValuePairSchema = z.looseObject({
  key: z.nullish(z.string()),
  value: z.optional(z.number()),
});
/** {@inheritDoc StringKeyLongValuePairSchema} */
export type StringKeyLongValuePair = z.infer<typeof StringKeyLongValuePairSchema>;

/**
 * Graph's `stringKeyObjectValuePair`.
 */
export const StringKeyObjectValuePairSchema = z.looseObject({
  key: z.nullish(z.string()),
});
/** {@inheritDoc StringKeyObjectValuePairSchema} */
export type StringKeyObjectValuePair = z.infer<typeof StringKeyObjectValuePairSchema>;

/**
 * Open complex type with no declared properties: any string-keyed JSON object (values are
 * strings in all examples).
 */
export const DetailsInfoSchema = z.looseObject({});
/** {@inheritDoc DetailsInfoSchema} */
export type DetailsInfo = z.infer<typeof DetailsInfoSchema>;

/**
 * Graph's `publicErrorDetail`.
 */
export const PublicErrorDetailSchema = z.looseObject({
  code: z.nullish(z.string()),
  message: z.nullish(z.string()),
  target: z.nullish(z.string()),
});
/** {@inheritDoc PublicErrorDetailSchema} */
export type PublicErrorDetail = z.infer<typeof PublicErrorDetailSchema>;

/**
 * Graph's `publicInnerError`.
 */
export const PublicInnerErrorSchema = z.looseObject({
  code: z.nullish(z.string()),
  details: z.nullish(z.array(PublicErrorDetailSchema)),
  message: z.nullish(z.string()),
  target: z.nullish(z.string()),
});
/** {@inheritDoc PublicInnerErrorSchema} */
export type PublicInnerError = z.infer<typeof PublicInnerErrorSchema>;

/**
 * Graph's `publicError`.
 */
export const PublicErrorSchema = z.looseObject({
  code: z.nullish(z.string()),
  details: z.nullish(z.array(PublicErrorDetailSchema)),
  innerError: z.nullish(PublicInnerErrorSchema),
  message: z.nullish(z.string()),
  target: z.nullish(z.string()),
});
/** {@inheritDoc PublicErrorSchema} */
export type PublicError = z.infer<typeof PublicErrorSchema>;

/**
 * Open base type of the provisioning identity types: `id`, `displayName` (both nullable
 * strings). Because it is an OpenType, extra JSON members may appear.
 */
export const IdentitySchema = z.looseObject({
  displayName: z.nullish(z.string()),
  id: z.nullish(z.string()),
});
/** {@inheritDoc IdentitySchema} */
export type Identity = z.infer<typeof IdentitySchema>;

/**
 * A Graph object whose shape lies outside the provisioning surface this SDK models (for example
 * an application's `web` settings). Every member Graph sends is kept.
 */
export const UnmodeledObjectSchema = z.looseObject({});
/** {@inheritDoc UnmodeledObjectSchema} */
export type UnmodeledObject = z.infer<typeof UnmodeledObjectSchema>;

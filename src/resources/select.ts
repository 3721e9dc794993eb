import * as z from 'zod/mini';

/**
 * A property a list's `select` names: one the model declares (which editors offer), or any other
 * property name Graph knows.
 */
export type SelectableProperty<T> = (keyof T & string) | (string & {});

/**
 * An item of a list read with `select`: the properties the select names that the model declares,
 * typed as the model types them. Graph sends only what `$select` names (`id` too only when it is
 * named), so nothing else is declared. A named property the model does not declare is kept at
 * run time: read it with {@link loose}.
 *
 * @example
 * ```ts
 * for await (const sp of client.servicePrincipals.list({ select: ['id', 'appId'] })) {
 *   console.log(sp.id, sp.appId); // sp.displayName: a compile error, Graph did not send it
 * }
 * ```
 */
export type Selected<T, K extends string> = Pick<T, Extract<K, keyof T>>;

/** Derived schemas of each model schema, by select list; a few per model are ever used. */
const derived = new WeakMap<object, Map<string, z.ZodMiniType>>();
const MAX_DERIVED = 32;

/**
 * The schema an item of a list read with `select` must match: the model's, where the properties
 * the select does not name may be absent (Graph leaves them out) and those it names are checked
 * as the model checks them. A select path (`a/b`) names its first segment. The model's own
 * schema when there is no select.
 */
export function selectedSchema<T>(
  schema: z.ZodMiniType<T>,
  select: readonly string[] | undefined,
): z.ZodMiniType<Partial<T>> {
  if (select === undefined) return schema;
  const key = select.join(',');
  let bySelect = derived.get(schema);
  if (bySelect === undefined) {
    bySelect = new Map();
    derived.set(schema, bySelect);
  }
  let selected = bySelect.get(key) as z.ZodMiniType<Partial<T>> | undefined;
  if (selected === undefined) {
    const object = schema as unknown as z.ZodMiniObject;
    const named = new Set(select.map((path) => path.split('/')[0]));
    const mask = Object.fromEntries(
      Object.keys(object.def.shape)
        .filter((property) => !named.has(property))
        .map((property) => [property, true] as const),
    );
    selected = z.partial(object, mask) as unknown as z.ZodMiniType<Partial<T>>;
    // A bound: a program that builds select lists from data must not grow this without end.
    if (bySelect.size >= MAX_DERIVED) bySelect.delete(bySelect.keys().next().value as string);
    bySelect.set(key, selected);
  }
  return selected;
}

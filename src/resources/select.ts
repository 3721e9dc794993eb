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

/**
 * The schema an item of a list read with `select` must match: the model's (a loose object, as
 * every listed model is), where the properties the select does not name may be absent (Graph
 * leaves them out) and those it names are checked as the model checks them. A select path
 * (`a/b`) names its first segment. The model's own schema when there is no select. Built per
 * call, from the builders the models use (`z.partial` would bring the rest of zod's object
 * utilities into every bundle that lists anything).
 */
export function selectedSchema<T>(
  schema: z.ZodMiniType<T>,
  select: readonly string[] | undefined,
): z.ZodMiniType<Partial<T>> {
  if (select === undefined) return schema;
  const named = new Set(select.map((path) => path.split('/')[0]));
  const { shape } = (schema as unknown as z.ZodMiniObject).def;
  return z.looseObject(
    Object.fromEntries(
      Object.entries(shape).map(([name, type]) => [
        name,
        named.has(name) ? type : z.optional(type),
      ]),
    ),
  ) as unknown as z.ZodMiniType<Partial<T>>;
}

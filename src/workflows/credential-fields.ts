/**
 * Which credentials a synchronization template asks for, when it says so. Graph does not
 * document the credentials a connector requires (Microsoft's own guide says to find them in the
 * Azure portal's network trace), but a template may carry them in its `ConfigurationFields`
 * metadata (`configurationFields` in beta): JSON text that lists the fields of the portal's
 * credentials form, names in lower case, e.g.
 * `[{"name":"baseaddress"},{"name":"secrettoken","secret":true}]`. The entry is a
 * `synchronizationMetadata` member in the reference; its value's shape is from Microsoft's
 * examples: microsoftgraph/microsoft-graph-docs-contrib concepts/application-provisioning-configure-api.md
 * (an `aWSSingleSignon` template) and microsoftgraph/microsoft-graph-docs
 * api-reference/beta/resources/synchronization_template.md (a Salesforce one).
 */
import {
  SynchronizationSecretValues,
  type SynchronizationTemplate,
} from '../models/synchronization.js';

const BY_LOWER_CASE: ReadonlyMap<string, string> = new Map(
  SynchronizationSecretValues.map((name) => [name.toLowerCase(), name]),
);

/**
 * The credential keys a template's `ConfigurationFields` lists, as `synchronizationSecret`
 * names (`secrettoken` → `SecretToken`; a name the enum lacks is kept as written), in its
 * order; `undefined` when the template has no such entry or its value is not a list of fields.
 */
export function configurationFields(template: SynchronizationTemplate): string[] | undefined {
  const entry = template.metadata?.find((m) => m.key?.toLowerCase() === 'configurationfields');
  if (typeof entry?.value !== 'string') return undefined;
  let fields: unknown;
  try {
    fields = JSON.parse(entry.value);
  } catch {
    return undefined;
  }
  if (!Array.isArray(fields)) return undefined;
  const names = fields
    .map((field: unknown) =>
      typeof field === 'object' && field !== null ? (field as { name?: unknown }).name : undefined,
    )
    .filter((name): name is string => typeof name === 'string' && name.trim() !== '')
    .map((name) => BY_LOWER_CASE.get(name.trim().toLowerCase()) ?? name.trim());
  return names.length === 0 ? undefined : [...new Set(names)];
}

/**
 * The manifest `apply` reads (JSON or YAML): the apps to configure, with defaults. Its zod schema
 * is the single source: the CLI checks manifests with it, and `manifest.schema.json` (for editor
 * completion) is generated from it.
 */
import { dirname } from 'node:path';
import * as z from 'zod/mini';
import { summarizeIssues } from '../core/validation.js';
import { allKnownKeys, issuesWithSuggestions } from '../internal/suggest-keys.js';
import type { ProvisioningSpec } from '../workflows/configure.js';
import { UpdateSchema } from '../settings/update-schema.js';
import { AssignmentsSchema, MappingsSchema, ScopesSchema } from '../workflows/spec-schemas.js';
import {
  checkSecretKeys,
  isSecretName,
  parseDocument,
  readUserFile,
  resolvePath,
  shownKey,
  unsetEnvMessage,
  UsageError,
} from './args.js';

/**
 * An issue path with the key under `credentials` hidden unless it is a secret name: the manifest
 * may have a value typed where its key belongs.
 */
function withoutCredentialKeys(path: readonly (string | number)[]): (string | number)[] {
  return path.map((segment, i) =>
    i > 0 && path[i - 1] === 'credentials' && typeof segment === 'string' && !isSecretName(segment)
      ? '(an unknown key)'
      : segment,
  );
}

const SecretValueSchema = z.union([
  z.string().check(z.describe('the value itself (keep such manifests out of source control)')),
  z
    .strictObject({ env: z.string().check(z.minLength(1)) })
    .check(z.describe('the value of this environment variable')),
  z
    .strictObject({ file: z.string().check(z.minLength(1)) })
    .check(
      z.describe("this file's contents, relative to the manifest (one final line break dropped)"),
    ),
]);

const AppFields = {
  template: z.optional(
    z
      .string()
      .check(z.minLength(1), z.describe('gallery application template id or exact display name')),
  ),
  syncTemplateId: z.optional(
    z
      .string()
      .check(z.minLength(1), z.describe("synchronization template (default: the app's only one)")),
  ),
  validateCredentials: z.optional(
    z
      .boolean()
      .check(z.describe('test the credentials before saving them (default: true when given)')),
  ),
  start: z.optional(z.boolean().check(z.describe('start the job (default: true)'))),
  enabled: z.optional(
    z
      .boolean()
      .check(
        z.describe(
          'whether the job runs on its schedule: true starts it, false pauses it (default: as start says)',
        ),
      ),
  ),
};

/** What Day 2 keeps right, per app (the SDK's spec fields). */
const Day2Fields = {
  mappings: z.optional(
    MappingsSchema.check(
      z.describe(
        'attribute mappings by object mapping (e.g. User), then target attribute: { attribute }, { expression } or { constant } with flow, matchingPriority…, or null to remove',
      ),
    ),
  ),
  scope: z.optional(
    ScopesSchema.check(
      z.describe(
        'scoping filters by object mapping: groups (any holds) of clauses (all hold), or null for none',
      ),
    ),
  ),
  settings: z.optional(
    UpdateSchema.check(
      z.describe('syncAll, notifications, deleteThreshold, skipOutOfScopeDeletions'),
    ),
  ),
  assignments: z.optional(
    AssignmentsSchema.check(z.describe('users (UPN or id) and groups (name or id) to assign')),
  ),
  assignmentsExclusive: z.optional(
    z.boolean().check(z.describe('also remove the user and group assignments not listed')),
  ),
};

/** The manifest's schema. */
export const ManifestSchema = z
  .strictObject({
    $schema: z.optional(z.string()),
    defaults: z.optional(
      z.strictObject(AppFields).check(z.describe('values for every app that does not set its own')),
    ),
    apps: z
      .array(
        z.strictObject({
          displayName: z
            .string()
            .check(z.minLength(1), z.maxLength(256), z.describe('display name of the application')),
          ...AppFields,
          ...Day2Fields,
          credentials: z.optional(
            z
              .record(z.string(), SecretValueSchema)
              .check(
                z.describe(
                  "the target app's secrets by synchronizationSecret key, e.g. SecretToken",
                ),
              ),
          ),
        }),
      )
      .check(
        z.minLength(1),
        z.describe('the apps to configure; re-running the same manifest is safe'),
      ),
  })
  .check(
    z.meta({
      title: 'entra-provisioning manifest',
      description: 'Gallery apps to configure with `entra-provisioning apply`.',
    }),
  );

/** A manifest as written. */
export type Manifest = z.infer<typeof ManifestSchema>;

/** The JSON Schema of the manifest (draft 2020-12). */
export function manifestJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ManifestSchema, { io: 'input' }) as JsonObject;
  const app = child(child(child(schema, 'properties'), 'apps'), 'items');
  const mappings = child(child(app, 'properties'), 'mappings');
  const scope = child(child(app, 'properties'), 'scope');
  // One definition each, referred to by every name an editor is offered.
  const defs = {
    attributeMapping: child(child(mappings, 'additionalProperties'), 'additionalProperties'),
    scope: child(scope, 'additionalProperties'),
  };
  schema.$defs = { ...(schema.$defs as JsonObject | undefined), ...defs };
  const ref = (name: keyof typeof defs) => ({ $ref: `#/$defs/${name}` });
  const perObject = {
    ...child(mappings, 'additionalProperties'),
    additionalProperties: ref('attributeMapping'),
  };
  mappings.additionalProperties = perObject;
  mappings.properties = Object.fromEntries(
    Object.entries(KNOWN_TARGETS).map(([object, attributes]) => [
      object,
      {
        ...perObject,
        properties: Object.fromEntries(attributes.map((a) => [a, ref('attributeMapping')])),
      },
    ]),
  );
  scope.additionalProperties = ref('scope');
  scope.properties = Object.fromEntries(Object.keys(KNOWN_TARGETS).map((o) => [o, ref('scope')]));
  return schema;
}

type JsonObject = Record<string, unknown>;

function child(node: JsonObject, key: string): JsonObject {
  const value = node[key];
  if (typeof value !== 'object' || value === null) throw new Error(`no ${key} in the schema`);
  return value as JsonObject;
}

/**
 * Target attribute names an editor offers under `mappings.User` and `mappings.Group` (and the
 * object mappings under `scope`): the SCIM attributes of Microsoft's default mappings for a
 * custom SCIM app (Tables 1 and 2 of "Tutorial: Develop and plan provisioning for a SCIM
 * endpoint", learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups).
 * Suggestions only: any other name is accepted, as each gallery app names its own.
 */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const KNOWN_TARGETS: Readonly<Record<string, readonly string[]>> = {
  User: [
    'userName',
    'active',
    'displayName',
    'title',
    'emails[type eq "work"].value',
    'name.givenName',
    'name.familyName',
    'externalId',
    'phoneNumbers[type eq "work"].value',
    'phoneNumbers[type eq "mobile"].value',
    'phoneNumbers[type eq "fax"].value',
    'addresses[type eq "work"].streetAddress',
    'addresses[type eq "work"].locality',
    'addresses[type eq "work"].region',
    'addresses[type eq "work"].postalCode',
    'addresses[type eq "work"].country',
    `${ENTERPRISE}:employeeNumber`,
    `${ENTERPRISE}:department`,
    `${ENTERPRISE}:manager`,
  ],
  Group: ['displayName', 'externalId', 'members'],
};

/** An app's Day-2 fields, as given. */
function day2Of(app: Manifest['apps'][number]): Partial<ProvisioningSpec> {
  const { mappings, scope, settings, assignments, assignmentsExclusive } = app;
  return Object.fromEntries(
    Object.entries({ mappings, scope, settings, assignments, assignmentsExclusive }).filter(
      ([, v]) => v !== undefined,
    ),
  );
}

/** Reads and checks a manifest; secrets from env and files are read now, not echoed ever. */
export async function loadManifest(
  path: string,
  env: Readonly<Record<string, string | undefined>>,
  { allowUnknownKeys = false }: { allowUnknownKeys?: boolean } = {},
): Promise<ProvisioningSpec[]> {
  const text = await readUserFile('manifest', path);
  const fields = allKnownKeys(ManifestSchema);
  // A parse error's excerpt shows field and secret names, and masks everything else.
  const shownWord = (word: string) => fields.has(word) || isSecretName(word);
  const parsed = ManifestSchema.safeParse(await parseDocument('manifest', path, text, shownWord));
  if (!parsed.success) {
    const issues = issuesWithSuggestions(ManifestSchema, parsed.error.issues).map((issue) => ({
      ...issue,
      path: withoutCredentialKeys(issue.path),
    }));
    throw new UsageError(`manifest ${path} is not valid: ${summarizeIssues(issues, 5)}`);
  }
  const { defaults = {}, apps } = parsed.data;
  const base = dirname(path);
  const specs: ProvisioningSpec[] = [];
  for (const [i, app] of apps.entries()) {
    const where = `apps[${String(i)}] (${app.displayName})`;
    const template = app.template ?? defaults.template;
    if (template === undefined) {
      throw new UsageError(`manifest ${path}: ${where} has no template, and defaults has none`);
    }
    let credentials: Record<string, string> | undefined;
    if (app.credentials !== undefined) {
      credentials = {};
      checkSecretKeys(
        `manifest ${path}: ${where}: credentials`,
        Object.keys(app.credentials),
        allowUnknownKeys,
      );
      for (const [key, value] of Object.entries(app.credentials)) {
        if (typeof value === 'string') credentials[key] = value;
        else if ('env' in value) {
          const found = env[value.env];
          if (found === undefined || found === '') {
            throw new UsageError(
              `manifest ${path}: ${where}: ${shownKey(key)} ${unsetEnvMessage(value.env)}`,
            );
          }
          credentials[key] = found;
        } else {
          const file = resolvePath(base, value.file);
          credentials[key] = (
            await readUserFile(`${where}: ${shownKey(key)}`, file, { showPath: false })
          ).replace(/\r?\n$/, '');
        }
      }
    }
    const syncTemplateId = app.syncTemplateId ?? defaults.syncTemplateId;
    const validateCredentials = app.validateCredentials ?? defaults.validateCredentials;
    // An app's own start or enabled wins over the other one given in defaults.
    const start = app.start ?? (app.enabled === undefined ? defaults.start : undefined);
    const enabled = app.enabled ?? (app.start === undefined ? defaults.enabled : undefined);
    specs.push({
      template,
      displayName: app.displayName,
      ...(syncTemplateId === undefined ? {} : { syncTemplateId }),
      ...(credentials === undefined ? {} : { credentials }),
      ...(validateCredentials === undefined || credentials === undefined
        ? {}
        : { validateCredentials }),
      ...(start === undefined ? {} : { start }),
      ...(enabled === undefined ? {} : { enabled }),
      ...day2Of(app),
    });
  }
  return specs;
}

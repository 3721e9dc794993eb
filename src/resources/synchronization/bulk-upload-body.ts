/** The check of a SCIM bulk request (loaded with the first `bulkUpload()`). */
import { lazySchema } from '../../internal/lazy-schema.js';
import * as z from 'zod/mini';
import { invalidInput, parseInput } from '../../core/validation.js';
import {
  MAX_BULK_OPERATIONS,
  SCIM_BULK_REQUEST_SCHEMA,
  type ScimBulkRequest,
} from './bulk-upload.js';

const BulkRequestSchema = lazySchema(() =>
  z.looseObject({
    schemas: z.optional(z.array(z.string())),
    Operations: z.array(
      z.looseObject({
        method: z.string(),
        bulkId: z.string(),
        path: z.string(),
        data: z.looseObject({ schemas: z.array(z.string()) }),
      }),
    ),
    failOnErrors: z.nullish(z.number().check(z.int(), z.nonnegative())),
  }),
);

/** The body to send, checked against Microsoft's rules before anything is sent. */
export function scimBulkBody(request: ScimBulkRequest): Record<string, unknown> {
  const body = parseInput(BulkRequestSchema, request, 'bulkUpload() request');
  const operations = body.Operations;
  if (operations.length === 0) invalidInput('Operations', 'needs at least one operation');
  if (operations.length > MAX_BULK_OPERATIONS) {
    invalidInput(
      'Operations',
      `has ${String(operations.length)} operations; Graph accepts at most ${String(MAX_BULK_OPERATIONS)} per request (send several)`,
    );
  }
  const bulkIds = new Set<string>();
  operations.forEach((operation, i) => {
    const at = `Operations[${String(i)}]`;
    if (operation.method !== 'POST')
      invalidInput(`${at}.method`, 'must be "POST" (the provisioning service picks the action)');
    if (operation.path !== '/Users') invalidInput(`${at}.path`, 'must be "/Users"');
    if (operation.bulkId.trim() === '') invalidInput(`${at}.bulkId`, 'must not be empty');
    if (bulkIds.has(operation.bulkId))
      invalidInput(`${at}.bulkId`, `duplicate bulkId '${operation.bulkId}'`);
    bulkIds.add(operation.bulkId);
    if (operation.data.schemas.length === 0)
      invalidInput(`${at}.data.schemas`, 'must name at least the SCIM user schema');
  });
  const schemas = body.schemas ?? [SCIM_BULK_REQUEST_SCHEMA];
  if (!schemas.includes(SCIM_BULK_REQUEST_SCHEMA))
    invalidInput('schemas', `must contain '${SCIM_BULK_REQUEST_SCHEMA}'`);
  // SCIM puts `schemas` first; keep the caller's other members as they are.
  const { schemas: _given, ...rest } = body;
  return { schemas, ...rest };
}

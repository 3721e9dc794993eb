/**
 * The SCIM bulk request of API-driven inbound provisioning (`POST …/jobs/{id}/bulkUpload`).
 * Graph's metadata types `bulkUpload` as a stream: the body is SCIM (RFC 7644 §3.7), with the
 * rules of Microsoft's bulkUpload page (at most 50 operations, each a `POST` to `/Users`). The
 * body's check, in bulk-upload-body.ts, loads with the first `bulkUpload()`.
 */

/** The schema URN of a SCIM bulk request. */
export const SCIM_BULK_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';

/** Operations one bulkUpload request may carry (Microsoft's limit). */
export const MAX_BULK_OPERATIONS = 50;

/**
 * A SCIM user as API-driven provisioning receives it: the core schema
 * (`urn:ietf:params:scim:schemas:core:2.0:User`), the enterprise extension
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`) or your own extension; the
 * job's attribute mappings decide what is used.
 */
export interface ScimUser {
  /** Schema URNs the object uses. */
  schemas: string[];
  /** Your system's identifier: the usual matching attribute. */
  externalId?: string;
  /** Login name. */
  userName?: string;
  /** Whether the account is enabled. */
  active?: boolean;
  /** Any other SCIM attribute or extension object. */
  [attribute: string]: unknown;
}

/** One operation of a bulk request. */
export interface ScimBulkOperation {
  /** Always `POST`: the provisioning service decides between create, update and disable. */
  method: 'POST';
  /** Your identifier of this operation, unique in the request. */
  bulkId: string;
  /** Always `/Users`. */
  path: '/Users';
  /** The user. */
  data: ScimUser;
}

/** A SCIM bulk request for {@link SynchronizationJobResource.bulkUpload}. */
export interface ScimBulkRequest {
  /** Added when missing: `['urn:ietf:params:scim:api:messages:2.0:BulkRequest']`. */
  schemas?: string[];
  /** 1 to 50 operations. */
  Operations: ScimBulkOperation[];
  /** SCIM's `failOnErrors`: how many errors the service accepts before stopping. */
  failOnErrors?: number | null;
}

/** What Graph answered to a bulk upload. */
export interface BulkUploadResult {
  /**
   * The `Location` header: where to follow the request's processing (a provisioning-logs
   * query), when Graph sent one.
   */
  readonly location: string | undefined;
}

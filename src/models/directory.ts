import * as z from 'zod/mini';
import {
  nullishBoolean,
  nullishString,
  nullishUnknown,
  optionalBoolean,
  optionalString,
} from './shared.js';
import { UnmodeledObjectSchema } from './common.js';
import { lazySchema } from '../internal/lazy-schema.js';
export type { Application, ServicePrincipal, ApplicationServicePrincipal } from './types.js';

/**
 * Graph's `application`.
 */
export const ApplicationSchema = lazySchema(() =>
  z.looseObject({
    id: z.string(),
    deletedDateTime: nullishString,
    /** v1.0 only. */
    addIns: z.nullish(z.array(UnmodeledObjectSchema /* addIn */)),
    api: z.nullish(UnmodeledObjectSchema /* apiApplication */),
    appId: nullishString,
    /** v1.0 only. */
    applicationTemplateId: nullishString,
    appRoles: z.nullish(z.array(UnmodeledObjectSchema /* appRole */)),
    authenticationBehaviors: z.nullish(UnmodeledObjectSchema /* authenticationBehaviors */),
    certification: z.nullish(UnmodeledObjectSchema /* certification */),
    createdByAppId: nullishString,
    createdDateTime: nullishString,
    defaultRedirectUri: nullishString,
    description: nullishString,
    disabledByMicrosoftStatus: nullishString,
    displayName: nullishString,
    groupMembershipClaims: nullishString,
    identifierUris: z.nullish(z.array(z.string())),
    info: z.nullish(UnmodeledObjectSchema /* informationalUrl */),
    isDeviceOnlyAuthSupported: nullishBoolean,
    isDisabled: nullishBoolean,
    isFallbackPublicClient: nullishBoolean,
    keyCredentials: z.nullish(z.array(UnmodeledObjectSchema /* keyCredential */)),
    logo: optionalString,
    managerApplications: z.nullish(z.array(z.string())),
    nativeAuthenticationApisEnabled: z.nullish(
      UnmodeledObjectSchema /* nativeAuthenticationApisEnabled */,
    ),
    notes: nullishString,
    /** v1.0 only. */
    oauth2RequirePostResponse: optionalBoolean,
    /** beta only. */
    onPremisesPublishing: z.nullish(UnmodeledObjectSchema /* onPremisesPublishing */),
    optionalClaims: z.nullish(UnmodeledObjectSchema /* optionalClaims */),
    parentalControlSettings: z.nullish(UnmodeledObjectSchema /* parentalControlSettings */),
    passwordCredentials: z.nullish(z.array(UnmodeledObjectSchema /* passwordCredential */)),
    publicClient: z.nullish(UnmodeledObjectSchema /* publicClientApplication */),
    publisherDomain: nullishString,
    requestSignatureVerification: z.nullish(
      UnmodeledObjectSchema /* requestSignatureVerification */,
    ),
    requiredResourceAccess: z.nullish(z.array(UnmodeledObjectSchema /* requiredResourceAccess */)),
    samlMetadataUrl: nullishString,
    serviceManagementReference: nullishString,
    servicePrincipalLockConfiguration: z.nullish(
      UnmodeledObjectSchema /* servicePrincipalLockConfiguration */,
    ),
    signInAudience: nullishString,
    /** beta only. */
    signInAudienceRestrictions: z.optional(
      UnmodeledObjectSchema /* signInAudienceRestrictionsBase */,
    ),
    spa: z.nullish(UnmodeledObjectSchema /* spaApplication */),
    tags: z.nullish(z.array(z.string())),
    tokenEncryptionKeyId: nullishString,
    uniqueName: nullishString,
    verifiedPublisher: z.nullish(UnmodeledObjectSchema /* verifiedPublisher */),
    web: z.nullish(UnmodeledObjectSchema /* webApplication */),
    /** beta only. */
    windows: nullishUnknown,
    /** Navigation property; returned only when addressed or expanded. */
    appManagementPolicies: z.nullish(z.array(UnmodeledObjectSchema /* appManagementPolicy */)),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    claimsMappingPolicies: z.nullish(z.array(UnmodeledObjectSchema /* claimsMappingPolicy */)),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    connectorGroup: z.nullish(UnmodeledObjectSchema /* connectorGroup */),
    /** Navigation property; returned only when addressed or expanded. */
    createdOnBehalfOf: z.nullish(UnmodeledObjectSchema /* directoryObject */),
    /** Navigation property; returned only when addressed or expanded. */
    extensionProperties: z.nullish(z.array(UnmodeledObjectSchema /* extensionProperty */)),
    /** Navigation property; returned only when addressed or expanded. */
    federatedIdentityCredentials: z.nullish(
      z.array(UnmodeledObjectSchema /* federatedIdentityCredential */),
    ),
    /** Navigation property; returned only when addressed or expanded. */
    homeRealmDiscoveryPolicies: z.nullish(
      z.array(UnmodeledObjectSchema /* homeRealmDiscoveryPolicy */),
    ),
    /** Navigation property; returned only when addressed or expanded. */
    owners: z.nullish(z.array(UnmodeledObjectSchema /* directoryObject */)),
    /** Navigation property; returned only when addressed or expanded. */
    // Returned only with $expand; kept untyped so the directory models stay shallow for the compiler
    // (use `servicePrincipals.byId(id).synchronization` to work with it).
    synchronization: z.nullish(UnmodeledObjectSchema /* synchronization */),
    /** Navigation property; returned only when addressed or expanded. */
    tokenIssuancePolicies: z.nullish(z.array(UnmodeledObjectSchema /* tokenIssuancePolicy */)),
    /** Navigation property; returned only when addressed or expanded. */
    tokenLifetimePolicies: z.nullish(z.array(UnmodeledObjectSchema /* tokenLifetimePolicy */)),
  }),
);

/**
 * Graph's `servicePrincipal`.
 */
export const ServicePrincipalSchema = lazySchema(() =>
  z.looseObject({
    id: z.string(),
    deletedDateTime: nullishString,
    accountEnabled: nullishBoolean,
    addIns: z.nullish(z.array(UnmodeledObjectSchema /* addIn */)),
    alternativeNames: z.nullish(z.array(z.string())),
    appDescription: nullishString,
    appDisplayName: nullishString,
    appId: nullishString,
    applicationTemplateId: nullishString,
    appOwnerOrganizationId: nullishString,
    appRoleAssignmentRequired: optionalBoolean,
    appRoles: z.nullish(z.array(UnmodeledObjectSchema /* appRole */)),
    createdByAppId: nullishString,
    customSecurityAttributes: z.nullish(UnmodeledObjectSchema /* customSecurityAttributeValue */),
    description: nullishString,
    disabledByMicrosoftStatus: nullishString,
    displayName: nullishString,
    /** beta only. */
    errorUrl: nullishString,
    homepage: nullishString,
    info: z.nullish(UnmodeledObjectSchema /* informationalUrl */),
    isDisabled: nullishBoolean,
    keyCredentials: z.nullish(z.array(UnmodeledObjectSchema /* keyCredential */)),
    loginUrl: nullishString,
    logoutUrl: nullishString,
    notes: nullishString,
    notificationEmailAddresses: z.nullish(z.array(z.string())),
    /** v1.0 only. */
    oauth2PermissionScopes: z.nullish(z.array(UnmodeledObjectSchema /* permissionScope */)),
    passwordCredentials: z.nullish(z.array(UnmodeledObjectSchema /* passwordCredential */)),
    /** beta only. */
    passwordSingleSignOnSettings: z.nullish(
      UnmodeledObjectSchema /* passwordSingleSignOnSettings */,
    ),
    preferredSingleSignOnMode: nullishString,
    /** beta only. */
    preferredTokenSigningKeyEndDateTime: nullishString,
    preferredTokenSigningKeyThumbprint: nullishString,
    /** beta only. */
    publishedPermissionScopes: z.nullish(z.array(UnmodeledObjectSchema /* permissionScope */)),
    /** beta only. */
    publisherName: nullishString,
    replyUrls: z.nullish(z.array(z.string())),
    /** v1.0 only. */
    resourceSpecificApplicationPermissions: z.nullish(
      z.array(UnmodeledObjectSchema /* resourceSpecificPermission */),
    ),
    /** beta only. */
    samlMetadataUrl: nullishString,
    samlSingleSignOnSettings: z.nullish(UnmodeledObjectSchema /* samlSingleSignOnSettings */),
    servicePrincipalNames: z.nullish(z.array(z.string())),
    servicePrincipalType: nullishString,
    signInAudience: nullishString,
    tags: z.nullish(z.array(z.string())),
    tokenEncryptionKeyId: nullishString,
    verifiedPublisher: z.nullish(UnmodeledObjectSchema /* verifiedPublisher */),
    /** Navigation property; returned only when addressed or expanded. */
    appManagementPolicies: z.nullish(z.array(UnmodeledObjectSchema /* appManagementPolicy */)),
    /** Navigation property; returned only when addressed or expanded. */
    appRoleAssignedTo: z.nullish(z.array(UnmodeledObjectSchema /* appRoleAssignment */)),
    /** Navigation property; returned only when addressed or expanded. */
    appRoleAssignments: z.nullish(z.array(UnmodeledObjectSchema /* appRoleAssignment */)),
    /** Navigation property; returned only when addressed or expanded. */
    claimsMappingPolicies: z.nullish(z.array(UnmodeledObjectSchema /* claimsMappingPolicy */)),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    claimsPolicy: nullishUnknown,
    /** Navigation property; returned only when addressed or expanded. */
    createdObjects: z.nullish(z.array(UnmodeledObjectSchema /* directoryObject */)),
    /** Navigation property; returned only when addressed or expanded. */
    delegatedPermissionClassifications: z.nullish(
      z.array(UnmodeledObjectSchema /* delegatedPermissionClassification */),
    ),
    /** Navigation property; returned only when addressed or expanded. */
    endpoints: z.nullish(z.array(UnmodeledObjectSchema /* endpoint */)),
    /** Navigation property; returned only when addressed or expanded. */
    federatedIdentityCredentials: z.nullish(
      z.array(UnmodeledObjectSchema /* federatedIdentityCredential */),
    ),
    /** Navigation property; returned only when addressed or expanded. */
    homeRealmDiscoveryPolicies: z.nullish(
      z.array(UnmodeledObjectSchema /* homeRealmDiscoveryPolicy */),
    ),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    licenseDetails: z.nullish(z.array(UnmodeledObjectSchema /* licenseDetails */)),
    /** Navigation property; returned only when addressed or expanded. */
    memberOf: z.nullish(z.array(UnmodeledObjectSchema /* directoryObject */)),
    /** Navigation property; returned only when addressed or expanded. */
    oauth2PermissionGrants: z.nullish(z.array(UnmodeledObjectSchema /* oAuth2PermissionGrant */)),
    /** Navigation property; returned only when addressed or expanded. */
    ownedObjects: z.nullish(z.array(UnmodeledObjectSchema /* directoryObject */)),
    /** Navigation property; returned only when addressed or expanded. */
    owners: z.nullish(z.array(UnmodeledObjectSchema /* directoryObject */)),
    /** Navigation property; returned only when addressed or expanded. beta only. */
    permissionGrantPreApprovalPolicies: nullishUnknown,
    /** Navigation property; returned only when addressed or expanded. */
    remoteDesktopSecurityConfiguration: z.nullish(
      UnmodeledObjectSchema /* remoteDesktopSecurityConfiguration */,
    ),
    /** Navigation property; returned only when addressed or expanded. */
    // Returned only with $expand; kept untyped so the directory models stay shallow for the compiler
    // (use `servicePrincipals.byId(id).synchronization` to work with it).
    synchronization: z.nullish(UnmodeledObjectSchema /* synchronization */),
    /** Navigation property; returned only when addressed or expanded. */
    tokenIssuancePolicies: z.nullish(z.array(UnmodeledObjectSchema /* tokenIssuancePolicy */)),
    /** Navigation property; returned only when addressed or expanded. */
    tokenLifetimePolicies: z.nullish(z.array(UnmodeledObjectSchema /* tokenLifetimePolicy */)),
    /** Navigation property; returned only when addressed or expanded. */
    transitiveMemberOf: z.nullish(z.array(UnmodeledObjectSchema /* directoryObject */)),
  }),
);

/**
 * What `instantiate` returns: the new application and its service principal, both inline.
 * The CSDL declares the two members as nullable navigation properties, but instantiate always
 * returns both, and the SDK guarantees each carries `id` (beta's AAD-Graph `objectId` is
 * copied to `id`).
 */
export const ApplicationServicePrincipalSchema = lazySchema(() =>
  z.looseObject({
    /** The new application (beta: AAD-Graph property names such as `objectId`, `homepage`). */
    application: ApplicationSchema,
    /** The new service principal: the object provisioning is configured on. */
    servicePrincipal: ServicePrincipalSchema,
  }),
);

import * as z from 'zod/mini';
import {
  nullishBoolean,
  nullishNumber,
  nullishString,
  optionalBoolean,
  optionalString,
} from './shared.js';
import { ODataFloatSchema, openEnum } from './common.js';
import type { OpenEnum } from './common.js';
import { lazySchema } from '../internal/lazy-schema.js';
export type {
  ApplicationLocation,
  ApplicationRiskFactorCertificateInfo,
  ApplicationRiskFactorGeneralInfo,
  ApplicationRiskFactorLegalInfoGdpr,
  ApplicationRiskFactorLegalInfo,
  ApplicationRiskFactorSecurityInfo,
  ApplicationSecurityCompliance,
  ApplicationRiskFactors,
  ApplicationRiskScore,
  ConfigurationUri,
  InformationalUrls,
  SupportedClaimConfiguration,
  ApplicationTemplate,
} from './types.js';

/** Members of `holdType`. */
export const HoldTypeValues = ['none', 'private', 'public', 'unknownFutureValue'] as const;
/** Graph's `holdType` enum, open to values added later. */
export type HoldType = OpenEnum<(typeof HoldTypeValues)[number]>;
/** Schema of {@link HoldType}. */
export const HoldTypeSchema = openEnum<(typeof HoldTypeValues)[number]>();

/** Members of `applicationDataType` (a flags enum: several members joined by ", " in one string). */
export const ApplicationDataTypeValues = [
  'none',
  'codingFiles',
  'creditCards',
  'databaseFiles',
  'documents',
  'mediaFiles',
  'unknownFutureValue',
] as const;
/** Graph's `applicationDataType` enum, open to values added later. */
export type ApplicationDataType = OpenEnum<(typeof ApplicationDataTypeValues)[number]>;
/** Schema of {@link ApplicationDataType}. */
export const ApplicationDataTypeSchema = openEnum<(typeof ApplicationDataTypeValues)[number]>();

/** Members of `dataProtection` (a flags enum: several members joined by ", " in one string). */
export const DataProtectionValues = [
  'none',
  'impactAssessments',
  'officers',
  'secureCrossBorderDataTransfer',
  'unknownFutureValue',
] as const;
/** Graph's `dataProtection` enum, open to values added later. */
export type DataProtection = OpenEnum<(typeof DataProtectionValues)[number]>;
/** Schema of {@link DataProtection}. */
export const DataProtectionSchema = openEnum<(typeof DataProtectionValues)[number]>();

/** Members of `userOwnership` (a flags enum: several members joined by ", " in one string). */
export const UserOwnershipValues = [
  'none',
  'lawfulBasisForProcessing',
  'rightToAccess',
  'rightToBeInformed',
  'rightToDataPortability',
  'rightToObject',
  'rightToRectification',
  'rightToRestrictionOfProcessing',
  'rightsRelatedToAutomatedDecisionMaking',
  'unknownFutureValue',
] as const;
/** Graph's `userOwnership` enum, open to values added later. */
export type UserOwnership = OpenEnum<(typeof UserOwnershipValues)[number]>;
/** Schema of {@link UserOwnership}. */
export const UserOwnershipSchema = openEnum<(typeof UserOwnershipValues)[number]>();

/** Members of `dataRetentionLevel`. */
export const DataRetentionLevelValues = [
  'none',
  'dataRetained',
  'deletedImmediately',
  'deletedWithin1Month',
  'deletedWithin2Weeks',
  'deletedWithin3Months',
  'deletedWithinMoreThan3Months',
  'unknownFutureValue',
] as const;
/** Graph's `dataRetentionLevel` enum, open to values added later. */
export type DataRetentionLevel = OpenEnum<(typeof DataRetentionLevelValues)[number]>;
/** Schema of {@link DataRetentionLevel}. */
export const DataRetentionLevelSchema = openEnum<(typeof DataRetentionLevelValues)[number]>();

/** Members of `sslVersion`. */
export const SslVersionValues = [
  'none',
  'ssl3_0',
  'tls1_0',
  'tls1_1',
  'tls1_2',
  'tls1_3',
  'notSupported',
  'unknownFutureValue',
] as const;
/** Graph's `sslVersion` enum, open to values added later. */
export type SslVersion = OpenEnum<(typeof SslVersionValues)[number]>;
/** Schema of {@link SslVersion}. */
export const SslVersionSchema = openEnum<(typeof SslVersionValues)[number]>();

/** Members of `passwordPolicy` (a flags enum: several members joined by ", " in one string). */
export const PasswordPolicyValues = [
  'none',
  'changePasswordPeriod',
  'charactersCombination',
  'passwordHistoryAndReuse',
  'passwordLengthLimit',
  'personalInformationUse',
  'unknownFutureValue',
] as const;
/** Graph's `passwordPolicy` enum, open to values added later. */
export type PasswordPolicy = OpenEnum<(typeof PasswordPolicyValues)[number]>;
/** Schema of {@link PasswordPolicy}. */
export const PasswordPolicySchema = openEnum<(typeof PasswordPolicyValues)[number]>();

/** Members of `restEncryptionType`. */
export const RestEncryptionTypeValues = [
  'none',
  'aes',
  'bitlocker',
  'blowfish',
  'des',
  'rc4',
  'rsa',
  'notSupported',
  'unknownFutureValue',
] as const;
/** Graph's `restEncryptionType` enum, open to values added later. */
export type RestEncryptionType = OpenEnum<(typeof RestEncryptionTypeValues)[number]>;
/** Schema of {@link RestEncryptionType}. */
export const RestEncryptionTypeSchema = openEnum<(typeof RestEncryptionTypeValues)[number]>();

/** Members of `csaStarLevel`. */
export const CsaStarLevelValues = [
  'none',
  'attestation',
  'certification',
  'continuousMonitoring',
  'cStarAssessment',
  'selfAssessment',
  'notSupported',
  'unknownFutureValue',
] as const;
/** Graph's `csaStarLevel` enum, open to values added later. */
export type CsaStarLevel = OpenEnum<(typeof CsaStarLevelValues)[number]>;
/** Schema of {@link CsaStarLevel}. */
export const CsaStarLevelSchema = openEnum<(typeof CsaStarLevelValues)[number]>();

/** Members of `fedRampLevel`. */
export const FedRampLevelValues = [
  'none',
  'high',
  'liSaas',
  'low',
  'moderate',
  'notSupported',
  'unknownFutureValue',
] as const;
/** Graph's `fedRampLevel` enum, open to values added later. */
export type FedRampLevel = OpenEnum<(typeof FedRampLevelValues)[number]>;
/** Schema of {@link FedRampLevel}. */
export const FedRampLevelSchema = openEnum<(typeof FedRampLevelValues)[number]>();

/** Members of `pciVersion`. */
export const PciVersionValues = [
  'none',
  'v3_2_1',
  'v4',
  'notSupported',
  'unknownFutureValue',
] as const;
/** Graph's `pciVersion` enum, open to values added later. */
export type PciVersion = OpenEnum<(typeof PciVersionValues)[number]>;
/** Schema of {@link PciVersion}. */
export const PciVersionSchema = openEnum<(typeof PciVersionValues)[number]>();

/** Members of `uriUsageType`. */
export const UriUsageTypeValues = [
  'redirectUri', // beta only
  'identifierUri', // beta only
  'loginUrl', // beta only
  'logoutUrl', // beta only
  'unknownFutureValue', // beta only
] as const;
/** Graph's `uriUsageType` enum, open to values added later. */
export type UriUsageType = OpenEnum<(typeof UriUsageTypeValues)[number]>;
/** Schema of {@link UriUsageType}. */
export const UriUsageTypeSchema = openEnum<(typeof UriUsageTypeValues)[number]>();

/**
 * Graph's `applicationLocation`.
 */
export const ApplicationLocationSchema = lazySchema(() =>
  z.looseObject({
    dataCenter: nullishString,
    headquarters: nullishString,
  }),
);

/**
 * Graph's `applicationRiskFactorCertificateInfo`.
 */
export const ApplicationRiskFactorCertificateInfoSchema = lazySchema(() =>
  z.looseObject({
    hasBadCommonName: nullishBoolean,
    hasInsecureSignature: nullishBoolean,
    hasNoChainOfTrust: nullishBoolean,
    isDenylisted: nullishBoolean,
    isHostnameMismatch: nullishBoolean,
    isNotAfter: nullishBoolean,
    isNotBefore: nullishBoolean,
    isRevoked: nullishBoolean,
    isSelfSigned: nullishBoolean,
  }),
);

/**
 * Graph's `applicationRiskFactorGeneralInfo`.
 */
export const ApplicationRiskFactorGeneralInfoSchema = lazySchema(() =>
  z.looseObject({
    consumerPopularity: nullishNumber,
    domainRegistrationDate: nullishString,
    founded: nullishNumber,
    hasDisasterRecoveryPlan: nullishBoolean,
    hold: z.optional(HoldTypeSchema),
    hostingCompanyName: nullishString,
    location: z.nullish(ApplicationLocationSchema),
    privacyPolicy: nullishString,
    processedDataTypes: z.optional(ApplicationDataTypeSchema),
    termsOfService: nullishString,
  }),
);

/**
 * Graph's `applicationRiskFactorLegalInfoGdpr`.
 */
export const ApplicationRiskFactorLegalInfoGdprSchema = lazySchema(() =>
  z.looseObject({
    dataProtection: z.optional(DataProtectionSchema),
    hasRightToErasure: nullishBoolean,
    isReportingDataBreaches: nullishBoolean,
    statementUrl: nullishString,
    userOwnership: z.optional(UserOwnershipSchema),
  }),
);

/**
 * Graph's `applicationRiskFactorLegalInfo`.
 */
export const ApplicationRiskFactorLegalInfoSchema = lazySchema(() =>
  z.looseObject({
    dataRetention: z.optional(DataRetentionLevelSchema),
    gdpr: z.optional(ApplicationRiskFactorLegalInfoGdprSchema),
    hasDataOwnership: nullishBoolean,
    hasDmca: nullishBoolean,
  }),
);

/**
 * Graph's `applicationRiskFactorSecurityInfo`.
 */
export const ApplicationRiskFactorSecurityInfoSchema = lazySchema(() =>
  z.looseObject({
    certificate: z.optional(ApplicationRiskFactorCertificateInfoSchema),
    domainToCheck: nullishString,
    hasAdminAuditTrail: nullishBoolean,
    hasAnonymousUsage: nullishBoolean,
    hasDataAuditTrail: nullishBoolean,
    hasDataClassification: nullishBoolean,
    hasDataEncrypted: nullishBoolean,
    hasEnforceTransportEnc: nullishBoolean,
    hasIpRestriction: nullishBoolean,
    hasMFA: nullishBoolean,
    hasPenTest: nullishBoolean,
    hasRememberPassword: nullishBoolean,
    hasSamlSupport: nullishBoolean,
    hasUserAuditLogs: nullishBoolean,
    hasUserDataUpload: nullishBoolean,
    hasUserRolesSupport: nullishBoolean,
    hasValidCertName: nullishBoolean,
    httpsSecurityHeaders: z.nullish(z.array(z.string())),
    isCertTrusted: nullishBoolean,
    isDrownVulnerable: nullishBoolean,
    isHeartbleedProof: nullishBoolean,
    lastBreachDate: nullishString,
    latestValidSSL: z.optional(SslVersionSchema),
    passwordPolicy: z.optional(PasswordPolicySchema),
    restEncryptionType: z.optional(RestEncryptionTypeSchema),
  }),
);

/**
 * Graph's `applicationSecurityCompliance`.
 */
export const ApplicationSecurityComplianceSchema = lazySchema(() =>
  z.looseObject({
    cobit: nullishBoolean,
    coppa: nullishBoolean,
    csaStar: z.nullish(CsaStarLevelSchema),
    fedRamp: z.nullish(FedRampLevelSchema),
    ferpa: nullishBoolean,
    ffiec: nullishBoolean,
    finra: nullishBoolean,
    fisma: nullishBoolean,
    gaap: nullishBoolean,
    gapp: nullishBoolean,
    glba: nullishBoolean,
    hipaa: nullishBoolean,
    hitrust: nullishBoolean,
    isae3402: nullishBoolean,
    iso27001: nullishBoolean,
    iso27002: nullishBoolean,
    iso27017: nullishBoolean,
    iso27018: nullishBoolean,
    itar: nullishBoolean,
    jerichoForumCommandments: nullishBoolean,
    pci: z.nullish(PciVersionSchema),
    privacyShield: nullishBoolean,
    safeHarbor: nullishBoolean,
    soc1: nullishBoolean,
    soc2: nullishBoolean,
    soc3: nullishBoolean,
    sox: nullishBoolean,
    sp800_53: nullishBoolean,
    ssae16: nullishBoolean,
    ustr: nullishBoolean,
  }),
);

/**
 * Graph's `applicationRiskFactors`.
 */
export const ApplicationRiskFactorsSchema = lazySchema(() =>
  z.looseObject({
    compliance: z.nullish(ApplicationSecurityComplianceSchema),
    general: z.nullish(ApplicationRiskFactorGeneralInfoSchema),
    legal: z.nullish(ApplicationRiskFactorLegalInfoSchema),
    security: z.nullish(ApplicationRiskFactorSecurityInfoSchema),
  }),
);

/**
 * Graph's `applicationRiskScore`.
 */
export const ApplicationRiskScoreSchema = lazySchema(() =>
  z.looseObject({
    compliance: z.nullish(ODataFloatSchema),
    legal: z.nullish(ODataFloatSchema),
    provider: z.nullish(ODataFloatSchema),
    security: z.nullish(ODataFloatSchema),
    total: z.nullish(ODataFloatSchema),
  }),
);

/**
 * Graph's `configurationUri`.
 */
export const ConfigurationUriSchema = lazySchema(() =>
  z.looseObject({
    /** beta only. */
    appliesToSingleSignOnMode: optionalString,
    /** beta only. */
    examples: z.nullish(z.array(z.string())),
    /** beta only. */
    isRequired: optionalBoolean,
    /** beta only. */
    usage: z.optional(UriUsageTypeSchema),
    /** beta only. */
    values: z.nullish(z.array(z.string())),
  }),
);

/**
 * Graph's `informationalUrls`.
 */
export const InformationalUrlsSchema = lazySchema(() =>
  z.looseObject({
    /** beta only. */
    appSignUpUrl: nullishString,
    /** beta only. */
    singleSignOnDocumentationUrl: nullishString,
  }),
);

/**
 * Graph's `supportedClaimConfiguration`.
 */
export const SupportedClaimConfigurationSchema = lazySchema(() =>
  z.looseObject({
    /** beta only. */
    nameIdPolicyFormat: nullishString,
  }),
);

/**
 * A gallery application template (e.g. "Amazon Web Services (AWS)"): instantiate it to create an
 * application and its service principal. `supportedProvisioningTypes` contains `sync` when the app
 * supports automatic provisioning. `8adf8e6e-67b2-4cf2-a259-e3dc5476c621` is the template of custom,
 * non-gallery apps. Both versions carry the risk and compliance data (`riskFactors`, `riskScore`);
 * beta adds `configurationUris`, `informationalUrls` and `supportedClaimConfiguration`.
 */
export const ApplicationTemplateSchema = lazySchema(() =>
  z.looseObject({
    id: z.string(),
    categories: z.nullish(z.array(z.string())),
    /** beta only. */
    configurationUris: z.nullish(z.array(ConfigurationUriSchema)),
    deprecationDate: nullishString,
    description: nullishString,
    displayName: nullishString,
    endpoints: z.nullish(z.array(z.string())),
    homePageUrl: nullishString,
    /** beta only. */
    informationalUrls: z.nullish(InformationalUrlsSchema),
    isEntraIntegrated: optionalBoolean,
    lastModifiedDateTime: nullishString,
    logoUrl: nullishString,
    publisher: nullishString,
    riskFactors: z.nullish(ApplicationRiskFactorsSchema),
    riskScore: z.nullish(ApplicationRiskScoreSchema),
    /** beta only. */
    supportedClaimConfiguration: z.nullish(SupportedClaimConfigurationSchema),
    supportedProvisioningTypes: z.nullish(z.array(z.string())),
    supportedSingleSignOnModes: z.nullish(z.array(z.string())),
  }),
);

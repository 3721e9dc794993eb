import * as z from 'zod/mini';
import { ODataFloatSchema, openEnum } from './common.js';
import type { OpenEnum } from './common.js';
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
export const ApplicationLocationSchema = z.looseObject({
  dataCenter: z.nullish(z.string()),
  headquarters: z.nullish(z.string()),
});

/**
 * Graph's `applicationRiskFactorCertificateInfo`.
 */
export const ApplicationRiskFactorCertificateInfoSchema = z.looseObject({
  hasBadCommonName: z.nullish(z.boolean()),
  hasInsecureSignature: z.nullish(z.boolean()),
  hasNoChainOfTrust: z.nullish(z.boolean()),
  isDenylisted: z.nullish(z.boolean()),
  isHostnameMismatch: z.nullish(z.boolean()),
  isNotAfter: z.nullish(z.boolean()),
  isNotBefore: z.nullish(z.boolean()),
  isRevoked: z.nullish(z.boolean()),
  isSelfSigned: z.nullish(z.boolean()),
});

/**
 * Graph's `applicationRiskFactorGeneralInfo`.
 */
export const ApplicationRiskFactorGeneralInfoSchema = z.looseObject({
  consumerPopularity: z.nullish(z.number()),
  domainRegistrationDate: z.nullish(z.string()),
  founded: z.nullish(z.number()),
  hasDisasterRecoveryPlan: z.nullish(z.boolean()),
  hold: z.optional(HoldTypeSchema),
  hostingCompanyName: z.nullish(z.string()),
  location: z.nullish(ApplicationLocationSchema),
  privacyPolicy: z.nullish(z.string()),
  processedDataTypes: z.optional(ApplicationDataTypeSchema),
  termsOfService: z.nullish(z.string()),
});

/**
 * Graph's `applicationRiskFactorLegalInfoGdpr`.
 */
export const ApplicationRiskFactorLegalInfoGdprSchema = z.looseObject({
  dataProtection: z.optional(DataProtectionSchema),
  hasRightToErasure: z.nullish(z.boolean()),
  isReportingDataBreaches: z.nullish(z.boolean()),
  statementUrl: z.nullish(z.string()),
  userOwnership: z.optional(UserOwnershipSchema),
});

/**
 * Graph's `applicationRiskFactorLegalInfo`.
 */
export const ApplicationRiskFactorLegalInfoSchema = z.looseObject({
  dataRetention: z.optional(DataRetentionLevelSchema),
  gdpr: z.optional(ApplicationRiskFactorLegalInfoGdprSchema),
  hasDataOwnership: z.nullish(z.boolean()),
  hasDmca: z.nullish(z.boolean()),
});

/**
 * Graph's `applicationRiskFactorSecurityInfo`.
 */
export const ApplicationRiskFactorSecurityInfoSchema = z.looseObject({
  certificate: z.optional(ApplicationRiskFactorCertificateInfoSchema),
  domainToCheck: z.nullish(z.string()),
  hasAdminAuditTrail: z.nullish(z.boolean()),
  hasAnonymousUsage: z.nullish(z.boolean()),
  hasDataAuditTrail: z.nullish(z.boolean()),
  hasDataClassification: z.nullish(z.boolean()),
  hasDataEncrypted: z.nullish(z.boolean()),
  hasEnforceTransportEnc: z.nullish(z.boolean()),
  hasIpRestriction: z.nullish(z.boolean()),
  hasMFA: z.nullish(z.boolean()),
  hasPenTest: z.nullish(z.boolean()),
  hasRememberPassword: z.nullish(z.boolean()),
  hasSamlSupport: z.nullish(z.boolean()),
  hasUserAuditLogs: z.nullish(z.boolean()),
  hasUserDataUpload: z.nullish(z.boolean()),
  hasUserRolesSupport: z.nullish(z.boolean()),
  hasValidCertName: z.nullish(z.boolean()),
  httpsSecurityHeaders: z.nullish(z.array(z.string())),
  isCertTrusted: z.nullish(z.boolean()),
  isDrownVulnerable: z.nullish(z.boolean()),
  isHeartbleedProof: z.nullish(z.boolean()),
  lastBreachDate: z.nullish(z.string()),
  latestValidSSL: z.optional(SslVersionSchema),
  passwordPolicy: z.optional(PasswordPolicySchema),
  restEncryptionType: z.optional(RestEncryptionTypeSchema),
});

/**
 * Graph's `applicationSecurityCompliance`.
 */
export const ApplicationSecurityComplianceSchema = z.looseObject({
  cobit: z.nullish(z.boolean()),
  coppa: z.nullish(z.boolean()),
  csaStar: z.nullish(CsaStarLevelSchema),
  fedRamp: z.nullish(FedRampLevelSchema),
  ferpa: z.nullish(z.boolean()),
  ffiec: z.nullish(z.boolean()),
  finra: z.nullish(z.boolean()),
  fisma: z.nullish(z.boolean()),
  gaap: z.nullish(z.boolean()),
  gapp: z.nullish(z.boolean()),
  glba: z.nullish(z.boolean()),
  hipaa: z.nullish(z.boolean()),
  hitrust: z.nullish(z.boolean()),
  isae3402: z.nullish(z.boolean()),
  iso27001: z.nullish(z.boolean()),
  iso27002: z.nullish(z.boolean()),
  iso27017: z.nullish(z.boolean()),
  iso27018: z.nullish(z.boolean()),
  itar: z.nullish(z.boolean()),
  jerichoForumCommandments: z.nullish(z.boolean()),
  pci: z.nullish(PciVersionSchema),
  privacyShield: z.nullish(z.boolean()),
  safeHarbor: z.nullish(z.boolean()),
  soc1: z.nullish(z.boolean()),
  soc2: z.nullish(z.boolean()),
  soc3: z.nullish(z.boolean()),
  sox: z.nullish(z.boolean()),
  sp800_53: z.nullish(z.boolean()),
  ssae16: z.nullish(z.boolean()),
  ustr: z.nullish(z.boolean()),
});

/**
 * Graph's `applicationRiskFactors`.
 */
export const ApplicationRiskFactorsSchema = z.looseObject({
  compliance: z.nullish(ApplicationSecurityComplianceSchema),
  general: z.nullish(ApplicationRiskFactorGeneralInfoSchema),
  legal: z.nullish(ApplicationRiskFactorLegalInfoSchema),
  security: z.nullish(ApplicationRiskFactorSecurityInfoSchema),
});

/**
 * Graph's `applicationRiskScore`.
 */
export const ApplicationRiskScoreSchema = z.looseObject({
  compliance: z.nullish(ODataFloatSchema),
  legal: z.nullish(ODataFloatSchema),
  provider: z.nullish(ODataFloatSchema),
  security: z.nullish(ODataFloatSchema),
  total: z.nullish(ODataFloatSchema),
});

/**
 * Graph's `configurationUri`.
 */
export const ConfigurationUriSchema = z.looseObject({
  /** beta only. */
  appliesToSingleSignOnMode: z.optional(z.string()),
  /** beta only. */
  examples: z.nullish(z.array(z.string())),
  /** beta only. */
  isRequired: z.optional(z.boolean()),
  /** beta only. */
  usage: z.optional(UriUsageTypeSchema),
  /** beta only. */
  values: z.nullish(z.array(z.string())),
});

/**
 * Graph's `informationalUrls`.
 */
export const InformationalUrlsSchema = z.looseObject({
  /** beta only. */
  appSignUpUrl: z.nullish(z.string()),
  /** beta only. */
  singleSignOnDocumentationUrl: z.nullish(z.string()),
});

/**
 * Graph's `supportedClaimConfiguration`.
 */
export const SupportedClaimConfigurationSchema = z.looseObject({
  /** beta only. */
  nameIdPolicyFormat: z.nullish(z.string()),
});

/**
 * A gallery application template (e.g. "Amazon Web Services (AWS)"): instantiate it to create an
 * application and its service principal. `supportedProvisioningTypes` contains `sync` when the app
 * supports automatic provisioning. `8adf8e6e-67b2-4cf2-a259-e3dc5476c621` is the template of custom,
 * non-gallery apps. Both versions carry the risk and compliance data (`riskFactors`, `riskScore`);
 * beta adds `configurationUris`, `informationalUrls` and `supportedClaimConfiguration`.
 */
export const ApplicationTemplateSchema = z.looseObject({
  id: z.string(),
  categories: z.nullish(z.array(z.string())),
  /** beta only. */
  configurationUris: z.nullish(z.array(ConfigurationUriSchema)),
  deprecationDate: z.nullish(z.string()),
  description: z.nullish(z.string()),
  displayName: z.nullish(z.string()),
  endpoints: z.nullish(z.array(z.string())),
  homePageUrl: z.nullish(z.string()),
  /** beta only. */
  informationalUrls: z.nullish(InformationalUrlsSchema),
  isEntraIntegrated: z.optional(z.boolean()),
  lastModifiedDateTime: z.nullish(z.string()),
  logoUrl: z.nullish(z.string()),
  publisher: z.nullish(z.string()),
  riskFactors: z.nullish(ApplicationRiskFactorsSchema),
  riskScore: z.nullish(ApplicationRiskScoreSchema),
  /** beta only. */
  supportedClaimConfiguration: z.nullish(SupportedClaimConfigurationSchema),
  supportedProvisioningTypes: z.nullish(z.array(z.string())),
  supportedSingleSignOnModes: z.nullish(z.array(z.string())),
});

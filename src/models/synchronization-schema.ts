import * as z from 'zod/mini';
import { nullishString, optionalBoolean, optionalNumber, optionalString } from './shared.js';
import {
  PublicErrorSchema,
  StringKeyObjectValuePairSchema,
  StringKeyStringValuePairSchema,
  openEnum,
} from './common.js';
import type { OpenEnum } from './common.js';
import type { StringKeyAttributeMappingSourceValuePair } from './types.js';
import { lazySchema } from '../internal/lazy-schema.js';
export type {
  ReferencedObject,
  AttributeDefinitionMetadataEntry,
  AttributeDefinition,
  ObjectDefinitionMetadataEntry,
  ObjectDefinition,
  DirectoryDefinition,
  FilterOperand,
  FilterClause,
  FilterGroup,
  Filter,
  AttributeMappingSource,
  StringKeyAttributeMappingSourceValuePair,
  AttributeMapping,
  ObjectMappingMetadataEntry,
  ObjectMapping,
  ContainerFilter,
  GroupFilter,
  SynchronizationRule,
  SynchronizationSchema,
  ExpressionInputObject,
  ParseExpressionResponse,
  AttributeMappingParameterSchema,
  AttributeMappingFunctionSchema,
  FilterOperatorSchema,
} from './types.js';

/** Members of `attributeDefinitionMetadata`. */
export const AttributeDefinitionMetadataValues = [
  'BaseAttributeName',
  'ComplexObjectDefinition',
  'IsContainer',
  'IsCustomerDefined',
  'IsDomainQualified',
  'LinkPropertyNames',
  'LinkTypeName',
  'MaximumLength',
  'ReferencedProperty',
] as const;
/** Graph's `attributeDefinitionMetadata` enum, open to values added later. */
export type AttributeDefinitionMetadata = OpenEnum<
  (typeof AttributeDefinitionMetadataValues)[number]
>;
/** Schema of {@link AttributeDefinitionMetadata}. */
export const AttributeDefinitionMetadataSchema =
  openEnum<(typeof AttributeDefinitionMetadataValues)[number]>();

/** Members of `mutability`. */
export const MutabilityValues = ['ReadWrite', 'ReadOnly', 'Immutable', 'WriteOnly'] as const;
/** Graph's `mutability` enum, open to values added later. */
export type Mutability = OpenEnum<(typeof MutabilityValues)[number]>;
/** Schema of {@link Mutability}. */
export const MutabilitySchema = openEnum<(typeof MutabilityValues)[number]>();

/** Members of `attributeType`. */
export const AttributeTypeValues = [
  'String',
  'Integer',
  'Reference',
  'Binary',
  'Boolean',
  'DateTime',
] as const;
/** Graph's `attributeType` enum, open to values added later. */
export type AttributeType = OpenEnum<(typeof AttributeTypeValues)[number]>;
/** Schema of {@link AttributeType}. */
export const AttributeTypeSchema = openEnum<(typeof AttributeTypeValues)[number]>();

/** Members of `objectDefinitionMetadata`. */
export const ObjectDefinitionMetadataValues = [
  'PropertyNameAccountEnabled',
  'PropertyNameSoftDeleted',
  'IsSoftDeletionSupported',
  'IsSynchronizeAllSupported',
  'ConnectorDataStorageRequired',
  'Extensions',
  'BaseObjectName',
] as const;
/** Graph's `objectDefinitionMetadata` enum, open to values added later. */
export type ObjectDefinitionMetadata = OpenEnum<(typeof ObjectDefinitionMetadataValues)[number]>;
/** Schema of {@link ObjectDefinitionMetadata}. */
export const ObjectDefinitionMetadataSchema =
  openEnum<(typeof ObjectDefinitionMetadataValues)[number]>();

/** Members of `directoryDefinitionDiscoverabilities` (a flags enum: several members joined by ", " in one string). */
export const DirectoryDefinitionDiscoverabilitiesValues = [
  'None',
  'AttributeNames',
  'AttributeDataTypes',
  'AttributeReadOnly',
  'ReferenceAttributes',
  'UnknownFutureValue',
] as const;
/** Graph's `directoryDefinitionDiscoverabilities` enum, open to values added later. */
export type DirectoryDefinitionDiscoverabilities = OpenEnum<
  (typeof DirectoryDefinitionDiscoverabilitiesValues)[number]
>;
/** Schema of {@link DirectoryDefinitionDiscoverabilities}. */
export const DirectoryDefinitionDiscoverabilitiesSchema =
  openEnum<(typeof DirectoryDefinitionDiscoverabilitiesValues)[number]>();

/** Members of `attributeMappingSourceType`. */
export const AttributeMappingSourceTypeValues = ['Attribute', 'Constant', 'Function'] as const;
/** Graph's `attributeMappingSourceType` enum, open to values added later. */
export type AttributeMappingSourceType = OpenEnum<
  (typeof AttributeMappingSourceTypeValues)[number]
>;
/** Schema of {@link AttributeMappingSourceType}. */
export const AttributeMappingSourceTypeSchema =
  openEnum<(typeof AttributeMappingSourceTypeValues)[number]>();

/** Members of `attributeFlowBehavior`. */
export const AttributeFlowBehaviorValues = ['FlowWhenChanged', 'FlowAlways'] as const;
/** Graph's `attributeFlowBehavior` enum, open to values added later. */
export type AttributeFlowBehavior = OpenEnum<(typeof AttributeFlowBehaviorValues)[number]>;
/** Schema of {@link AttributeFlowBehavior}. */
export const AttributeFlowBehaviorSchema = openEnum<(typeof AttributeFlowBehaviorValues)[number]>();

/** Members of `attributeFlowType`. */
export const AttributeFlowTypeValues = [
  'Always',
  'ObjectAddOnly',
  'MultiValueAddOnly',
  'ValueAddOnly',
  'AttributeAddOnly',
] as const;
/** Graph's `attributeFlowType` enum, open to values added later. */
export type AttributeFlowType = OpenEnum<(typeof AttributeFlowTypeValues)[number]>;
/** Schema of {@link AttributeFlowType}. */
export const AttributeFlowTypeSchema = openEnum<(typeof AttributeFlowTypeValues)[number]>();

/** Members of `objectMappingMetadata`. */
export const ObjectMappingMetadataValues = [
  'EscrowBehavior',
  'DisableMonitoringForChanges',
  'OriginalJoiningProperty',
  'Disposition',
  'IsCustomerDefined',
  'ExcludeFromReporting',
  'Unsynchronized',
] as const;
/** Graph's `objectMappingMetadata` enum, open to values added later. */
export type ObjectMappingMetadata = OpenEnum<(typeof ObjectMappingMetadataValues)[number]>;
/** Schema of {@link ObjectMappingMetadata}. */
export const ObjectMappingMetadataSchema = openEnum<(typeof ObjectMappingMetadataValues)[number]>();

/** Members of `objectFlowTypes` (a flags enum: several members joined by ", " in one string). */
export const ObjectFlowTypesValues = ['None', 'Add', 'Update', 'Delete'] as const;
/** Graph's `objectFlowTypes` enum, open to values added later. */
export type ObjectFlowTypes = OpenEnum<(typeof ObjectFlowTypesValues)[number]>;
/** Schema of {@link ObjectFlowTypes}. */
export const ObjectFlowTypesSchema = openEnum<(typeof ObjectFlowTypesValues)[number]>();

/** Members of `scopeOperatorType`. */
export const ScopeOperatorTypeValues = ['Binary', 'Unary'] as const;
/** Graph's `scopeOperatorType` enum, open to values added later. */
export type ScopeOperatorType = OpenEnum<(typeof ScopeOperatorTypeValues)[number]>;
/** Schema of {@link ScopeOperatorType}. */
export const ScopeOperatorTypeSchema = openEnum<(typeof ScopeOperatorTypeValues)[number]>();

/** Members of `scopeOperatorMultiValuedComparisonType`. */
export const ScopeOperatorMultiValuedComparisonTypeValues = ['All', 'Any'] as const;
/** Graph's `scopeOperatorMultiValuedComparisonType` enum, open to values added later. */
export type ScopeOperatorMultiValuedComparisonType = OpenEnum<
  (typeof ScopeOperatorMultiValuedComparisonTypeValues)[number]
>;
/** Schema of {@link ScopeOperatorMultiValuedComparisonType}. */
export const ScopeOperatorMultiValuedComparisonTypeSchema =
  openEnum<(typeof ScopeOperatorMultiValuedComparisonTypeValues)[number]>();

/**
 * Graph's `referencedObject`.
 */
export const ReferencedObjectSchema = lazySchema(() =>
  z.looseObject({
    referencedObjectName: nullishString,
    referencedProperty: nullishString,
  }),
);

/**
 * Graph's `attributeDefinitionMetadataEntry`.
 */
export const AttributeDefinitionMetadataEntrySchema = lazySchema(() =>
  z.looseObject({
    key: z.nullish(AttributeDefinitionMetadataSchema),
    value: nullishString,
  }),
);

/**
 * Graph's `attributeDefinition`.
 */
export const AttributeDefinitionSchema = lazySchema(() =>
  z.looseObject({
    anchor: optionalBoolean,
    apiExpressions: z.nullish(z.array(StringKeyStringValuePairSchema)),
    caseExact: optionalBoolean,
    defaultValue: nullishString,
    flowNullValues: optionalBoolean,
    metadata: z.nullish(z.array(AttributeDefinitionMetadataEntrySchema)),
    multivalued: optionalBoolean,
    mutability: z.optional(MutabilitySchema),
    name: nullishString,
    referencedObjects: z.nullish(z.array(ReferencedObjectSchema)),
    required: optionalBoolean,
    type: z.optional(AttributeTypeSchema),
  }),
);

/**
 * Graph's `objectDefinitionMetadataEntry`.
 */
export const ObjectDefinitionMetadataEntrySchema = lazySchema(() =>
  z.looseObject({
    key: z.nullish(ObjectDefinitionMetadataSchema),
    value: nullishString,
  }),
);

/**
 * Graph's `objectDefinition`.
 */
export const ObjectDefinitionSchema = lazySchema(() =>
  z.looseObject({
    attributes: z.nullish(z.array(AttributeDefinitionSchema)),
    metadata: z.nullish(z.array(ObjectDefinitionMetadataEntrySchema)),
    name: nullishString,
    supportedApis: z.nullish(z.array(z.string())),
  }),
);

/**
 * Graph's `directoryDefinition`.
 */
export const DirectoryDefinitionSchema = lazySchema(() =>
  z.looseObject({
    /** Absent when returned inline inside its parent. */
    id: optionalString,
    discoverabilities: z.optional(DirectoryDefinitionDiscoverabilitiesSchema),
    discoveryDateTime: nullishString,
    name: nullishString,
    objects: z.nullish(z.array(ObjectDefinitionSchema)),
    readOnly: optionalBoolean,
    version: nullishString,
  }),
);

/**
 * Graph's `filterOperand`.
 */
export const FilterOperandSchema = lazySchema(() =>
  z.looseObject({
    values: z.nullish(z.array(z.string())),
  }),
);

/**
 * Graph's `filterClause`.
 */
export const FilterClauseSchema = lazySchema(() =>
  z.looseObject({
    operatorName: nullishString,
    sourceOperandName: nullishString,
    targetOperand: z.nullish(FilterOperandSchema),
  }),
);

/**
 * Graph's `filterGroup`.
 */
export const FilterGroupSchema = lazySchema(() =>
  z.looseObject({
    clauses: z.nullish(z.array(FilterClauseSchema)),
    name: nullishString,
  }),
);

/**
 * Graph's `filter`.
 */
export const FilterSchema = lazySchema(() =>
  z.looseObject({
    categoryFilterGroups: z.nullish(z.array(FilterGroupSchema)),
    groups: z.nullish(z.array(FilterGroupSchema)),
    inputFilterGroups: z.nullish(z.array(FilterGroupSchema)),
  }),
);

/**
 * Graph's `attributeMappingSource`.
 */
export const AttributeMappingSourceSchema = lazySchema(() =>
  z.looseObject({
    expression: nullishString,
    name: nullishString,
    // Typed by the generated interface: `typeof` the schema here would be circular (unknown).
    get parameters(): z.ZodMiniOptional<
      z.ZodMiniNullable<z.ZodMiniArray<z.ZodMiniType<StringKeyAttributeMappingSourceValuePair>>>
    > {
      return z.nullish(z.array(StringKeyAttributeMappingSourceValuePairSchema));
    },
    type: z.optional(AttributeMappingSourceTypeSchema),
  }),
);

/**
 * Graph's `stringKeyAttributeMappingSourceValuePair`.
 */
export const StringKeyAttributeMappingSourceValuePairSchema = lazySchema(() =>
  z.looseObject({
    key: nullishString,
    value: z.nullish(AttributeMappingSourceSchema),
  }),
);

/**
 * Graph's `attributeMapping`.
 */
export const AttributeMappingSchema = lazySchema(() =>
  z.looseObject({
    defaultValue: nullishString,
    exportMissingReferences: optionalBoolean,
    flowBehavior: z.optional(AttributeFlowBehaviorSchema),
    flowType: z.optional(AttributeFlowTypeSchema),
    matchingPriority: optionalNumber,
    source: z.nullish(AttributeMappingSourceSchema),
    targetAttributeName: nullishString,
  }),
);

/**
 * Graph's `objectMappingMetadataEntry`.
 */
export const ObjectMappingMetadataEntrySchema = lazySchema(() =>
  z.looseObject({
    key: z.nullish(ObjectMappingMetadataSchema),
    value: nullishString,
  }),
);

/**
 * Graph's `objectMapping`.
 */
export const ObjectMappingSchema = lazySchema(() =>
  z.looseObject({
    attributeMappings: z.nullish(z.array(AttributeMappingSchema)),
    enabled: optionalBoolean,
    flowTypes: z.optional(ObjectFlowTypesSchema),
    metadata: z.nullish(z.array(ObjectMappingMetadataEntrySchema)),
    name: nullishString,
    scope: z.nullish(FilterSchema),
    sourceObjectName: nullishString,
    targetObjectName: nullishString,
  }),
);

/**
 * Graph's `containerFilter`.
 */
export const ContainerFilterSchema = lazySchema(() =>
  z.looseObject({
    includedContainers: z.nullish(z.array(z.string())),
  }),
);

/**
 * Graph's `groupFilter`.
 */
export const GroupFilterSchema = lazySchema(() =>
  z.looseObject({
    includedGroups: z.nullish(z.array(z.string())),
  }),
);

/**
 * Graph's `synchronizationRule`.
 */
export const SynchronizationRuleSchema = lazySchema(() =>
  z.looseObject({
    containerFilter: z.nullish(ContainerFilterSchema),
    editable: optionalBoolean,
    groupFilter: z.nullish(GroupFilterSchema),
    id: nullishString,
    metadata: z.nullish(z.array(StringKeyStringValuePairSchema)),
    name: nullishString,
    objectMappings: z.nullish(z.array(ObjectMappingSchema)),
    priority: optionalNumber,
    sourceDirectoryName: nullishString,
    targetDirectoryName: nullishString,
  }),
);

/**
 * Top level of the schema: `directories` (contained navigation, directoryDefinition[]),
 * `synchronizationRules` (synchronizationRule[]), `version`. In practice GET .../schema returns
 * directories inline (see fixture).
 */
export const SynchronizationSchemaSchema = lazySchema(() =>
  z.looseObject({
    /** Absent when returned inline inside its parent. */
    id: optionalString,
    synchronizationRules: z.nullish(z.array(SynchronizationRuleSchema)),
    version: nullishString,
    /** Navigation property; returned only when addressed or expanded. */
    directories: z.nullish(z.array(DirectoryDefinitionSchema)),
  }),
);

/**
 * Graph's `expressionInputObject`.
 */
export const ExpressionInputObjectSchema = lazySchema(() =>
  z.looseObject({
    definition: z.nullish(ObjectDefinitionSchema),
    properties: z.nullish(z.array(StringKeyObjectValuePairSchema)),
  }),
);

/**
 * Graph's `parseExpressionResponse`.
 */
export const ParseExpressionResponseSchema = lazySchema(() =>
  z.looseObject({
    error: z.nullish(PublicErrorSchema),
    evaluationResult: z.nullish(z.array(z.string())),
    evaluationSucceeded: optionalBoolean,
    parsedExpression: z.nullish(AttributeMappingSourceSchema),
    parsingSucceeded: optionalBoolean,
  }),
);

/**
 * Graph's `attributeMappingParameterSchema`.
 */
export const AttributeMappingParameterSchemaSchema = lazySchema(() =>
  z.looseObject({
    allowMultipleOccurrences: optionalBoolean,
    name: nullishString,
    required: optionalBoolean,
    type: z.optional(AttributeTypeSchema),
  }),
);

/**
 * Graph's `attributeMappingFunctionSchema`.
 */
export const AttributeMappingFunctionSchemaSchema = lazySchema(() =>
  z.looseObject({
    /** The function's name (`Join`), or absent: Graph may name it by `name` instead. */
    id: optionalString,
    /**
     * The function's name, where Graph names it so: Microsoft's documented answer of
     * `GET …/schema/functions` lists each function by `name` and no `id` (the CSDL has only
     * `id`). Read `f.id ?? f.name`.
     * @see https://learn.microsoft.com/graph/api/synchronization-synchronizationschema-functions
     */
    name: optionalString,
    parameters: z.nullish(z.array(AttributeMappingParameterSchemaSchema)),
  }),
);

/**
 * Graph's `filterOperatorSchema`.
 */
export const FilterOperatorSchemaSchema = lazySchema(() =>
  z.looseObject({
    /** Absent when returned inline inside its parent. */
    id: optionalString,
    arity: z.optional(ScopeOperatorTypeSchema),
    multivaluedComparisonType: z.optional(ScopeOperatorMultiValuedComparisonTypeSchema),
    supportedAttributeTypes: z.nullish(z.array(AttributeTypeSchema)),
  }),
);

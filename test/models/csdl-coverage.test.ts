import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as sdk from '../../src/index.js';

/*
 * Checks the zod models against Microsoft's CSDL extracts (test/fixtures/csdl, byte-exact copies of
 * the reference files): every Property / NavigationProperty of every EntityType and ComplexType is
 * a key of `${PascalCase(name)}Schema`, and every Member of every EnumType is in
 * `${PascalCase(name)}Values`. v1.0 must be complete; beta may only differ by BETA_NOT_MODELLED.
 */

// ---------------------------------------------------------------------------------------------
// A tiny CSDL reader: a tokenizer for the XML subset the extracts use (elements, attributes,
// comments, the XML declaration). It refuses anything it does not understand rather than skip it.
// ---------------------------------------------------------------------------------------------

/** An EntityType or ComplexType of the CSDL. */
interface CsdlStructuredType {
  readonly kind: 'EntityType' | 'ComplexType';
  readonly name: string;
  readonly baseType: string | undefined;
  readonly abstract: boolean;
  /** Declared Property and NavigationProperty names (not inherited ones). */
  readonly properties: string[];
}

/** An EnumType of the CSDL. */
interface CsdlEnumType {
  readonly name: string;
  readonly members: string[];
}

/** The types of one CSDL document, by unqualified name. */
interface CsdlModel {
  readonly structured: Map<string, CsdlStructuredType>;
  readonly enums: Map<string, CsdlEnumType>;
}

const TOKEN =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTRIBUTE = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const decode = (text: string): string =>
  text.replace(/&(amp|lt|gt|quot|apos);/g, (_, entity: string) => ENTITIES[entity] ?? '');

const unqualified = (type: string): string => type.replace(/^(?:microsoft\.graph|graph)\./, '');

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(ATTRIBUTE)) {
    attributes.set(match[1]!, decode(match[2] ?? match[3] ?? ''));
  }
  return attributes;
}

function requireName(attributes: Map<string, string>, element: string, offset: number): string {
  const name = attributes.get('Name');
  if (name === undefined || name === '') {
    throw new Error(`<${element}> without a Name at offset ${offset}`);
  }
  return name;
}

/** Reads the EntityType, ComplexType and EnumType elements of a CSDL document. */
function parseCsdl(xml: string): CsdlModel {
  const structured = new Map<string, CsdlStructuredType>();
  const enums = new Map<string, CsdlEnumType>();
  const open: { element: string; type: CsdlStructuredType | CsdlEnumType | undefined }[] = [];
  let cursor = 0;
  for (const match of xml.matchAll(TOKEN)) {
    const offset = match.index;
    if (xml.slice(cursor, offset).includes('<')) {
      throw new Error(`Unreadable markup at offset ${xml.indexOf('<', cursor)}`);
    }
    cursor = offset + match[0].length;
    const [, closing, element, attributeSource, selfClosing] = match;
    if (element === undefined) continue; // comment or XML declaration
    if (closing === '/') {
      const top = open.pop();
      if (top?.element !== element) {
        throw new Error(`</${element}> at offset ${offset} closes <${top?.element ?? 'nothing'}>`);
      }
      continue;
    }
    const attributes = parseAttributes(attributeSource ?? '');
    const parent = open.at(-1)?.type;
    let type: CsdlStructuredType | CsdlEnumType | undefined;
    if (element === 'EntityType' || element === 'ComplexType') {
      const name = requireName(attributes, element, offset);
      if (structured.has(name) || enums.has(name)) throw new Error(`${name} is declared twice`);
      const baseType = attributes.get('BaseType');
      type = {
        kind: element,
        name,
        baseType: baseType === undefined ? undefined : unqualified(baseType),
        abstract: attributes.get('Abstract') === 'true',
        properties: [],
      };
      structured.set(name, type);
    } else if (element === 'EnumType') {
      const name = requireName(attributes, element, offset);
      if (structured.has(name) || enums.has(name)) throw new Error(`${name} is declared twice`);
      type = { name, members: [] };
      enums.set(name, type);
    } else if (
      (element === 'Property' || element === 'NavigationProperty') &&
      parent !== undefined &&
      'properties' in parent
    ) {
      parent.properties.push(requireName(attributes, element, offset));
    } else if (element === 'Member' && parent !== undefined && 'members' in parent) {
      parent.members.push(requireName(attributes, element, offset));
    }
    if (selfClosing !== '/') open.push({ element, type });
  }
  if (xml.slice(cursor).includes('<')) {
    throw new Error(`Unreadable markup at offset ${xml.indexOf('<', cursor)}`);
  }
  if (open.length > 0) throw new Error(`<${open.at(-1)!.element}> is never closed`);
  return { structured, enums };
}

/** Declared plus inherited property names (following BaseType while the base is in the model). */
function allProperties(model: CsdlModel, type: CsdlStructuredType): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (
    let current: CsdlStructuredType | undefined = type;
    current !== undefined && !seen.has(current.name);
    current = current.baseType === undefined ? undefined : model.structured.get(current.baseType)
  ) {
    seen.add(current.name);
    names.push(...current.properties);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// The comparison.
// ---------------------------------------------------------------------------------------------

const pascalCase = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
/**
 * Schemas not named `${PascalCase(type)}Schema`. `synchronization` would give
 * `SynchronizationSchema`, which reads as the schema of `synchronizationSchema` (whose type is
 * already called `SynchronizationSchema`), while `Synchronization` is the resource class.
 */
const SCHEMA_NAMES: Readonly<Record<string, string>> = {
  synchronization: 'SynchronizationContainerSchema',
};
const schemaName = (type: string): string => SCHEMA_NAMES[type] ?? `${pascalCase(type)}Schema`;
const valuesName = (type: string): string => `${pascalCase(type)}Values`;

/** The keys of an exported zod object schema, or undefined when there is no such schema. */
function shapeKeys(exports: Readonly<Record<string, unknown>>, name: string): string[] | undefined {
  const schema = exports[name] as { def?: { type?: unknown; shape?: object } } | undefined;
  if (schema?.def?.type !== 'object' || schema.def.shape === undefined) return undefined;
  return Object.keys(schema.def.shape);
}

/** The members of an exported `...Values` array, or undefined when there is no such array. */
function enumValues(
  exports: Readonly<Record<string, unknown>>,
  name: string,
): readonly unknown[] | undefined {
  const values = exports[name];
  return Array.isArray(values) ? (values as readonly unknown[]) : undefined;
}

/**
 * A type that has no schema of its own but is abstract or the base of other types in the model
 * (`entity`, `directoryObject`): its properties are checked on each derived type instead.
 */
function isCheckedThroughDerivedTypes(model: CsdlModel, type: CsdlStructuredType): boolean {
  return (
    type.abstract || [...model.structured.values()].some((other) => other.baseType === type.name)
  );
}

/**
 * What the models lack for one CSDL type: `type` when there is no schema / values array at all,
 * `type.property` or `enum.Member` for each missing property or member.
 */
function gapsOf(
  model: CsdlModel,
  typeName: string,
  exports: Readonly<Record<string, unknown>> = sdk,
): string[] {
  const structured = model.structured.get(typeName);
  if (structured !== undefined) {
    const keys = shapeKeys(exports, schemaName(typeName));
    if (keys === undefined) {
      return isCheckedThroughDerivedTypes(model, structured) ? [] : [typeName];
    }
    const present = new Set(keys);
    return allProperties(model, structured)
      .filter((property) => !present.has(property))
      .map((property) => `${typeName}.${property}`);
  }
  const enumType = model.enums.get(typeName);
  if (enumType === undefined) throw new Error(`${typeName} is not in the CSDL`);
  const values = enumValues(exports, valuesName(typeName));
  if (values === undefined) return [typeName];
  return enumType.members
    .filter((member) => !values.includes(member))
    .map((member) => `${typeName}.${member}`);
}

/** Every gap of a model, in document order. */
function allGaps(model: CsdlModel, exports: Readonly<Record<string, unknown>> = sdk): string[] {
  return [...model.structured.keys(), ...model.enums.keys()].flatMap((name) =>
    gapsOf(model, name, exports),
  );
}

// ---------------------------------------------------------------------------------------------
// The fixtures.
// ---------------------------------------------------------------------------------------------

const readFixture = (file: string): string =>
  readFileSync(fileURLToPath(new URL(`../fixtures/csdl/${file}`, import.meta.url)), 'utf8');

const v1Xml = readFixture('csdl-v1-provisioning.xml');
const betaXml = readFixture('csdl-beta-provisioning.xml');

/**
 * Section (D) of the beta extract: beta-Prod properties that Microsoft's type maps list but that
 * could not be copied verbatim, so they appear in the file only inside a comment. Kept here by
 * hand; a test below checks each name is still in that comment.
 */
const BETA_PROD_ADDITIONS: Readonly<Record<string, readonly string[]>> = {
  applicationTemplate: [
    'deprecationDate',
    'endpoints',
    'isEntraIntegrated',
    'lastModifiedDateTime',
    'riskFactors',
    'riskScore',
  ],
  synchronizationJob: ['bulkUpload'],
  auditLogRoot: ['signUps'],
  application: [
    'certification',
    'defaultRedirectUri',
    'nativeAuthenticationApisEnabled',
    'samlMetadataUrl',
    'verifiedPublisher',
    'windows',
  ],
  servicePrincipal: [
    'verifiedPublisher',
    'claimsPolicy',
    'delegatedPermissionClassifications',
    'permissionGrantPreApprovalPolicies',
  ],
};

/**
 * What the SDK deliberately does not model in beta, each with its reason. v1.0 has no such list:
 * it must be complete. Keys are `type` or `type.property` / `enum.Member`.
 */
const BETA_NOT_MODELLED: Readonly<Record<string, string>> = {};

function withBetaProdAdditions(model: CsdlModel): CsdlModel {
  for (const [typeName, properties] of Object.entries(BETA_PROD_ADDITIONS)) {
    const type = model.structured.get(typeName);
    if (type === undefined) throw new Error(`${typeName} is not in the beta CSDL`);
    type.properties.push(...properties.filter((property) => !type.properties.includes(property)));
  }
  return model;
}

const v1 = parseCsdl(v1Xml);
const beta = withBetaProdAdditions(parseCsdl(betaXml));

const structuredCases = (model: CsdlModel): [string, string][] =>
  [...model.structured.values()]
    .filter(
      (type) =>
        shapeKeys(sdk, schemaName(type.name)) !== undefined ||
        !isCheckedThroughDerivedTypes(model, type),
    )
    .map((type) => [type.name, schemaName(type.name)]);
const baseOnlyCases = (model: CsdlModel): string[] =>
  [...model.structured.values()]
    .filter(
      (type) =>
        shapeKeys(sdk, schemaName(type.name)) === undefined &&
        isCheckedThroughDerivedTypes(model, type),
    )
    .map((type) => type.name);
const enumCases = (model: CsdlModel): [string, string][] =>
  [...model.enums.keys()].map((name) => [name, valuesName(name)]);

// ---------------------------------------------------------------------------------------------
// The tests.
// ---------------------------------------------------------------------------------------------

describe('the CSDL reader', () => {
  it('reads every type of the v1.0 extract, with inherited properties', () => {
    expect(v1.structured.size).toBeGreaterThan(60);
    expect(v1.enums.size).toBeGreaterThan(30);
    expect(v1.structured.get('entity')).toMatchObject({ abstract: true, properties: ['id'] });
    expect(v1.structured.get('synchronizationJob')?.properties).toEqual([
      'schedule',
      'status',
      'synchronizationJobSettings',
      'templateId',
      'bulkUpload',
      'schema',
    ]);
    expect(allProperties(v1, v1.structured.get('initiator')!)).toEqual([
      'initiatorType',
      'displayName',
      'id',
    ]);
    expect(v1.enums.get('synchronizationJobRestartScope')?.members).toEqual([
      'None',
      'ConnectorDataStore',
      'Escrows',
      'Watermark',
      'QuarantineState',
      'Full',
      'ForceDeletes',
    ]);
  });

  it('counts every Property, NavigationProperty and Member element of the fixtures', () => {
    for (const [xml, model] of [
      [v1Xml, v1],
      [betaXml, parseCsdl(betaXml)],
    ] as const) {
      const withoutComments = xml.replace(/<!--[\s\S]*?-->/g, '');
      const declared = [...model.structured.values()].reduce(
        (sum, type) => sum + type.properties.length,
        0,
      );
      const members = [...model.enums.values()].reduce((sum, type) => sum + type.members.length, 0);
      expect(declared).toBe(withoutComments.match(/<(?:Navigation)?Property\s/g)?.length);
      expect(members).toBe(withoutComments.match(/<Member\s/g)?.length);
    }
  });

  it('rejects markup it cannot read instead of skipping it', () => {
    expect(() => parseCsdl('<Schema><EntityType Name="a"></Schema>')).toThrow(
      /closes <EntityType>/,
    );
    expect(() => parseCsdl('<Schema><EntityType Name="a" <Property /></Schema>')).toThrow(
      /Unreadable markup/,
    );
    expect(() => parseCsdl('<Schema><ComplexType /></Schema>')).toThrow(/without a Name/);
    expect(() => parseCsdl('<Schema>')).toThrow(/never closed/);
  });
});

describe('the coverage check', () => {
  it('reports a missing property, enum member and type (so it cannot pass silently)', () => {
    const fake = parseCsdl(`<Schema>
      <EntityType Name="entity" Abstract="true"><Property Name="id" Type="Edm.String" /></EntityType>
      <EntityType Name="synchronizationJob" BaseType="graph.entity">
        <Property Name="templateId" Type="Edm.String" />
        <Property Name="notARealProperty" Type="Edm.String" />
      </EntityType>
      <EnumType Name="attributeType"><Member Name="String" Value="0" /><Member Name="Imaginary" Value="9" /></EnumType>
      <ComplexType Name="madeUpType"><Property Name="x" Type="Edm.String" /></ComplexType>
    </Schema>`);
    expect(allGaps(fake)).toEqual([
      'synchronizationJob.notARealProperty',
      'madeUpType',
      'attributeType.Imaginary',
    ]);
  });

  it('reports an inherited property the derived schema lacks', () => {
    const fake = parseCsdl(`<Schema>
      <EntityType Name="entity" Abstract="true"><Property Name="id" Type="Edm.String" /></EntityType>
      <EntityType Name="bulkUpload" BaseType="graph.entity" />
    </Schema>`);
    expect(allGaps(fake, { BulkUploadSchema: sdk.BulkUploadSchema })).toEqual([]);
    expect(allGaps(fake, { BulkUploadSchema: sdk.SynchronizationErrorSchema })).toEqual([
      'bulkUpload.id',
    ]);
  });
});

describe('v1.0 models cover the v1.0 CSDL', () => {
  it.each(structuredCases(v1))('every v1.0 %s property is in %s', (type) => {
    expect(gapsOf(v1, type)).toEqual([]);
  });

  it.each(enumCases(v1))('every v1.0 %s member is in %s', (type) => {
    expect(gapsOf(v1, type)).toEqual([]);
  });

  it.each(baseOnlyCases(v1))(
    'v1.0 %s has no schema of its own: its properties are checked on the types deriving from it',
    (type) => {
      expect(isCheckedThroughDerivedTypes(v1, v1.structured.get(type)!)).toBe(true);
    },
  );
});

describe('beta models cover the beta CSDL', () => {
  it.each(structuredCases(beta).filter(([type]) => !(type in BETA_NOT_MODELLED)))(
    'every beta %s property is in %s',
    (type) => {
      expect(gapsOf(beta, type).filter((gap) => !(gap in BETA_NOT_MODELLED))).toEqual([]);
    },
  );

  it.each(enumCases(beta).filter(([type]) => !(type in BETA_NOT_MODELLED)))(
    'every beta %s member is in %s',
    (type) => {
      expect(gapsOf(beta, type).filter((gap) => !(gap in BETA_NOT_MODELLED))).toEqual([]);
    },
  );

  it.each(baseOnlyCases(beta))(
    'beta %s has no schema of its own: its properties are checked on the types deriving from it',
    (type) => {
      expect(isCheckedThroughDerivedTypes(beta, beta.structured.get(type)!)).toBe(true);
    },
  );

  it('every deliberately unmodelled beta entry is still missing from the models', () => {
    const gaps = new Set(allGaps(beta));
    expect(Object.keys(BETA_NOT_MODELLED).filter((entry) => !gaps.has(entry))).toEqual([]);
  });

  it("includes the beta-Prod properties listed only in the extract's section (D) comment", () => {
    const sectionD = betaXml.slice(betaXml.indexOf('(D) beta-Prod differences'));
    for (const [type, properties] of Object.entries(BETA_PROD_ADDITIONS)) {
      expect(sectionD).toContain(`${type} (beta-Prod)`);
      for (const property of properties) expect(sectionD).toMatch(new RegExp(`\\b${property}\\b`));
    }
  });
});

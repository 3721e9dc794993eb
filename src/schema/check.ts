/**
 * The checks of a schema edit, against the schema itself: attributes exist in its directories,
 * expressions parse and call its functions rightly, scoping operators exist and get the operands
 * they take, and no two matching attributes share a priority. Each problem is an issue with the
 * JSON path of what it concerns; all are reported together.
 */
import type { ValidationIssue } from '../core/errors.js';
import type { RequestOptions } from '../core/options.js';
import { loose } from '../models/common.js';
import type {
  AttributeMappingFunctionSchema,
  AttributeMappingSource,
  FilterOperatorSchema,
  ObjectDefinition,
  ParseExpressionResponse,
  SynchronizationSchema,
} from '../models/synchronization-schema.js';
import { closestNames } from '../internal/closest.js';
import { ExpressionSyntaxError, attributesOf, toMappingSource } from './expression.js';
import { didYouMean, type Located, type MappedSource, type Touched } from './draft.js';
import type { Scope } from './source.js';

/** The schema's tools the checks call (each at most once per edit). */
export interface SchemaTools {
  functions(options: RequestOptions): Promise<AttributeMappingFunctionSchema[]>;
  filterOperators(options: RequestOptions): Promise<FilterOperatorSchema[]>;
  parseExpression(
    params: { expression: string },
    options: RequestOptions,
  ): Promise<ParseExpressionResponse>;
}

interface CheckContext {
  readonly schema: SynchronizationSchema;
  readonly tools: SchemaTools;
  readonly serverCheck: boolean;
  readonly request: RequestOptions;
  readonly issues: ValidationIssue[];
  functions?: Promise<AttributeMappingFunctionSchema[]>;
  operators?: Promise<FilterOperatorSchema[]>;
}

/** The attribute names of an object in a directory, or `undefined` when the schema lists none. */
function attributeNames(
  schema: SynchronizationSchema,
  directory: string | null | undefined,
  object: string | null | undefined,
): Set<string> | undefined {
  const found: ObjectDefinition | undefined = schema.directories
    ?.find((d) => d.name === directory)
    ?.objects?.find((o) => o.name === object);
  const names = (found?.attributes ?? []).map((a) => a.name ?? '').filter((n) => n !== '');
  return names.length > 0 ? new Set(names) : undefined;
}

function base(at: Located): (string | number)[] {
  return ['synchronizationRules', at.ruleIndex, 'objectMappings', at.mappingIndex];
}

/** Reports `name` when the directory's object lists attributes and not this one. */
function checkAttribute(
  ctx: CheckContext,
  known: Set<string> | undefined,
  name: string,
  where: string,
  path: (string | number)[],
): void {
  if (known === undefined || known.has(name)) return;
  ctx.issues.push({
    path,
    message: `'${name}' is not an attribute of ${where}${didYouMean(closestNames(name, known))}`,
  });
}

/** The tree Graph parsed for `expression`, or an issue. */
async function serverTree(
  ctx: CheckContext,
  expression: string,
  path: (string | number)[],
): Promise<AttributeMappingSource | undefined> {
  const answer = await ctx.tools.parseExpression({ expression }, ctx.request);
  if (answer.parsingSucceeded === true && answer.parsedExpression) return answer.parsedExpression;
  const why = answer.error?.message ?? 'Graph could not parse it';
  ctx.issues.push({ path, message: `the expression does not parse: ${why}` });
  return undefined;
}

/** Attribute names a tree reads. */
function treeAttributes(tree: AttributeMappingSource): string[] {
  if (tree.type === 'Attribute') return [tree.name ?? ''];
  return (tree.parameters ?? []).flatMap((p) => (p.value ? treeAttributes(p.value) : []));
}

/** Checks one mapped source and completes the source Graph stores. */
async function checkMapped(
  ctx: CheckContext,
  at: Located,
  target: string,
  mapped: MappedSource,
  sourceAttributes: Set<string> | undefined,
): Promise<void> {
  const path = [...base(at), 'attributeMappings', target, 'source'];
  const where = `${at.ref.source} in ${at.rule.sourceDirectoryName ?? 'the source directory'}`;
  let attributes: string[];
  if (mapped.source.type === 'Function' && ctx.serverCheck) {
    const tree = await serverTree(ctx, mapped.source.expression, path);
    if (tree === undefined) return;
    mapped.mapping.source = tree;
    attributes = treeAttributes(tree);
  } else if (mapped.parsed instanceof ExpressionSyntaxError) {
    ctx.issues.push({
      path,
      message: `the expression does not parse here (${mapped.parsed.message}); if Graph's syntax allows it, pass serverCheck: true to have Graph parse it`,
    });
    return;
  } else {
    attributes = attributesOf(mapped.parsed);
    if (mapped.parsed.type === 'Function') {
      ctx.functions ??= ctx.tools.functions(ctx.request);
      const built = toMappingSource(mapped.parsed, await ctx.functions);
      if ('problems' in built) {
        for (const problem of built.problems) ctx.issues.push({ path, message: problem });
        return;
      }
      mapped.mapping.source = built.tree;
    }
  }
  for (const name of attributes) checkAttribute(ctx, sourceAttributes, name, where, path);
}

/** The operators the schema lists: Graph's docs name them `name`, its metadata `id`. */
function operatorIndex(
  operators: readonly FilterOperatorSchema[],
): Map<string, FilterOperatorSchema> {
  const index = new Map<string, FilterOperatorSchema>();
  for (const op of operators) {
    const name = op.id ?? loose(op).name;
    if (typeof name === 'string') index.set(name, op);
  }
  return index;
}

async function checkScope(
  ctx: CheckContext,
  at: Located,
  scope: Scope,
  sourceAttributes: Set<string> | undefined,
): Promise<void> {
  ctx.operators ??= ctx.tools.filterOperators(ctx.request);
  const operators = operatorIndex(await ctx.operators);
  const where = `${at.ref.source} in ${at.rule.sourceDirectoryName ?? 'the source directory'}`;
  scope.groups.forEach((group, g) => {
    group.clauses.forEach((clause, c) => {
      const path = [...base(at), 'scope', 'groups', g, 'clauses', c];
      checkAttribute(ctx, sourceAttributes, clause.attribute, where, [
        ...path,
        'sourceOperandName',
      ]);
      const op = operators.get(clause.operator);
      if (op === undefined) {
        ctx.issues.push({
          path: [...path, 'operatorName'],
          message: `'${clause.operator}' is not one of the schema's filter operators${didYouMean(closestNames(clause.operator, operators.keys()))}`,
        });
      } else if (op.arity === 'Unary' && clause.values.length > 0) {
        ctx.issues.push({
          path: [...path, 'targetOperand'],
          message: `${clause.operator} takes no value`,
        });
      } else if (op.arity === 'Binary' && clause.values.length === 0) {
        ctx.issues.push({
          path: [...path, 'targetOperand'],
          message: `${clause.operator} needs a value`,
        });
      }
    });
  });
}

/**
 * At most one matching attribute per priority among those the edit mapped or changed (a schema
 * Graph already holds is not judged).
 */
function checkPriorities(ctx: CheckContext, touched: Touched): void {
  const { at } = touched;
  const edited = (name: string): boolean =>
    touched.mapped.has(name) || touched.prioritized.has(name);
  const byPriority = new Map<number, string[]>();
  for (const m of at.mapping.attributeMappings ?? []) {
    const p = m.matchingPriority ?? 0;
    if (p > 0) byPriority.set(p, [...(byPriority.get(p) ?? []), m.targetAttributeName ?? '']);
  }
  for (const [p, names] of byPriority) {
    if (names.length < 2) continue;
    for (const name of names.slice(1).filter(edited)) {
      ctx.issues.push({
        path: [...base(at), 'attributeMappings', name, 'matchingPriority'],
        message: `matching priority ${String(p)} is already ${names[0] ?? ''}'s: each matching attribute needs its own`,
      });
    }
    if (edited(names[0] ?? '') && !names.slice(1).some(edited)) {
      ctx.issues.push({
        path: [...base(at), 'attributeMappings', names[0] ?? '', 'matchingPriority'],
        message: `matching priority ${String(p)} is also ${names.slice(1).join(', ')}'s: each matching attribute needs its own`,
      });
    }
  }
}

async function checkTouched(ctx: CheckContext, touched: Touched): Promise<void> {
  const { at } = touched;
  const sourceAttributes = attributeNames(ctx.schema, at.rule.sourceDirectoryName, at.ref.source);
  const targetAttributes = attributeNames(ctx.schema, at.rule.targetDirectoryName, at.ref.target);
  const targetWhere = `${at.ref.target} in ${at.rule.targetDirectoryName ?? 'the target directory'}`;
  for (const [target, mapped] of touched.mapped) {
    const path = [...base(at), 'attributeMappings', target];
    checkAttribute(ctx, targetAttributes, target, targetWhere, [...path, 'targetAttributeName']);
    await checkMapped(ctx, at, target, mapped, sourceAttributes);
  }
  if (touched.scope) await checkScope(ctx, at, touched.scope, sourceAttributes);
  checkPriorities(ctx, touched);
}

/**
 * Checks what the edit touched, completing the function trees Graph stores; returns the issues
 * (none: the schema may be saved). Asks Graph for the schema's functions and filter operators
 * only when an expression or a scope needs them, and parses expressions on Graph with
 * `serverCheck`.
 */
export async function checkEdit(
  schema: SynchronizationSchema,
  touched: readonly Touched[],
  tools: SchemaTools,
  options: { serverCheck: boolean; request: RequestOptions },
): Promise<ValidationIssue[]> {
  const ctx: CheckContext = { schema, tools, ...options, issues: [] };
  for (const t of touched) await checkTouched(ctx, t);
  return ctx.issues;
}

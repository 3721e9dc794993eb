/**
 * Attribute-mapping expressions for the fake's `…/schema/parseExpression` and
 * `…/schema/functions`: the functions the fake knows, the SDK's parser of Microsoft's expression
 * syntax (`Join(" ", [givenName], [surname])`, `[mail]`, `"constant"`) naming arguments from
 * them, and an evaluator for a useful subset.
 */
import {
  parseExpressionSyntax,
  toMappingSource,
  type ExpressionNode,
  type MappingSourceTree,
} from '../schema/expression.js';

/** One parameter of a function, as `attributeMappingParameterSchema`. */
interface ParameterSchema {
  readonly name: string;
  readonly type: 'String' | 'Integer' | 'Boolean';
  readonly required: boolean;
  readonly allowMultipleOccurrences: boolean;
}

type Value = string | number | boolean | null | Value[];

interface FunctionDefinition {
  readonly parameters: readonly ParameterSchema[];
  readonly evaluate: (args: Value[]) => Value;
}

const p = (
  name: string,
  type: ParameterSchema['type'] = 'String',
  required = true,
  allowMultipleOccurrences = false,
): ParameterSchema => ({ name, type, required, allowMultipleOccurrences });

const text = (value: Value): string =>
  value === null ? '' : Array.isArray(value) ? value.map(text).join(',') : String(value);

const isEmpty = (value: Value): boolean =>
  value === null || value === '' || (Array.isArray(value) && value.length === 0);

/** The functions the fake knows, with the parameters Microsoft documents for them. */
const FUNCTIONS: Readonly<Record<string, FunctionDefinition>> = {
  Append: {
    parameters: [p('source'), p('suffix')],
    evaluate: ([source = null, suffix = null]) => text(source) + text(suffix),
  },
  CBool: {
    parameters: [p('expression')],
    evaluate: ([value = null]) => /^(true|1)$/i.test(text(value)),
  },
  Coalesce: {
    parameters: [p('source', 'String', true, true), p('defaultValue', 'String', false)],
    evaluate: (args) => args.find((a) => !isEmpty(a)) ?? null,
  },
  CStr: {
    parameters: [p('value')],
    evaluate: ([value = null]) => text(value),
  },
  IsNullOrEmpty: {
    parameters: [p('expression')],
    evaluate: ([value = null]) => isEmpty(value),
  },
  IsPresent: {
    parameters: [p('expression')],
    evaluate: ([value = null]) => !isEmpty(value),
  },
  Join: {
    parameters: [p('separator'), p('source', 'String', true, true)],
    evaluate: ([separator = null, ...sources]) =>
      sources
        .flatMap((s) => (Array.isArray(s) ? s : [s]))
        .filter((s) => !isEmpty(s))
        .map(text)
        .join(text(separator)),
  },
  Left: {
    parameters: [p('String'), p('NumChars', 'Integer')],
    evaluate: ([source = null, count = null]) => text(source).slice(0, Number(count)),
  },
  Mid: {
    parameters: [p('source'), p('start', 'Integer'), p('length', 'Integer')],
    evaluate: ([source = null, start = null, length = null]) =>
      text(source).slice(Number(start) - 1, Number(start) - 1 + Number(length)),
  },
  NormalizeDiacritics: {
    parameters: [p('source')],
    evaluate: ([source = null]) =>
      text(source)
        .normalize('NFD')
        .replace(/\p{Diacritic}/gu, ''),
  },
  Not: {
    parameters: [p('source', 'Boolean')],
    evaluate: ([value = null]) => !(value === true || /^true$/i.test(text(value))),
  },
  StripSpaces: {
    parameters: [p('source')],
    evaluate: ([source = null]) => text(source).replace(/\s+/g, ''),
  },
  Switch: {
    parameters: [
      p('source'),
      p('defaultValue'),
      p('key', 'String', true, true),
      p('value', 'String', true, true),
    ],
    evaluate: ([source = null, defaultValue = null, ...pairs]) => {
      for (let i = 0; i + 1 < pairs.length; i += 2) {
        if (text(pairs[i] ?? null) === text(source)) return pairs[i + 1] ?? null;
      }
      return defaultValue;
    },
  },
  ToLower: {
    parameters: [p('source'), p('culture', 'String', false)],
    evaluate: ([source = null]) => text(source).toLowerCase(),
  },
  ToUpper: {
    parameters: [p('source'), p('culture', 'String', false)],
    evaluate: ([source = null]) => text(source).toUpperCase(),
  },
  Word: {
    parameters: [p('String'), p('WordNumber', 'Integer'), p('Delimiters')],
    evaluate: ([source = null, n = null, delimiters = null]) => {
      const separators = Array.from(text(delimiters), (c) =>
        c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&'),
      );

      const words = text(source)
        .split(separators.length === 0 ? /\s+/ : new RegExp(`[${separators.join('')}]`))
        .filter((w) => w !== '');
      return words[Number(n) - 1] ?? null;
    },
  },
};

/**
 * The schema tool a path segment names. `functions` and `filterOperators` are OData functions
 * (CSDL `<Function Name="functions" IsBound="true">`): Graph's pages call them bare (reference
 * §4.10), Microsoft's generated clients with parentheses (msgraph-sdk-go's URL template
 * `…/schema/functions(){?%24count,…}`), and both name the same function.
 */
export function schemaTool(segment: string): string {
  return segment === 'functions()' || segment === 'filterOperators()'
    ? segment.slice(0, -2)
    : segment;
}

/**
 * `GET …/schema/functions`: every function with its parameters, named by `name` as in Microsoft's
 * documented answer (learn.microsoft.com/graph/api/synchronization-synchronizationschema-functions),
 * not by the CSDL's `id`.
 */
export function functionSchemas(): Record<string, unknown>[] {
  return Object.entries(FUNCTIONS).map(([name, definition]) => ({
    name,
    parameters: definition.parameters.map((parameter) => ({ ...parameter })),
  }));
}

/** A parsed expression node, as Graph's `attributeMappingSource`. */
type Source = MappingSourceTree;

class ExpressionError extends Error {}

/**
 * Parses as Graph's parseExpression does: the SDK's own syntax parser, with the arguments named
 * from the functions this fake lists (so the fake answers what `GET …/functions` promises).
 */
function parse(input: string): Source {
  let node: ExpressionNode;
  try {
    node = parseExpressionSyntax(input);
  } catch (error) {
    throw new ExpressionError(error instanceof Error ? error.message : String(error));
  }
  const built = toMappingSource(node, functionSchemas());
  if ('problems' in built) throw new ExpressionError(built.problems.join('; '));
  return built.tree;
}

function evaluate(node: Source, properties: ReadonlyMap<string, Value>): Value {
  if (node.type === 'Constant') return node.name;
  if (node.type === 'Attribute') {
    if (!properties.has(node.name))
      throw new ExpressionError(`The test object has no value for [${node.name}].`);
    return properties.get(node.name) ?? null;
  }
  const definition = FUNCTIONS[node.name];
  if (definition === undefined) throw new ExpressionError(`Unknown function '${node.name}'.`);
  return definition.evaluate(
    node.parameters.map((parameter) => evaluate(parameter.value, properties)),
  );
}

function toValue(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return value;
  if (Array.isArray(value)) return value.map(toValue);
  return JSON.stringify(value);
}

/** `POST …/schema/parseExpression`: parses, and evaluates against the test object when given. */
export function parseExpression(body: {
  expression: string;
  testInputObject?:
    | { properties?: readonly { key?: unknown; value?: unknown }[] | null | undefined }
    | null
    | undefined;
}): Record<string, unknown> {
  let parsed: Source;
  try {
    parsed = parse(body.expression);
  } catch (error) {
    return {
      parsingSucceeded: false,
      evaluationSucceeded: false,
      evaluationResult: null,
      parsedExpression: null,
      error: {
        code: 'ExpressionParsingFailed',
        message: error instanceof Error ? error.message : String(error),
        details: [],
        innerError: null,
        target: null,
      },
    };
  }
  const test = body.testInputObject;
  if (test === undefined || test === null) {
    return {
      parsingSucceeded: true,
      evaluationSucceeded: false,
      evaluationResult: null,
      parsedExpression: parsed,
      error: null,
    };
  }
  const properties = new Map<string, Value>();
  for (const pair of test.properties ?? []) {
    if (typeof pair.key === 'string') properties.set(pair.key, toValue(pair.value));
  }
  try {
    const result = evaluate(parsed, properties);
    const values = (Array.isArray(result) ? result : [result]).filter((v) => v !== null).map(text);
    return {
      parsingSucceeded: true,
      evaluationSucceeded: true,
      evaluationResult: values,
      parsedExpression: parsed,
      error: null,
    };
  } catch (error) {
    return {
      parsingSucceeded: true,
      evaluationSucceeded: false,
      evaluationResult: null,
      parsedExpression: parsed,
      error: {
        code: 'ExpressionEvaluationFailed',
        message: error instanceof Error ? error.message : String(error),
        details: [],
        innerError: null,
        target: null,
      },
    };
  }
}

/** `GET …/schema/filterOperators`: the scoping-filter operators and the types they take. */
export function filterOperatorSchemas(): Record<string, unknown>[] {
  const all = ['String', 'Integer', 'Reference', 'Binary', 'Boolean', 'DateTime'];
  const op = (id: string, arity: 'Binary' | 'Unary', types: readonly string[]) => ({
    id,
    arity,
    multivaluedComparisonType: 'All',
    supportedAttributeTypes: [...types],
  });
  return [
    op('EQUALS', 'Binary', all),
    op('NOT EQUALS', 'Binary', all),
    op('IS TRUE', 'Unary', ['Boolean']),
    op('IS FALSE', 'Unary', ['Boolean']),
    op('IS NULL', 'Unary', all),
    op('IS NOT NULL', 'Unary', all),
    op('REGEX MATCH', 'Binary', ['String']),
    op('NOT REGEX MATCH', 'Binary', ['String']),
    op('Greater_Than', 'Binary', ['Integer', 'DateTime']),
    op('Greater_Than_OR_EQUALS', 'Binary', ['Integer', 'DateTime']),
    op('Less_Than', 'Binary', ['Integer', 'DateTime']),
    op('Less_Than_OR_EQUALS', 'Binary', ['Integer', 'DateTime']),
    op('INCLUDES', 'Binary', ['String']),
    op('EXCLUDES', 'Binary', ['String']),
  ];
}

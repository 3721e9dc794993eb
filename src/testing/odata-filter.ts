/**
 * The subset of OData `$filter` the fake Graph understands: comparisons (`eq ne gt ge lt le`),
 * `contains`, `startswith`, `endswith`, `any` lambdas over string collections, `and`, `or`,
 * `not` and parentheses. Each collection declares which property takes which operator, like
 * Graph does; anything else is refused with Graph's 400.
 */

/** A literal of a filter expression. */
export type Literal = string | number | boolean | null | { readonly dateTime: number };

type Node =
  | { readonly type: 'cmp'; readonly path: string; readonly op: string; readonly value: Literal }
  | { readonly type: 'fn'; readonly name: string; readonly path: string; readonly value: Literal }
  | { readonly type: 'any'; readonly path: string; readonly variable: string; readonly body: Node }
  | { readonly type: 'and' | 'or'; readonly left: Node; readonly right: Node }
  | { readonly type: 'not'; readonly expr: Node };

/** A filter Graph would refuse (400). */
export class FilterError extends Error {}

type Token =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'date'; readonly value: number }
  | { readonly kind: 'word'; readonly value: string }
  | { readonly kind: 'punct'; readonly value: string };

const DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (/\s/.test(c)) {
      i += 1;
    } else if (c === "'") {
      let value = '';
      i += 1;
      for (;;) {
        if (i >= text.length) throw new FilterError('Unterminated string literal.');
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        value += text.charAt(i);
        i += 1;
      }
      tokens.push({ kind: 'string', value });
    } else if ('(),:'.includes(c)) {
      tokens.push({ kind: 'punct', value: c });
      i += 1;
    } else {
      const date = DATE.exec(text.slice(i));
      if (date !== null) {
        const ms = Date.parse(date[0]);
        if (Number.isNaN(ms)) throw new FilterError(`Invalid DateTimeOffset '${date[0]}'.`);
        tokens.push({ kind: 'date', value: ms });
        i += date[0].length;
        continue;
      }
      const number = /^-?\d+(\.\d+)?(?![\w-])/.exec(text.slice(i));
      if (number !== null) {
        tokens.push({ kind: 'number', value: Number(number[0]) });
        i += number[0].length;
        continue;
      }
      const word = /^[A-Za-z_$][\w$]*(\/[A-Za-z_$][\w$]*)*/.exec(text.slice(i));
      if (word === null)
        throw new FilterError(`Syntax error at position ${String(i)} in '${text}'.`);
      tokens.push({ kind: 'word', value: word[0] });
      i += word[0].length;
    }
  }
  return tokens;
}

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['contains', 'startswith', 'endswith']);

class Parser {
  #tokens: Token[];
  #at = 0;

  constructor(tokens: Token[]) {
    this.#tokens = tokens;
  }

  parse(): Node {
    const node = this.#or();
    if (this.#at < this.#tokens.length)
      throw new FilterError('Syntax error: unexpected text after the expression.');
    return node;
  }

  #peek(): Token | undefined {
    return this.#tokens[this.#at];
  }

  #next(): Token {
    const token = this.#tokens[this.#at];
    if (token === undefined) throw new FilterError('Syntax error: the expression ends too early.');
    this.#at += 1;
    return token;
  }

  #expect(kind: Token['kind'], value?: string): Token {
    const token = this.#next();
    if (token.kind !== kind || (value !== undefined && token.value !== value)) {
      throw new FilterError(`Syntax error: expected ${value ?? kind}.`);
    }
    return token;
  }

  #isWord(value: string): boolean {
    const token = this.#peek();
    return token?.kind === 'word' && token.value === value;
  }

  #or(): Node {
    let left = this.#and();
    while (this.#isWord('or')) {
      this.#at += 1;
      left = { type: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): Node {
    let left = this.#unary();
    while (this.#isWord('and')) {
      this.#at += 1;
      left = { type: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): Node {
    if (this.#isWord('not')) {
      this.#at += 1;
      return { type: 'not', expr: this.#unary() };
    }
    const token = this.#peek();
    if (token?.kind === 'punct' && token.value === '(') {
      this.#at += 1;
      const inner = this.#or();
      this.#expect('punct', ')');
      return inner;
    }
    const word = this.#expect('word');
    const name = word.value as string;
    if (FUNCTIONS.has(name)) {
      this.#expect('punct', '(');
      const path = this.#expect('word').value as string;
      this.#expect('punct', ',');
      const value = this.#literal();
      this.#expect('punct', ')');
      return { type: 'fn', name, path, value };
    }
    if (name.endsWith('/any')) {
      this.#expect('punct', '(');
      const variable = this.#expect('word').value as string;
      this.#expect('punct', ':');
      const body = this.#or();
      this.#expect('punct', ')');
      return { type: 'any', path: name.slice(0, -'/any'.length), variable, body };
    }
    const op = this.#expect('word').value as string;
    if (!COMPARISONS.has(op)) throw new FilterError(`Unsupported operator '${op}'.`);
    return { type: 'cmp', path: name, op, value: this.#literal() };
  }

  #literal(): Literal {
    const token = this.#next();
    switch (token.kind) {
      case 'string':
      case 'number':
        return token.value;
      case 'date':
        return { dateTime: token.value };
      case 'word':
        if (token.value === 'true') return true;
        if (token.value === 'false') return false;
        if (token.value === 'null') return null;
        throw new FilterError(`'${token.value}' is not a literal.`);
      default:
        throw new FilterError(`Syntax error near '${token.value}'.`);
    }
  }
}

/** Which operators a collection allows on which property (`*` allows any property). */
export type FilterRules = Readonly<Record<string, readonly string[]>>;

/** A parsed, checked filter. */
export interface Filter {
  /** Whether an item matches. */
  matches(item: unknown): boolean;
}

function get(item: unknown, path: string): unknown {
  let value = item;
  for (const part of path.split('/')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function check(node: Node, rules: FilterRules, variables: ReadonlySet<string>): void {
  switch (node.type) {
    case 'and':
    case 'or':
      check(node.left, rules, variables);
      check(node.right, rules, variables);
      return;
    case 'not':
      check(node.expr, rules, variables);
      return;
    case 'any':
      if (!(rules[node.path] ?? []).includes('any')) {
        throw new FilterError(`Invalid filter clause: 'any' is not supported on '${node.path}'.`);
      }
      check(node.body, rules, new Set([...variables, node.variable]));
      return;
    default: {
      if (variables.has(node.path.split('/')[0] as string)) return;
      const op = node.type === 'cmp' ? node.op : node.name;
      const allowed = rules[node.path];
      if (allowed === undefined) {
        throw new FilterError(
          `Invalid filter clause: filtering on '${node.path}' is not supported.`,
        );
      }
      if (!allowed.includes(op)) {
        throw new FilterError(`Invalid filter clause: '${op}' is not supported on '${node.path}'.`);
      }
    }
  }
}

function compare(actual: unknown, expected: Literal, op: string, caseSensitive: boolean): boolean {
  if (expected !== null && typeof expected === 'object') {
    const ms =
      typeof actual === 'number'
        ? actual
        : typeof actual === 'string'
          ? Date.parse(actual)
          : Number.NaN;
    if (Number.isNaN(ms)) return false;
    return order(ms, expected.dateTime, op);
  }
  if (typeof expected === 'string' && typeof actual === 'string' && !caseSensitive) {
    return order(actual.toLowerCase(), expected.toLowerCase(), op);
  }
  if (op === 'eq') return actual === expected || (expected === null && actual === undefined);
  if (op === 'ne') return !(actual === expected || (expected === null && actual === undefined));
  if (typeof actual !== typeof expected || actual === null || expected === null) return false;
  return order(actual as string | number, expected as string | number, op);
}

function order<T extends string | number>(a: T, b: T, op: string): boolean {
  switch (op) {
    case 'eq':
      return a === b;
    case 'ne':
      return a !== b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    case 'lt':
      return a < b;
    default:
      return a <= b;
  }
}

/** Reads a property path of an item (`provisioningStatusInfo/status`). */
export type FieldAccessor = (item: unknown, path: string) => unknown;

interface Context {
  readonly caseSensitive: boolean;
  readonly field: FieldAccessor;
}

function evaluate(
  node: Node,
  item: unknown,
  scope: ReadonlyMap<string, unknown>,
  ctx: Context,
): boolean {
  const caseSensitive = ctx.caseSensitive;
  const resolve = (path: string): unknown => {
    // Lambda variables exist only inside any(): most filters never split a path.
    if (scope.size === 0) return ctx.field(item, path);
    const [head, ...rest] = path.split('/');
    if (head !== undefined && scope.has(head)) {
      return rest.length === 0 ? scope.get(head) : get(scope.get(head), rest.join('/'));
    }
    return ctx.field(item, path);
  };
  switch (node.type) {
    case 'and':
      return evaluate(node.left, item, scope, ctx) && evaluate(node.right, item, scope, ctx);
    case 'or':
      return evaluate(node.left, item, scope, ctx) || evaluate(node.right, item, scope, ctx);
    case 'not':
      return !evaluate(node.expr, item, scope, ctx);
    case 'any': {
      const values = resolve(node.path);
      if (!Array.isArray(values)) return false;
      return values.some((value) =>
        evaluate(node.body, item, new Map([...scope, [node.variable, value]]), ctx),
      );
    }
    case 'cmp':
      return compare(resolve(node.path), node.value, node.op, caseSensitive);
    case 'fn': {
      const actual = resolve(node.path);
      if (typeof actual !== 'string' || typeof node.value !== 'string') return false;
      const [a, b] = caseSensitive
        ? [actual, node.value]
        : [actual.toLowerCase(), node.value.toLowerCase()];
      if (node.name === 'contains') return a.includes(b);
      if (node.name === 'startswith') return a.startsWith(b);
      return a.endsWith(b);
    }
  }
}

/**
 * Parses `$filter` text and checks it against the collection's rules; throws {@link FilterError}
 * for anything Graph would refuse.
 */
export function parseFilter(
  text: string,
  rules: FilterRules,
  caseSensitive: boolean,
  field: FieldAccessor = get,
): Filter {
  const node = new Parser(tokenize(text)).parse();
  check(node, rules, new Set());
  const ctx: Context = { caseSensitive, field };
  const noVariables: ReadonlyMap<string, unknown> = new Map();
  return { matches: (item) => evaluate(node, item, noVariables, ctx) };
}

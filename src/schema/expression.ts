/**
 * Attribute-mapping expressions (`Join(" ", [givenName], [surname])`, `[mail]`, `"Member"`):
 * a local parser for their syntax, and the tree Graph stores (`attributeMappingSource`, each
 * function argument keyed by its parameter's name) built from the schema's own function list
 * (`GET …/schema/functions`), so no parameter name is guessed here.
 */
import type { AttributeMappingFunctionSchema } from '../models/synchronization-schema.js';
import { quoteConstant } from './source.js';

/** An expression's syntax tree, before its function arguments are named. */
export type ExpressionNode =
  | { readonly type: 'Attribute'; readonly name: string; readonly text: string }
  | { readonly type: 'Constant'; readonly value: string; readonly text: string }
  | {
      readonly type: 'Function';
      readonly name: string;
      /** The arguments in order; `undefined` for one left empty (`Switch([a], , "1", "x")`). */
      readonly args: readonly (ExpressionNode | undefined)[];
      readonly text: string;
    };

/** An expression that does not parse: `at` is the offset in the text. */
export class ExpressionSyntaxError extends Error {
  override readonly name = 'ExpressionSyntaxError';
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** Parses one expression; throws {@link ExpressionSyntaxError} for what does not parse. */
export function parseExpressionSyntax(input: string): ExpressionNode {
  const parser = new Parser(input);
  const node = parser.expression();
  parser.end();
  return node;
}

class Parser {
  #at = 0;
  constructor(private readonly input: string) {}

  end(): void {
    this.#space();
    if (this.#at < this.input.length) {
      throw new ExpressionSyntaxError(
        `unexpected '${this.input.slice(this.#at, this.#at + 10)}' at ${String(this.#at)}`,
        this.#at,
      );
    }
  }

  expression(): ExpressionNode {
    this.#space();
    const start = this.#at;
    const c = this.input.charAt(this.#at);
    if (c === '"') return this.#constant(start);
    if (c === '[') return this.#attribute(start);
    const digits = /^-?[0-9]+/.exec(this.input.slice(this.#at))?.[0];
    if (digits !== undefined) {
      // A number is a constant: Graph stores `Mid([a], 1, 8)`'s 1 as the constant "1".
      this.#at += digits.length;
      return { type: 'Constant', value: digits, text: quoteConstant(digits) };
    }
    const name = /^[A-Za-z][A-Za-z0-9]*/.exec(this.input.slice(this.#at))?.[0];
    if (name === undefined) {
      throw new ExpressionSyntaxError(
        c === '' ? 'the expression is empty' : `unexpected '${c}' at ${String(start)}`,
        start,
      );
    }
    this.#at += name.length;
    this.#space();
    if (this.input.charAt(this.#at) !== '(') {
      throw new ExpressionSyntaxError(
        `expected '(' after ${name} at ${String(this.#at)} (attributes go in brackets: [${name}])`,
        this.#at,
      );
    }
    this.#at += 1;
    const args = this.#arguments();
    return { type: 'Function', name, args, text: this.input.slice(start, this.#at).trim() };
  }

  #arguments(): (ExpressionNode | undefined)[] {
    const args: (ExpressionNode | undefined)[] = [];
    this.#space();
    if (this.input.charAt(this.#at) === ')') {
      this.#at += 1;
      return args;
    }
    for (;;) {
      this.#space();
      const c = this.input.charAt(this.#at);
      // An argument left empty keeps its place: the next one fills the next parameter.
      args.push(c === ',' || c === ')' ? undefined : this.expression());
      this.#space();
      const next = this.input.charAt(this.#at);
      if (next === ')' || next === ',') this.#at += 1;
      if (next === ')') return args;
      if (next !== ',') {
        throw new ExpressionSyntaxError(
          next === ''
            ? `unclosed '(': expected ',' or ')' at the end`
            : `expected ',' or ')' at ${String(this.#at)}`,
          this.#at,
        );
      }
    }
  }

  #attribute(start: number): ExpressionNode {
    const end = this.input.indexOf(']', this.#at);
    if (end < 0) throw new ExpressionSyntaxError(`unclosed '[' at ${String(start)}`, start);
    const name = this.input.slice(this.#at + 1, end).trim();
    if (name === '')
      throw new ExpressionSyntaxError(`empty attribute name at ${String(start)}`, start);
    this.#at = end + 1;
    return { type: 'Attribute', name, text: `[${name}]` };
  }

  #constant(start: number): ExpressionNode {
    let value = '';
    this.#at += 1;
    for (;;) {
      const c = this.input.charAt(this.#at);
      if (c === '') throw new ExpressionSyntaxError(`unclosed string at ${String(start)}`, start);
      this.#at += 1;
      if (c === '\\') {
        value += this.input.charAt(this.#at);
        this.#at += 1;
      } else if (c === '"') break;
      else value += c;
    }
    return { type: 'Constant', value, text: this.input.slice(start, this.#at) };
  }

  #space(): void {
    while (/\s/.test(this.input.charAt(this.#at))) this.#at += 1;
  }
}

/** Every attribute an expression reads (`[name]`), in order, each once. */
export function attributesOf(node: ExpressionNode): string[] {
  const names = new Set<string>();
  const walk = (n: ExpressionNode): void => {
    if (n.type === 'Attribute') names.add(n.name);
    else if (n.type === 'Function') {
      for (const a of n.args) if (a !== undefined) walk(a);
    }
  };
  walk(node);
  return [...names];
}

/** Graph's `attributeMappingSource`, as the SDK writes it. */
export interface MappingSourceTree {
  type: 'Attribute' | 'Constant' | 'Function';
  name: string;
  expression: string;
  parameters: { key: string; value: MappingSourceTree }[];
}

/**
 * The tree Graph stores for `node`: each function argument keyed by the name of the parameter it
 * fills in the schema's function list (a parameter that allows several occurrences takes the
 * remaining arguments). Returns the problems instead when a function is unknown or takes another
 * number of arguments.
 */
export function toMappingSource(
  node: ExpressionNode,
  functions: readonly AttributeMappingFunctionSchema[],
): { tree: MappingSourceTree } | { problems: string[] } {
  const problems: string[] = [];
  // Graph's documented answer names each function by `name`, its metadata by `id`.
  const byName = new Map(functions.map((f) => [f.id ?? f.name ?? '', f]));
  const build = (n: ExpressionNode): MappingSourceTree => {
    if (n.type === 'Attribute')
      return { type: 'Attribute', name: n.name, expression: n.text, parameters: [] };
    if (n.type === 'Constant')
      return { type: 'Constant', name: n.value, expression: n.text, parameters: [] };
    const definition = byName.get(n.name);
    if (definition === undefined) problems.push(`unknown function '${n.name}'`);
    const names =
      definition === undefined ? [] : argumentNames(n.name, definition, n.args, problems);
    // Empty arguments are left out of `parameters` (their place still counts), as Graph does.
    const parameters = n.args.flatMap((arg, i) =>
      arg === undefined ? [] : [{ key: names[i] ?? '', value: build(arg) }],
    );
    return { type: 'Function', name: n.name, expression: n.text, parameters };
  };
  const tree = build(node);
  return problems.length > 0 ? { problems } : { tree };
}

/**
 * The parameter each argument fills, or problems when they do not fit. Arguments fill the
 * parameters in order; a run of parameters that allow several occurrences (Switch's `key`,
 * `value`) repeats as a group, taking what the others leave, a whole number of times.
 */
function argumentNames(
  name: string,
  definition: AttributeMappingFunctionSchema,
  args: readonly (ExpressionNode | undefined)[],
  problems: string[],
): string[] {
  const params = definition.parameters ?? [];
  const first = params.findIndex((p) => p.allowMultipleOccurrences === true);
  let end = first;
  while (end >= 0 && end < params.length && params[end]?.allowMultipleOccurrences === true)
    end += 1;
  const group = first < 0 ? [] : params.slice(first, end);
  const before = first < 0 ? params : params.slice(0, first);
  const count = args.length;
  const required = params.filter((p) => p.required === true).length;
  // Optional parameters after the group may be left out (Coalesce's defaultValue).
  let after = first < 0 ? [] : params.slice(end);
  const fitsWith = (tail: typeof after): boolean => {
    const middle = count - before.length - tail.length;
    return group.length === 0
      ? count <= params.length
      : middle >= group.length && middle % group.length === 0;
  };
  while (!fitsWith(after) && after.length > 0 && after.at(-1)?.required !== true) {
    after = after.slice(0, -1);
  }
  const middle = count - before.length - after.length;
  const fits = count >= required && fitsWith(after);
  if (!fits) {
    const range =
      group.length > 0
        ? `at least ${String(Math.max(required, before.length + group.length + after.length))}${group.length > 1 ? `, the ${group.map((p) => p.name ?? '').join('/')} arguments in whole groups` : ''}`
        : required === params.length
          ? String(required)
          : `${String(required)} to ${String(params.length)}`;
    problems.push(`${name}() takes ${range} argument(s), got ${String(count)}`);
    return [];
  }
  const filled =
    group.length === 0
      ? before.slice(0, count)
      : [...before, ...Array.from({ length: middle }, (_, i) => group[i % group.length]), ...after];
  filled.forEach((p, i) => {
    if (p?.required === true && args[i] === undefined) {
      problems.push(
        `${name}(): argument ${String(i + 1)} (${p.name ?? ''}) is required, not empty`,
      );
    }
  });
  return filled.map((p) => p?.name ?? '');
}

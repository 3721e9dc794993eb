// A minimal declaration of the `zod/mini` types that entra-provisioning's declarations name, for
// TypeScript's `moduleResolution: node10` (package.json `types` and `typesVersions`, which point at
// dist/node10/). zod's own declarations cannot be loaded there without `esModuleInterop`
// (`zod/v4/locales/index.d.cts` re-exports `export =` modules as defaults, TS1259), and every
// zod entry point pulls them in. scripts/build-node10-types.mjs copies this file next to the
// node10 copies of our declarations and points their `zod/mini` imports at it.
//
// What it keeps, checked against zod's own declarations by scripts/check-node10-types.mjs
// (`npm run test:package`): `z.infer` / `z.output` / `z.input` of every exported schema equal
// zod's (optional keys, nullable, arrays, loose objects' index signature, unions, enums, records),
// `parse` / `safeParse` typed, `~standard` (Standard Schema), and the structure zod's functions
// read, so `z.object({ job: SynchronizationJobSchema })` with your own zod infers the same types
// where your zod loads (that is, with `esModuleInterop`). zod's internals, and the methods that
// take zod's own types (`check`, `register`, `brand`…), are typed loosely (`any`).
//
// Declare here every `z.` name the declarations use: the build fails on one that is missing.

type Primitive = string | number | symbol | bigint | boolean | null | undefined;
type EnumValue = string | number;
type EnumLike = Readonly<Record<string, EnumValue>>;
type Literal = string | number | bigint | boolean | null | undefined;
type IsAny<T> = 0 extends 1 & T ? true : false;
type Prettify<T> = { [K in keyof T]: T[K] } & {};
type NoUndefined<T> = T extends undefined ? never : T;

export declare namespace core {
  /** The output type of a schema: what `parse` returns. */
  type output<T> = T extends { _zod: { output: any } } ? T['_zod']['output'] : unknown;
  /** The input type of a schema: what it accepts. */
  type input<T> = T extends { _zod: { input: any } } ? T['_zod']['input'] : unknown;

  /** What a failed parse reports: narrow on `code`. */
  type $ZodIssue =
    | $ZodIssueInvalidType
    | $ZodIssueTooBig
    | $ZodIssueTooSmall
    | $ZodIssueInvalidStringFormat
    | $ZodIssueNotMultipleOf
    | $ZodIssueUnrecognizedKeys
    | $ZodIssueInvalidUnion
    | $ZodIssueInvalidKey
    | $ZodIssueInvalidElement
    | $ZodIssueInvalidValue
    | $ZodIssueCustom;
  interface $ZodIssueBase {
    readonly code?: string;
    readonly input?: unknown;
    readonly path: PropertyKey[];
    readonly message: string;
  }
  interface $ZodIssueInvalidType<Input = unknown> extends $ZodIssueBase {
    readonly code: 'invalid_type';
    readonly expected: string;
    readonly input?: Input;
  }
  interface $ZodIssueTooBig<Input = unknown> extends $ZodIssueBase {
    readonly code: 'too_big';
    readonly origin: string;
    readonly maximum: number | bigint;
    readonly inclusive?: boolean;
    readonly exact?: boolean;
    readonly input?: Input;
  }
  interface $ZodIssueTooSmall<Input = unknown> extends $ZodIssueBase {
    readonly code: 'too_small';
    readonly origin: string;
    readonly minimum: number | bigint;
    readonly inclusive?: boolean;
    readonly exact?: boolean;
    readonly input?: Input;
  }
  interface $ZodIssueInvalidStringFormat extends $ZodIssueBase {
    readonly code: 'invalid_format';
    readonly format: string;
    readonly pattern?: string;
    readonly input?: string;
  }
  interface $ZodIssueNotMultipleOf<
    Input extends number | bigint = number | bigint,
  > extends $ZodIssueBase {
    readonly code: 'not_multiple_of';
    readonly divisor: number;
    readonly input?: Input;
  }
  interface $ZodIssueUnrecognizedKeys extends $ZodIssueBase {
    readonly code: 'unrecognized_keys';
    readonly keys: string[];
    readonly input?: Record<string, unknown>;
  }
  type $ZodIssueInvalidUnion =
    | ($ZodIssueBase & {
        readonly code: 'invalid_union';
        readonly errors: $ZodIssue[][];
        readonly input?: unknown;
        readonly discriminator?: string | undefined;
        readonly options?: Primitive[];
        readonly inclusive?: true;
      })
    | ($ZodIssueBase & {
        readonly code: 'invalid_union';
        readonly errors: [];
        readonly input?: unknown;
        readonly discriminator?: string | undefined;
        readonly inclusive: false;
        /** Indices of the options that matched */
        readonly matches: number[];
      });
  interface $ZodIssueInvalidKey<Input = unknown> extends $ZodIssueBase {
    readonly code: 'invalid_key';
    readonly origin: 'map' | 'record';
    readonly issues: $ZodIssue[];
    readonly input?: Input;
  }
  interface $ZodIssueInvalidElement<Input = unknown> extends $ZodIssueBase {
    readonly code: 'invalid_element';
    readonly origin: 'map' | 'set';
    readonly key: unknown;
    readonly issues: $ZodIssue[];
    readonly input?: Input;
  }
  interface $ZodIssueInvalidValue<Input = unknown> extends $ZodIssueBase {
    readonly code: 'invalid_value';
    readonly values: Primitive[];
    readonly input?: Input;
  }
  interface $ZodIssueCustom extends $ZodIssueBase {
    readonly code: 'custom';
    readonly params?: Record<string, any> | undefined;
    readonly input?: unknown;
  }
  interface $ZodError<T = unknown> extends Error {
    type: T;
    issues: $ZodIssue[];
    _zod: { output: T; def: $ZodIssue[] };
    stack?: string;
    name: string;
  }
  interface ParseContext {
    /** Customize error messages. */
    readonly error?:
      | ((
          issue: Partial<$ZodIssueBase> & { readonly input: unknown },
        ) => { message: string } | string | undefined | null)
      | undefined;
    /** Include the `input` field in issue objects. Default `false`. */
    readonly reportInput?: boolean;
    /** Skip eval-based fast path. Default `false`. */
    readonly jitless?: boolean;
  }

  /** Standard Schema v1 (https://standardschema.dev), as zod declares it. */
  namespace StandardSchemaV1 {
    interface Props<Input = unknown, Output = Input> {
      readonly version: 1;
      readonly vendor: string;
      readonly types?: Types<Input, Output> | undefined;
      readonly validate: (
        value: unknown,
        options?: Options | undefined,
      ) => Result<Output> | Promise<Result<Output>>;
    }
    type Result<Output> = SuccessResult<Output> | FailureResult;
    interface SuccessResult<Output> {
      readonly value: Output;
      readonly issues?: undefined;
    }
    interface Options {
      readonly libraryOptions?: Record<string, unknown> | undefined;
    }
    interface FailureResult {
      readonly issues: ReadonlyArray<Issue>;
    }
    interface Issue {
      readonly message: string;
      readonly path?: ReadonlyArray<PropertyKey | PathSegment> | undefined;
    }
    interface PathSegment {
      readonly key: PropertyKey;
    }
    interface Types<Input = unknown, Output = Input> {
      readonly input: Input;
      readonly output: Output;
    }
  }
  type $ZodStandardSchema<T> = StandardSchemaV1.Props<input<T>, output<T>>;

  /** zod's internals: only what type inference reads is typed. */
  interface _$ZodTypeInternals {
    /** @internal */ version: any;
    /** @internal */ def: any;
    /** @internal */ deferred: any;
    /** @internal */ run: any;
    /** @internal */ parse: any;
    /** @internal */ traits: any;
    /** @internal Whether an object may omit this key on input. */
    optin?: 'optional' | 'defaulted' | undefined;
    /** @internal Whether an object's output may omit this key. */
    optout?: 'optional' | undefined;
    /** @internal */ values?: any;
    /** @internal */ propValues?: any;
    /** @internal */ pattern: any;
    /** @internal */ constr: any;
    /** @internal */ bag: any;
    /** @internal */ isst: any;
    /** @internal */ processJSONSchema?: any;
    /** @internal */ toJSONSchema?: any;
    /** @internal */ parent?: any;
  }
  interface $ZodTypeInternals<out O = unknown, out I = unknown> extends _$ZodTypeInternals {
    /** @internal The inferred output type */
    output: O;
    /** @internal The inferred input type */
    input: I;
  }
  type SomeType = { _zod: _$ZodTypeInternals };
  interface $ZodType<
    O = unknown,
    I = unknown,
    Internals extends $ZodTypeInternals<O, I> = $ZodTypeInternals<O, I>,
  > {
    _zod: Internals;
    '~standard': $ZodStandardSchema<this>;
  }

  type OptionalOutSchema = { _zod: { optout: 'optional' } };
  type OptionalInSchema = { _zod: { optin: 'optional' | 'defaulted' } };

  type $ZodLooseShape = Record<string, any>;
  type $ZodShape = Readonly<{ [k: string]: $ZodType }>;
  type $ZodObjectConfig = { out: Record<string, unknown>; in: Record<string, unknown> };
  /** Unknown keys are kept (`z.looseObject`). */
  type $loose = { out: Record<string, unknown>; in: Record<string, unknown> };
  /** Unknown keys are an error (`z.strictObject`). */
  type $strict = { out: {}; in: {} };
  /** Unknown keys are dropped (`z.object`). */
  type $strip = { out: {}; in: {} };
  type $InferObjectOutput<
    T extends $ZodLooseShape,
    Extra extends Record<string, unknown>,
  > = string extends keyof T
    ? IsAny<T[keyof T]> extends true
      ? Record<string, unknown>
      : { [k in string]: output<T[keyof T]> }
    : keyof (T & Extra) extends never
      ? Record<string, never>
      : Prettify<
          {
            -readonly [
              k in keyof T as T[k] extends OptionalOutSchema ? never : k
            ]: T[k]['_zod']['output'];
          } & {
            -readonly [
              k in keyof T as T[k] extends OptionalOutSchema ? k : never
            ]?: T[k]['_zod']['output'];
          } & Extra
        >;
  type $InferObjectInput<
    T extends $ZodLooseShape,
    Extra extends Record<string, unknown>,
  > = string extends keyof T
    ? IsAny<T[keyof T]> extends true
      ? Record<string, unknown>
      : { [k in string]: input<T[keyof T]> }
    : keyof (T & Extra) extends never
      ? Record<string, never>
      : Prettify<
          {
            -readonly [
              k in keyof T as T[k] extends OptionalInSchema ? never : k
            ]: T[k]['_zod']['input'];
          } & {
            -readonly [
              k in keyof T as T[k] extends OptionalInSchema ? k : never
            ]?: T[k]['_zod']['input'];
          } & Extra
        >;
  interface $ZodObjectInternals<
    Shape extends $ZodShape = $ZodShape,
    Config extends $ZodObjectConfig = $ZodObjectConfig,
  > extends _$ZodTypeInternals {
    /** @internal */ propValues: any;
    config: Config;
    output: $InferObjectOutput<Shape, Config['out']>;
    input: $InferObjectInput<Shape, Config['in']>;
    optin?: 'optional' | undefined;
    optout?: 'optional' | undefined;
  }

  interface $ZodStringInternals<Input> extends $ZodTypeInternals<string, Input> {}
  interface $ZodNumberInternals<Input = unknown> extends $ZodTypeInternals<number, Input> {}
  interface $ZodBooleanInternals<T = unknown> extends $ZodTypeInternals<boolean, T> {}
  interface $ZodNullInternals extends $ZodTypeInternals<null, null> {}
  interface $ZodAnyInternals extends $ZodTypeInternals<any, any> {}
  interface $ZodUnknownInternals extends $ZodTypeInternals<unknown, unknown> {}
  interface $ZodNeverInternals extends $ZodTypeInternals<never, never> {}
  interface $ZodLiteralInternals<T extends Literal = Literal> extends $ZodTypeInternals<T, T> {}
  interface $ZodEnumInternals<T extends EnumLike = EnumLike> extends $ZodTypeInternals<
    T[keyof T] & {},
    T[keyof T] & {}
  > {}
  interface $ZodArrayInternals<T extends SomeType = $ZodType> extends _$ZodTypeInternals {
    output: output<T>[];
    input: input<T>[];
  }
  // Distributive over a union of options, as zod's are.
  type $InferUnionOutput<T extends SomeType> = T extends any ? output<T> : never;
  type $InferUnionInput<T extends SomeType> = T extends any ? input<T> : never;
  type IsOptionalIn<T extends SomeType> = T extends OptionalInSchema ? true : false;
  type IsOptionalOut<T extends SomeType> = T extends OptionalOutSchema ? true : false;
  interface $ZodUnionInternals<
    T extends readonly SomeType[] = readonly $ZodType[],
  > extends _$ZodTypeInternals {
    output: $InferUnionOutput<T[number]>;
    input: $InferUnionInput<T[number]>;
    optin: IsOptionalIn<T[number]> extends false
      ? 'optional' | 'defaulted' | undefined
      : 'optional' | 'defaulted';
    optout: IsOptionalOut<T[number]> extends false ? 'optional' | undefined : 'optional';
  }
  interface $ZodIntersectionInternals<
    A extends SomeType = $ZodType,
    B extends SomeType = $ZodType,
  > extends _$ZodTypeInternals {
    optin: A['_zod']['optin'] | B['_zod']['optin'];
    optout: A['_zod']['optout'] | B['_zod']['optout'];
    output: output<A> & output<B>;
    input: input<A> & input<B>;
  }
  type $ZodRecordKey = $ZodType<string | number | symbol, unknown>;
  /** A record whose keys are all optional (`z.partialRecord`). */
  type $partial = { '~~partial': true };
  interface $ZodRecordInternals<
    Key extends $ZodRecordKey = $ZodRecordKey,
    Value extends SomeType = $ZodType,
  > extends $ZodTypeInternals {
    output: Key extends $partial
      ? Partial<Record<output<Key>, output<Value>>>
      : Record<output<Key>, output<Value>>;
    input: Key extends $partial
      ? Partial<Record<input<Key> & PropertyKey, input<Value>>>
      : [Value] extends [OptionalInSchema]
        ? Partial<Record<input<Key> & PropertyKey, input<Value>>>
        : Record<input<Key> & PropertyKey, input<Value>>;
    optin?: 'optional' | undefined;
    optout?: 'optional' | undefined;
  }
  interface $ZodOptionalInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<
    output<T> | undefined,
    input<T> | undefined
  > {
    optin: 'optional' | 'defaulted';
    optout: 'optional';
  }
  interface $ZodNullableInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<
    output<T> | null,
    input<T> | null
  > {
    optin: T['_zod']['optin'];
    optout: T['_zod']['optout'];
  }
  interface $ZodDefaultInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<
    NoUndefined<output<T>>,
    input<T> | undefined
  > {
    optin: 'defaulted';
    optout?: 'optional' | undefined;
  }
  interface $ZodTransformInternals<O = unknown, I = unknown> extends $ZodTypeInternals<O, I> {}
  interface $ZodPipeInternals<
    A extends SomeType = $ZodType,
    B extends SomeType = $ZodType,
  > extends $ZodTypeInternals<output<B>, input<A>> {
    optin: A['_zod']['optin'];
    optout: B['_zod']['optout'];
  }
  interface $ZodLazyInternals<T extends SomeType = $ZodType> extends $ZodTypeInternals<
    output<T>,
    input<T>
  > {
    optin: T['_zod']['optin'];
    optout: T['_zod']['optout'];
  }
  interface $ZodCustomInternals<O = unknown, I = unknown> extends $ZodTypeInternals<O, I> {}
}

export type output<T> = core.output<T>;
export type input<T> = core.input<T>;
export type { output as infer };

export type SafeParseResult<T> =
  | { success: true; data: T; error?: never }
  | { success: false; data?: never; error: core.$ZodError<T> };

/** A zod/mini schema: `parse` and `safeParse` are typed; `_zod` holds the inferred types. */
export interface ZodMiniType<
  out Output = unknown,
  out Input = unknown,
  out Internals extends core.$ZodTypeInternals<Output, Input> = core.$ZodTypeInternals<
    Output,
    Input
  >,
> extends core.$ZodType<Output, Input, Internals> {
  /** @internal */ type: any;
  /** @internal */ def: any;
  check(...checks: any[]): this;
  with(...checks: any[]): this;
  clone(def?: any, params?: { parent: boolean }): this;
  register(registry: any, ...meta: any[]): this;
  brand<T extends PropertyKey = PropertyKey, Dir extends 'in' | 'out' | 'inout' = 'out'>(
    value?: T,
  ): any;
  parse(data: unknown, params?: core.ParseContext): core.output<this>;
  safeParse(data: unknown, params?: core.ParseContext): SafeParseResult<core.output<this>>;
  parseAsync(data: unknown, params?: core.ParseContext): Promise<core.output<this>>;
  safeParseAsync(
    data: unknown,
    params?: core.ParseContext,
  ): Promise<SafeParseResult<core.output<this>>>;
  apply<T, TArgs extends unknown[] = []>(
    fn: (schema: this, ...args: TArgs) => T,
    ...args: TArgs
  ): T;
}
interface _ZodMiniType<
  out Internals extends core.$ZodTypeInternals = core.$ZodTypeInternals,
> extends ZodMiniType<any, any, Internals> {}

export interface ZodMiniString<Input = unknown> extends _ZodMiniType<
  core.$ZodStringInternals<Input>
> {}
export interface ZodMiniNumber<Input = unknown> extends _ZodMiniType<
  core.$ZodNumberInternals<Input>
> {}
export interface ZodMiniBoolean<T = unknown> extends _ZodMiniType<core.$ZodBooleanInternals<T>> {}
export interface ZodMiniNull extends _ZodMiniType<core.$ZodNullInternals> {}
export interface ZodMiniAny extends _ZodMiniType<core.$ZodAnyInternals> {}
export interface ZodMiniUnknown extends _ZodMiniType<core.$ZodUnknownInternals> {}
export interface ZodMiniNever extends _ZodMiniType<core.$ZodNeverInternals> {}
export interface ZodMiniLiteral<T extends Literal = Literal> extends _ZodMiniType<
  core.$ZodLiteralInternals<T>
> {}
export interface ZodMiniEnum<T extends EnumLike = EnumLike> extends _ZodMiniType<
  core.$ZodEnumInternals<T>
> {
  options: Array<T[keyof T]>;
}
export interface ZodMiniArray<T extends core.SomeType = core.$ZodType> extends _ZodMiniType<
  core.$ZodArrayInternals<T>
> {}
export interface ZodMiniObject<
  Shape extends core.$ZodShape = core.$ZodShape,
  Config extends core.$ZodObjectConfig = core.$strip,
> extends ZodMiniType<any, any, core.$ZodObjectInternals<Shape, Config>> {
  shape: Shape;
}
export interface ZodMiniUnion<
  T extends readonly core.SomeType[] = readonly core.$ZodType[],
> extends _ZodMiniType<core.$ZodUnionInternals<T>> {}
export interface ZodMiniDiscriminatedUnion<
  Options extends readonly core.SomeType[] = readonly core.$ZodType[],
  Disc extends string = string,
> extends ZodMiniUnion<Options> {}
export interface ZodMiniIntersection<
  A extends core.SomeType = core.$ZodType,
  B extends core.SomeType = core.$ZodType,
> extends _ZodMiniType<core.$ZodIntersectionInternals<A, B>> {}
export interface ZodMiniRecord<
  Key extends core.$ZodRecordKey = core.$ZodRecordKey,
  Value extends core.SomeType = core.$ZodType,
> extends _ZodMiniType<core.$ZodRecordInternals<Key, Value>> {}
export interface ZodMiniOptional<T extends core.SomeType = core.$ZodType> extends _ZodMiniType<
  core.$ZodOptionalInternals<T>
> {}
export interface ZodMiniNullable<T extends core.SomeType = core.$ZodType> extends _ZodMiniType<
  core.$ZodNullableInternals<T>
> {}
export interface ZodMiniDefault<T extends core.SomeType = core.$ZodType> extends _ZodMiniType<
  core.$ZodDefaultInternals<T>
> {}
export interface ZodMiniTransform<O = unknown, I = unknown> extends _ZodMiniType<
  core.$ZodTransformInternals<O, I>
> {}
export interface ZodMiniPipe<
  A extends core.SomeType = core.$ZodType,
  B extends core.SomeType = core.$ZodType,
> extends _ZodMiniType<core.$ZodPipeInternals<A, B>> {}
export interface ZodMiniLazy<T extends core.SomeType = core.$ZodType> extends _ZodMiniType<
  core.$ZodLazyInternals<T>
> {}
export interface ZodMiniCustom<O = unknown, I = unknown> extends _ZodMiniType<
  core.$ZodCustomInternals<O, I>
> {}

/** Types of scripts/repl-recipes.mjs (the REPL recipes of docs/repl-and-notebooks.md). */

/** One recipe of the guide. */
export interface Recipe {
  /** `node`, `tsx`, `ts-node`. */
  readonly name: string;
  /** The lines typed into the REPL. */
  readonly repl: readonly string[];
  /** Lines the REPL must print, in order (`…` matches anything). */
  readonly output: readonly string[];
  /** Files written before the REPL starts, by name. */
  readonly files: Readonly<Record<string, string>>;
}

/** The guide's path inside a project where the package is installed. */
export declare const GUIDE: string;
/** The recipes of the page, by name. */
export declare function readRecipes(markdown: string): Map<string, Recipe>;
/** What went wrong in a REPL's `output` for `recipe` (errors printed, expected lines missing). */
export declare function problemsOf(recipe: Recipe, output: string): string[];

/** Types of scripts/strip-comments.mjs (the build step that takes comments out of dist/). */

/**
 * `code` without the comments nothing reads at run time: pure and no-side-effects annotations,
 * bundler directives, legal comments, `//# sourceMappingURL` and a `#!` line stay; a comment goes only when no
 * code follows it on its last line, and its line breaks stay. Throws when `code` does not parse.
 */
export declare function stripComments(code: string, sourceType: 'module' | 'script'): string;

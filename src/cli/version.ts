/** The package version, inlined at build time from package.json. */
import pkg from '../../package.json' with { type: 'json' };

/** `entra-provisioning --version`. */
export const VERSION: string = pkg.version;

/** `secrets set`: saves a target app's secrets; values are never echoed. */
import type { Command } from 'commander';
import {
  checkSecretKeys,
  collect,
  parseKeyValue,
  shownKey,
  readStdin,
  readUserFile,
  resolvePath,
  UsageError,
} from '../args.js';
import { resolveServicePrincipal } from '../context.js';
import type { Define } from '../main.js';

/** Registers `secrets`. */
export function registerSecrets(program: Command, define: Define): void {
  const secrets = program
    .command('secrets')
    .description("a service principal's provisioning secrets");
  define(
    secrets
      .command('set')
      .description(
        "save secrets (Graph's synchronizationSecret keys, e.g. SecretToken); the values are never printed",
      )
      .argument('<servicePrincipal>', 'service principal: object id, appId or display name')
      .argument(
        '[pairs...]',
        'KEY=VALUE pairs (prefer the options below: command lines are visible to others)',
      )
      .option(
        '--from-env <KEY=ENV_VAR>',
        'a value from an environment variable (repeatable)',
        collect,
        [],
      )
      .option('--from-file <KEY=PATH>', "a value from a file's contents (repeatable)", collect, [])
      .option('--stdin <KEY>', 'a value read from standard input')
      .option(
        '--allow-unknown-keys',
        'send keys that are not synchronizationSecret names this version knows',
      ),
    async ({ client, out, io, signal }, command) => {
      const [ref = '', ...pairs] = command.args;
      // `secrets set KEY=VALUE …` without a service principal: the pair must not travel to
      // Graph as a display name (nor be printed back as one).
      if (/^[A-Za-z][A-Za-z0-9_.-]*=/.test(ref)) {
        throw new UsageError(
          'secrets set needs the service principal first: secrets set <servicePrincipal> KEY=VALUE…',
        );
      }
      const o = command.opts<{
        fromEnv: string[];
        fromFile: string[];
        stdin?: string;
        allowUnknownKeys?: boolean;
      }>();
      const values = new Map<string, string>();
      const put = (key: string, value: string): void => {
        if (values.has(key)) throw new UsageError(`${shownKey(key)} is given twice`);
        values.set(key, value);
      };
      for (const pair of pairs) put(...parseKeyValue('KEY=VALUE', pair));
      for (const pair of o.fromEnv) {
        const [key, name] = parseKeyValue('--from-env', pair);
        const value = io.env[name];
        if (value === undefined || value === '') {
          // The name is not echoed: it may be the secret itself, typed where its name belongs.
          throw new UsageError(
            `--from-env: the environment variable named for ${shownKey(key)} is not set`,
          );
        }
        put(key, value);
      }
      for (const pair of o.fromFile) {
        const [key, path] = parseKeyValue('--from-file', pair);
        put(
          key,
          (
            await readUserFile(`--from-file ${shownKey(key)}`, resolvePath(io.cwd, path), {
              showPath: false,
            })
          ).replace(/\r?\n$/, ''),
        );
      }
      if (o.stdin !== undefined) {
        if (!/^[A-Za-z][A-Za-z0-9_.-]*$/.test(o.stdin)) throw new UsageError('--stdin takes a KEY');
        put(o.stdin, await readStdin(io.stdin));
      }
      if (values.size === 0) throw new UsageError('secrets set needs at least one secret');
      checkSecretKeys('secrets set', [...values.keys()], o.allowUnknownKeys === true);
      const graph = await client();
      const sp = await resolveServicePrincipal(graph, ref, signal);
      const credentials = Object.fromEntries(values);
      await graph.servicePrincipals
        .byId(sp.id)
        .synchronization.secrets.put(credentials, signal === undefined ? {} : { signal });
      // Unknown keys are counted, not named: one may be a value typed in place of its key.
      const keys = [...values.keys()].map(shownKey);
      out.result({ servicePrincipalId: sp.id, saved: keys }, () => {
        out.line(
          `saved ${String(keys.length)} secret${keys.length === 1 ? '' : 's'} on ${sp.displayName ?? sp.id}: ${keys.join(', ')}`,
        );
      });
      return undefined;
    },
  );
}

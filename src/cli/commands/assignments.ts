/** `assignments list|add|remove <servicePrincipal>`: the users and groups assigned to an app. */
import type { Command } from 'commander';
import type { AppRoleAssignment } from '../../models/index.js';
import { UsageError } from '../args.js';
import { resolveServicePrincipal } from '../context.js';
import type { ActionContext, Define } from '../command.js';

const SP_ARG = 'service principal: object id, appId or display name';

const call = (signal: AbortSignal | undefined) => (signal === undefined ? {} : { signal });

/** What the commands print of an assignment. */
function row(a: AppRoleAssignment) {
  return {
    id: a.id,
    principalType: a.principalType,
    principalDisplayName: a.principalDisplayName,
    principalId: a.principalId,
    appRoleId: a.appRoleId,
  };
}

async function target(context: ActionContext, command: Command) {
  const [ref] = command.args as [string];
  const client = await context.client();
  const sp = await resolveServicePrincipal(client, ref, context.signal);
  return { sp, assignments: client.servicePrincipals.byId(sp.id).appRoleAssignedTo };
}

/** Registers `assignments`. */
export function registerAssignments(program: Command, define: Define): void {
  const assignments = program
    .command('assignments')
    .description('the users and groups assigned to an app (whom "sync only assigned" provisions)');

  define(
    assignments
      .command('list')
      .description('list the assignments')
      .argument('<servicePrincipal>', SP_ARG),
    async (context, command) => {
      const { assignments: api } = await target(context, command);
      const list = (await api.list({}, call(context.signal)).toArray()).map(row);
      context.out.result(list, () => {
        context.out.table(
          ['type', 'name', 'principal id', 'app role', 'assignment id'],
          list.map((a) => [
            a.principalType,
            a.principalDisplayName,
            a.principalId,
            a.appRoleId,
            a.id,
          ]),
        );
      });
      return undefined;
    },
  );

  define(
    assignments
      .command('add')
      .description(
        'assign a user or a group (an existing identical assignment is kept, not duplicated)',
      )
      .argument('<servicePrincipal>', SP_ARG)
      .option('--user <upnOrId>', 'a user, by user principal name or object id')
      .option('--group <nameOrId>', 'a group, by display name or object id')
      .option(
        '--app-role <role>',
        "the app role: value, display name or id (default: the app's role for users)",
      ),
    async (context, command) => {
      const o = command.opts<{ user?: string; group?: string; appRole?: string }>();
      if ((o.user === undefined) === (o.group === undefined))
        throw new UsageError('assignments add takes one of --user and --group');
      const { sp, assignments: api } = await target(context, command);
      const assignee = o.user === undefined ? { group: o.group as string } : { user: o.user };
      const added = row(
        await api.add(assignee, {
          ...(o.appRole === undefined ? {} : { appRole: o.appRole }),
          ...call(context.signal),
        }),
      );
      context.out.result(added, () => {
        context.out.line(
          `assigned ${added.principalType ?? ''} ${added.principalDisplayName ?? added.principalId} to ${sp.displayName ?? sp.id} (role ${added.appRoleId}, assignment ${added.id})`,
        );
      });
      return undefined;
    },
  );

  define(
    assignments
      .command('remove')
      .description('remove an assignment by its id (see assignments list)')
      .argument('<servicePrincipal>', SP_ARG)
      .argument('<assignmentId>', 'the assignment id'),
    async (context, command) => {
      const [, assignmentId] = command.args as [string, string];
      const { sp, assignments: api } = await target(context, command);
      const removed = await api.remove(assignmentId, call(context.signal));
      context.out.result({ servicePrincipalId: sp.id, assignmentId, removed }, () => {
        context.out.line(
          removed
            ? `removed assignment ${assignmentId} from ${sp.displayName ?? sp.id}`
            : `no assignment ${assignmentId} on ${sp.displayName ?? sp.id} (already removed)`,
        );
      });
      return undefined;
    },
  );
}

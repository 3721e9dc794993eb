import * as z from 'zod/mini';
import { nullishBoolean, nullishString } from './shared.js';
import { lazySchema } from '../internal/lazy-schema.js';
export type { AppRole, AppRoleAssignment } from './types.js';

/**
 * Graph's `appRoleAssignment`: a user, group or service principal assigned an app role of a
 * resource service principal (learn.microsoft.com/graph/api/resources/approleassignment). The
 * reference's CSDL extract names the type without declaring it; the properties are those of
 * Microsoft's v1.0 resource page.
 */
export const AppRoleAssignmentSchema = lazySchema(() =>
  z.looseObject({
    id: z.string(),
    deletedDateTime: nullishString,
    /** The role assigned; `00000000-0000-0000-0000-000000000000`: the default access role. */
    appRoleId: z.string(),
    createdDateTime: nullishString,
    principalDisplayName: nullishString,
    /** The user, group or service principal assigned. */
    principalId: z.string(),
    /** `User`, `Group` or `ServicePrincipal`. */
    principalType: nullishString,
    resourceDisplayName: nullishString,
    /** The service principal whose role is assigned (the app). */
    resourceId: nullishString,
  }),
);

/**
 * Graph's `appRole`: a role an application defines, as its service principal lists it in
 * `appRoles` (learn.microsoft.com/graph/api/resources/approle). Non-gallery and SAML gallery
 * apps define `User` and `msiam_access` (`value` null).
 */
export const AppRoleSchema = lazySchema(() =>
  z.looseObject({
    /** `User` (users and groups) and/or `Application`. */
    allowedMemberTypes: z.nullish(z.array(z.string())),
    description: nullishString,
    displayName: nullishString,
    id: z.string(),
    isEnabled: nullishBoolean,
    origin: nullishString,
    /** The value in tokens' `roles` claim; null for `User` and `msiam_access`. */
    value: nullishString,
  }),
);

/**
 * The fake Graph's application gallery: realistic entries for apps people provision, each with
 * its synchronization template(s). Ids are the fake's own except two that Microsoft documents:
 * AWS (`8b1025e4-…`, from the provisioning article) and the custom non-gallery app
 * (`8adf8e6e-…`).
 */

/** A provisioning connector of a gallery app, as the fake runs it. */
export interface SyncTemplateDefinition {
  /** The synchronization template id, e.g. `aws`. */
  readonly id: string;
  /** The connector implementation, e.g. `aws`, `CustomSCIM`. */
  readonly factoryTag: string;
  /** Secrets validateCredentials and the provisioning cycles require. */
  readonly requiredSecrets: readonly string[];
  /** Name of the target directory in schemas and logs. */
  readonly targetName: string;
  /** Prefix of the connector's error codes, e.g. `Aws` → `AwsEntryConflict`. */
  readonly errorPrefix: string;
  /** Object types provisioned: source (Entra ID) → target. */
  readonly objects: readonly { readonly source: 'User' | 'Group'; readonly target: string }[];
  /** Direction: `outbound` (Entra ID → app) or `inbound` (HR app → Entra ID). */
  readonly direction: 'outbound' | 'inbound';
  /**
   * API-driven inbound provisioning: the job takes its users from `bulkUpload` requests
   * instead of from users assigned to the app.
   */
  readonly bulkUpload?: boolean;
}

/** A gallery entry. */
export interface GalleryApp {
  readonly id: string;
  readonly displayName: string;
  readonly publisher: string;
  readonly description: string | null;
  readonly homePageUrl: string;
  readonly categories: readonly string[];
  readonly supportedSingleSignOnModes: readonly string[];
  /** Synchronization templates; empty for single-sign-on-only apps. */
  readonly sync: readonly SyncTemplateDefinition[];
}

/** The well-known template id of custom, non-gallery applications. */
export const CUSTOM_APP_TEMPLATE_ID = '8adf8e6e-67b2-4cf2-a259-e3dc5476c621';

/** The AWS template id from Microsoft's provisioning article. */
export const AWS_TEMPLATE_ID = '8b1025e4-1dd2-430b-a150-2ef79cd700f5';

const SCIM = ['BaseAddress', 'SecretToken'] as const;
const USERS = [{ source: 'User', target: 'User' }] as const;
const USERS_AND_GROUPS = [
  { source: 'User', target: 'User' },
  { source: 'Group', target: 'Group' },
] as const;

function scim(
  id: string,
  targetName: string,
  errorPrefix: string,
  objects: SyncTemplateDefinition['objects'] = USERS_AND_GROUPS,
): SyncTemplateDefinition {
  return {
    id,
    factoryTag: id,
    requiredSecrets: SCIM,
    targetName,
    errorPrefix,
    objects,
    direction: 'outbound',
  };
}

interface Entry {
  id: string;
  name: string;
  publisher: string;
  description?: string;
  home: string;
  categories: string[];
  sso: string[];
  sync?: SyncTemplateDefinition[];
}

const ENTRIES: Entry[] = [
  {
    id: AWS_TEMPLATE_ID,
    name: 'Amazon Web Services (AWS)',
    publisher: 'Amazon',
    home: 'http://aws.amazon.com/',
    categories: ['developerServices'],
    sso: ['password', 'saml', 'external'],
    sync: [
      {
        id: 'aws',
        factoryTag: 'aws',
        requiredSecrets: ['ClientSecret', 'SecretToken'],
        targetName: 'Amazon Web Services (AWS)',
        errorPrefix: 'Aws',
        objects: [{ source: 'User', target: 'RolesCompound' }],
        direction: 'outbound',
      },
    ],
  },
  {
    id: '9a3f1f63-6a1b-4d0c-9a57-7f1d0c8b2e11',
    name: 'AWS IAM Identity Center',
    publisher: 'Amazon',
    home: 'https://aws.amazon.com/iam/identity-center/',
    categories: ['developerServices', 'security'],
    sso: ['saml'],
    sync: [scim('awsSingleSignOn', 'AWS IAM Identity Center', 'AwsSso')],
  },
  {
    id: '4e6fcd2a-1e06-4f2c-93ea-5a2d7b0f6c21',
    name: 'Box',
    publisher: 'Box, Inc.',
    description: 'Secure content management and collaboration.',
    home: 'https://www.box.com/',
    categories: ['collaboration', 'contentManagement'],
    sso: ['saml', 'password'],
    sync: [
      {
        id: 'BoxOutDelta',
        factoryTag: 'box',
        requiredSecrets: ['SecretToken'],
        targetName: 'Box',
        errorPrefix: 'Box',
        objects: USERS_AND_GROUPS,
        direction: 'outbound',
      },
    ],
  },
  {
    id: '2b6b1c0e-7f43-4a5e-8b2d-3c1f9e0a7d31',
    name: 'Slack',
    publisher: 'Slack Technologies',
    description: 'Messaging for teams.',
    home: 'https://slack.com/',
    categories: ['collaboration', 'productivity'],
    sso: ['saml'],
    sync: [
      {
        id: 'slack',
        factoryTag: 'slack',
        requiredSecrets: ['SecretToken'],
        targetName: 'Slack',
        errorPrefix: 'Slack',
        objects: USERS_AND_GROUPS,
        direction: 'outbound',
      },
    ],
  },
  {
    id: '7d1e5c3a-2f8b-4e6d-9c0a-1b3e5f7a9c41',
    name: 'Azure Databricks SCIM Provisioning Connector',
    publisher: 'Databricks',
    home: 'https://databricks.com/',
    categories: ['developerServices', 'dataServices'],
    sso: ['notSupported'],
    sync: [scim('dataBricks', 'Databricks', 'DataBricks')],
  },
  {
    id: '3c8a2e1f-5b7d-4f9a-8e2c-6d4b1a3f5e51',
    name: 'ServiceNow',
    publisher: 'ServiceNow',
    description: 'IT service management.',
    home: 'https://www.servicenow.com/',
    categories: ['itInfrastructure', 'productivity'],
    sso: ['saml', 'password'],
    sync: [
      {
        id: 'ServiceNowOutDelta',
        factoryTag: 'serviceNow',
        requiredSecrets: ['InstanceName', 'UserName', 'Password'],
        targetName: 'ServiceNow',
        errorPrefix: 'ServiceNow',
        objects: USERS_AND_GROUPS,
        direction: 'outbound',
      },
    ],
  },
  {
    id: '5f2d8b4c-9e1a-4c7f-b3d5-8a6e2c4f1b61',
    name: 'Salesforce',
    publisher: 'Salesforce',
    description: 'Customer relationship management.',
    home: 'https://www.salesforce.com/',
    categories: ['crm', 'sales'],
    sso: ['saml', 'password'],
    sync: [
      {
        id: 'salesforce',
        factoryTag: 'salesforce',
        requiredSecrets: ['UserName', 'Password', 'SecretToken'],
        targetName: 'Salesforce',
        errorPrefix: 'Salesforce',
        objects: USERS,
        direction: 'outbound',
      },
    ],
  },
  {
    id: '8b4e1d7a-3c5f-4a2e-9d6b-1f8c3e5a7b71',
    name: 'Zoom',
    publisher: 'Zoom Video Communications',
    home: 'https://zoom.us/',
    categories: ['collaboration', 'communication'],
    sso: ['saml'],
    sync: [scim('zoom', 'Zoom', 'Zoom', USERS)],
  },
  {
    id: '1a7c3e9b-5d2f-4b8a-a6c4-2e9f1b7d3a81',
    name: 'GitHub Enterprise Managed User',
    publisher: 'GitHub, Inc.',
    home: 'https://github.com/',
    categories: ['developerServices'],
    sso: ['saml', 'oidc'],
    sync: [scim('gitHubEnterpriseManagedUser', 'GitHub Enterprise Managed User', 'GitHub')],
  },
  {
    id: '6e3b9d1f-7a4c-4e2b-8f5d-3a1c7e9b5d91',
    name: 'Atlassian Cloud',
    publisher: 'Atlassian',
    description: 'Jira, Confluence and the rest of the Atlassian cloud.',
    home: 'https://www.atlassian.com/',
    categories: ['collaboration', 'developerServices', 'projectManagement'],
    sso: ['saml'],
    sync: [scim('atlassianCloud', 'Atlassian Cloud', 'Atlassian')],
  },
  {
    id: '0d9f5b3a-1c7e-4d4a-b2f8-5e3a9c1d7f02',
    name: 'Workday to Microsoft Entra user provisioning',
    publisher: 'Workday',
    home: 'https://www.workday.com/',
    categories: ['humanResources'],
    sso: ['notSupported'],
    sync: [
      {
        id: 'workdayInbound',
        factoryTag: 'workday',
        requiredSecrets: ['BaseAddress', 'UserName', 'Password'],
        targetName: 'Workday',
        errorPrefix: 'Workday',
        objects: [{ source: 'User', target: 'User' }],
        direction: 'inbound',
      },
    ],
  },
  {
    id: '0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c61',
    name: 'API-driven provisioning to Microsoft Entra ID',
    publisher: 'Microsoft',
    description: 'Provision users from any system of record through the bulkUpload API.',
    home: 'https://learn.microsoft.com/entra/identity/app-provisioning/inbound-provisioning-api-concepts',
    categories: ['humanResources'],
    sso: ['notSupported'],
    sync: [
      {
        id: 'API2AAD',
        factoryTag: 'API2AAD',
        requiredSecrets: [],
        targetName: 'API',
        errorPrefix: 'ApiDrivenProvisioning',
        objects: [{ source: 'User', target: 'User' }],
        direction: 'inbound',
        bulkUpload: true,
      },
    ],
  },
  {
    id: 'c4a2e8f6-3b1d-4f7c-9a5e-7d3f1b9c5a12',
    name: 'Dropbox Business',
    publisher: 'Dropbox',
    home: 'https://www.dropbox.com/business',
    categories: ['contentManagement', 'collaboration'],
    sso: ['saml'],
    sync: [scim('dropboxBusiness', 'Dropbox Business', 'Dropbox')],
  },
  {
    id: 'e1b7d3f9-5a2c-4e8b-a4d6-9f5b3d1a7c22',
    name: 'Google Cloud / G Suite Connector by Microsoft',
    publisher: 'Google',
    home: 'https://workspace.google.com/',
    categories: ['productivity', 'collaboration'],
    sso: ['saml'],
    sync: [
      {
        id: 'gsuite',
        factoryTag: 'GoogleApps',
        requiredSecrets: ['SecretToken', 'Domain'],
        targetName: 'Google Workspace',
        errorPrefix: 'Google',
        objects: USERS_AND_GROUPS,
        direction: 'outbound',
      },
    ],
  },
  {
    id: 'a5c1e7b3-9d4f-4a6c-b8e2-1f7d3b9a5c32',
    name: 'Zscaler Internet Access',
    publisher: 'Zscaler',
    home: 'https://www.zscaler.com/',
    categories: ['security'],
    sso: ['saml'],
    sync: [scim('zscaler', 'Zscaler', 'Zscaler')],
  },
  {
    id: 'b9e5a1c7-3f2d-4b8e-a6c4-5d1f9b3e7a42',
    name: 'Cisco Webex',
    publisher: 'Cisco',
    home: 'https://www.webex.com/',
    categories: ['collaboration', 'communication'],
    sso: ['saml'],
    sync: [scim('webex', 'Cisco Webex', 'Webex', USERS)],
  },
  {
    id: 'd3f9b5e1-7c4a-4d2f-b6e8-9a3c1f7d5b52',
    name: 'DocuSign',
    publisher: 'DocuSign',
    home: 'https://www.docusign.com/',
    categories: ['productivity', 'businessManagement'],
    sso: ['saml'],
    sync: [scim('docusign', 'DocuSign', 'DocuSign', USERS)],
  },
  {
    id: 'f7b3d9a5-1e6c-4f4b-a8d2-3c7e5a1b9d62',
    name: 'Adobe Identity Management (OIDC)',
    publisher: 'Adobe',
    home: 'https://www.adobe.com/',
    categories: ['productivity', 'design'],
    sso: ['oidc'],
    sync: [scim('adobeIdentityManagement', 'Adobe Identity Management', 'Adobe')],
  },
  {
    id: '2c8e4a6f-9b3d-4c1e-b5f7-7a9d3e5c1f72',
    name: 'Asana',
    publisher: 'Asana, Inc.',
    home: 'https://asana.com/',
    categories: ['projectManagement', 'productivity'],
    sso: ['saml'],
    sync: [scim('asana', 'Asana', 'Asana', USERS)],
  },
  {
    id: '4a6c2e8b-5f1d-4a3c-b9e7-1d5f3a9c7e82',
    name: 'Figma',
    publisher: 'Figma, Inc.',
    home: 'https://www.figma.com/',
    categories: ['design', 'collaboration'],
    sso: ['saml'],
    sync: [scim('figma', 'Figma', 'Figma', USERS)],
  },
  {
    id: '6c2a8e4d-1b7f-4e5a-a3c9-5f9b1d7e3a92',
    name: 'Smartsheet',
    publisher: 'Smartsheet Inc.',
    home: 'https://www.smartsheet.com/',
    categories: ['projectManagement', 'productivity'],
    sso: ['saml'],
    sync: [scim('smartsheet', 'Smartsheet', 'Smartsheet', USERS)],
  },
  {
    id: '8e4c6a2f-3d9b-4c7e-b1a5-9b3f5d1c7ea3',
    name: 'Tableau Cloud',
    publisher: 'Salesforce',
    home: 'https://www.tableau.com/',
    categories: ['businessIntelligence', 'dataServices'],
    sso: ['saml'],
    sync: [scim('tableauServer', 'Tableau Cloud', 'Tableau')],
  },
  {
    id: '1e7a3c9f-5b2d-4e8a-a6f4-3d1b7f9c5eb3',
    name: 'Miro',
    publisher: 'RealtimeBoard, Inc.',
    home: 'https://miro.com/',
    categories: ['collaboration', 'design'],
    sso: ['saml'],
    sync: [scim('miro', 'Miro', 'Miro')],
  },
  {
    id: '3a9e5c1b-7d4f-4a2e-b8c6-5f3d9b1e7ac3',
    name: 'Snowflake for Microsoft Entra ID',
    publisher: 'Snowflake',
    home: 'https://www.snowflake.com/',
    categories: ['dataServices', 'developerServices'],
    sso: ['saml'],
    sync: [scim('snowflake', 'Snowflake', 'Snowflake')],
  },
  {
    id: '5c1a7e3d-9f6b-4c4a-b2e8-7b5f1d3a9ed3',
    name: 'Zendesk',
    publisher: 'Zendesk',
    home: 'https://www.zendesk.com/',
    categories: ['customerService', 'crm'],
    sso: ['saml'],
    sync: [scim('zendesk', 'Zendesk', 'Zendesk')],
  },
  {
    id: '7e3c9a5f-1b8d-4e6c-a4a2-9d7b3f5c1ae3',
    name: 'SAP Cloud Identity Services',
    publisher: 'SAP',
    home: 'https://www.sap.com/',
    categories: ['businessManagement', 'humanResources'],
    sso: ['saml'],
    sync: [
      scim('sapCloudPlatformIdentityAuthenticationService', 'SAP Cloud Identity Services', 'Sap'),
    ],
  },
  {
    id: '9a5e1c7b-3d2f-4a8e-b6c4-1f9d5b3e7af3',
    name: 'Jamf Pro',
    publisher: 'Jamf',
    home: 'https://www.jamf.com/',
    categories: ['itInfrastructure', 'security'],
    sso: ['saml'],
    sync: [scim('jamfPro', 'Jamf Pro', 'Jamf')],
  },
  {
    id: 'b1c7e3a9-5f4d-4b2c-a8e6-3d1f7b5c9a04',
    name: 'LinkedIn Learning',
    publisher: 'LinkedIn',
    home: 'https://www.linkedin.com/learning/',
    categories: ['education'],
    sso: ['saml'],
    sync: [scim('linkedInLearning', 'LinkedIn Learning', 'LinkedIn', USERS)],
  },
  {
    id: '229946b9-a9fb-45b8-9531-efa47453ac9e',
    name: 'Azure AD SAML Toolkit',
    publisher: 'Microsoft Corporation',
    description: 'A test application for SAML single sign-on.',
    home: 'https://samltoolkit.azurewebsites.net/',
    categories: ['developerServices'],
    sso: ['saml'],
  },
  {
    id: 'd5a1f7c3-9e6b-4d4f-a2c8-5b7d1f3e9a14',
    name: 'Workplace from Meta',
    publisher: 'Meta',
    home: 'https://www.workplace.com/',
    categories: ['collaboration', 'communication'],
    sso: ['saml'],
    sync: [scim('workplaceByFacebook', 'Workplace from Meta', 'Workplace', USERS)],
  },
  {
    id: CUSTOM_APP_TEMPLATE_ID,
    name: 'Custom',
    publisher: 'Microsoft Corporation',
    description:
      'Any application that you build or that is not in the gallery: SAML or password single sign-on, and SCIM provisioning.',
    home: 'https://account.activedirectory.windowsazure.com:444/applications/default.aspx?metadata=customappsso|ISV9.1|primary|z',
    categories: [],
    sso: ['password', 'saml', 'notSupported'],
    sync: [
      {
        id: 'scim',
        factoryTag: 'CustomSCIM',
        requiredSecrets: SCIM,
        targetName: 'customappsso',
        errorPrefix: 'SystemForCrossDomainIdentityManagement',
        objects: USERS_AND_GROUPS,
        direction: 'outbound',
      },
    ],
  },
];

/** The gallery the fake serves, in a stable order. */
export const GALLERY: readonly GalleryApp[] = ENTRIES.map((e) => ({
  id: e.id,
  displayName: e.name,
  publisher: e.publisher,
  description: e.description ?? null,
  homePageUrl: e.home,
  categories: e.categories,
  supportedSingleSignOnModes: e.sso,
  sync: e.sync ?? [],
}));

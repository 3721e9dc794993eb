export * from './common.js';
export * from './provisioning-logs.js';
export * from './synchronization-schema.js';
export * from './synchronization.js';
export * from './application-template.js';
export * from './directory.js';
export * from './provision-on-demand.js';
export * from './directory-object.js';

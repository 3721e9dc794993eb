/**
 * What `ProvisioningClient.configureProvisioning(Many)` load on first use: the workflows stay out
 * of `import('entra-provisioning')` and, with code splitting, out of a bundle that never runs
 * them.
 */
export { configureProvisioning } from './configure.js';
export { configureProvisioningMany } from './many.js';
export { planProvisioning, planProvisioningMany } from './plan.js';
export { exportProvisioning } from './export.js';
export { provisioningHealth } from '../health/scan.js';

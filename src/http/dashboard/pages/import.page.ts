import type { Runtime } from '../../../runtime.js';
import type { DashboardRouter } from '../router.js';

// TODO(dashboard): the import pages; being written.
export function registerImportPages(_router: DashboardRouter, _runtime: Runtime): void {}

import type { Runtime } from '../../../runtime.js';
import type { DashboardRouter } from '../router.js';

// TODO(dashboard): the overview pages; being written.
export function registerOverviewPage(_router: DashboardRouter, _runtime: Runtime): void {}

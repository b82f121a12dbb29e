import type { Runtime } from '../../../runtime.js';
import type { DashboardRouter } from '../router.js';

// TODO(dashboard): the methods pages; being written.
export function registerMethodPages(_router: DashboardRouter, _runtime: Runtime): void {}

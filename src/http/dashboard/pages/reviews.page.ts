import type { Runtime } from '../../../runtime.js';
import type { DashboardRouter } from '../router.js';

// TODO(dashboard): the reviews pages; being written.
export function registerReviewPages(_router: DashboardRouter, _runtime: Runtime): void {}

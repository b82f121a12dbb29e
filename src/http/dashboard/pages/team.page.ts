import type { Runtime } from '../../../runtime.js';
import type { DashboardRouter } from '../router.js';

// TODO(dashboard): the team pages; being written.
export function registerTeamPages(_router: DashboardRouter, _runtime: Runtime): void {}

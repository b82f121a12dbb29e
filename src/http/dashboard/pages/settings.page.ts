import type { Runtime } from '../../../runtime.js';
import type { DashboardRouter } from '../router.js';

// TODO(dashboard): the settings pages; being written.
export function registerSettingsPages(_router: DashboardRouter, _runtime: Runtime): void {}

import type { Runtime } from '../../../runtime.js';
import type { DashboardRouter } from '../router.js';

// TODO(dashboard): the templates pages; being written.
export function registerTemplatePages(_router: DashboardRouter, _runtime: Runtime): void {}

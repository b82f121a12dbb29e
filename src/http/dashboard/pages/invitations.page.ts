import type { Runtime } from '../../../runtime.js';
import type { DashboardRouter } from '../router.js';

// TODO(dashboard): the invitations pages; being written.
export function registerInvitationPages(_router: DashboardRouter, _runtime: Runtime): void {}

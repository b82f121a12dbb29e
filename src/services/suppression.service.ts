import type { Kysely } from 'kysely';
import { normalizeEmail } from '../domain/invitations/fields.js';
import { suppressionScope, type SuppressionScope } from '../domain/invitations/suppression.js';
import { SuppressionRepository } from '../store/repositories/suppression.repository.js';
import type { Database, SuppressionRow } from '../store/schema.js';
import type { BusinessService } from './business.service.js';
import { iso } from './presenting.js';

/** A suppression as a business sees it. */
export interface SuppressionView {
  email: string;
  /** `all`: every business on this server (a global unsubscribe or a bounce), which this business cannot lift. */
  scope: SuppressionScope;
  /** True for a suppression of every business; the same as `scope === 'all'`, named for readers of the JSON. */
  global: boolean;
  reason: string;
  since: string;
}

export interface SuppressionServiceOptions {
  db: Kysely<Database>;
  businesses: BusinessService;
}

/** Addresses a business may not invite, and lifting its own suppressions. */
export class SuppressionService {
  private readonly suppressions: SuppressionRepository;

  constructor(private readonly options: SuppressionServiceOptions) {
    this.suppressions = new SuppressionRepository(options.db);
  }

  /**
   * The business's own suppressions and the server-wide ones of addresses it knows (invited or reviewed),
   * so whatever stops its mail is on its list; an address it never met stays private to the others.
   */
  async list(businessRef: string): Promise<SuppressionView[]> {
    return (await this.rows(businessRef)).map(presentSuppression);
  }

  async rows(businessRef: string): Promise<SuppressionRow[]> {
    const business = await this.options.businesses.row(businessRef);
    return this.suppressions.listForBusiness(business.id);
  }

  /** Lifts a suppression this business owns (a customer who asked to be invited again). */
  async remove(businessRef: string, email: string): Promise<boolean> {
    const business = await this.options.businesses.row(businessRef);
    return this.suppressions.remove(business.id, normalizeEmail(email));
  }
}

function presentSuppression(row: SuppressionRow): SuppressionView {
  const scope = suppressionScope(row.scope);
  return {
    email: row.email,
    scope,
    global: scope === 'all',
    reason: row.reason,
    since: iso(row.created_at),
  };
}

import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { VouchError } from '../errors.js';
import { PlanRepository } from '../store/repositories/plan.repository.js';
import type { Database } from '../store/schema.js';

export interface PlanView {
  name: string;
  /** Invitations per calendar month (UTC); null is unlimited. */
  monthlyCap: number | null;
}

/** Plans are the operator's: a name and a monthly cap. A business on a plan nobody defined is unlimited. */
export class PlanService {
  private readonly plans: PlanRepository;

  constructor(
    db: Kysely<Database>,
    private readonly clock: Clock,
  ) {
    this.plans = new PlanRepository(db);
  }

  async set(name: string, monthlyCap: number | null): Promise<PlanView> {
    const trimmed = name.trim();
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/.test(trimmed)) {
      throw new VouchError(
        'plan_invalid',
        'A plan name is 1 to 64 letters, digits, dots, dashes or underscores.',
        {
          field: 'name',
        },
      );
    }
    if (monthlyCap !== null && (!Number.isInteger(monthlyCap) || monthlyCap < 0)) {
      throw new VouchError('plan_invalid', 'The monthly cap is a whole number of invitations, 0 or more.', {
        field: 'monthlyCap',
      });
    }
    const now = this.clock.now().getTime();
    await this.plans.upsert({ name: trimmed, monthly_cap: monthlyCap, created_at: now, updated_at: now });
    return { name: trimmed, monthlyCap };
  }

  async list(): Promise<PlanView[]> {
    return (await this.plans.list()).map((row) => ({ name: row.name, monthlyCap: row.monthly_cap }));
  }
}

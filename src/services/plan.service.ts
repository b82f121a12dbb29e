import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { VouchError } from '../errors.js';
import { utcMonth } from '../domain/invitations/decisions.js';
import { InvitationRepository } from '../store/repositories/invitation.repository.js';
import { PlanRepository } from '../store/repositories/plan.repository.js';
import type { Database } from '../store/schema.js';

export interface PlanView {
  name: string;
  /** Invitations per calendar month (UTC); null is unlimited. */
  monthlyCap: number | null;
}

/** A business's plan and how much of this month's cap it has used. */
export interface PlanUsage extends PlanView {
  /** Invitations planned or sent for this UTC month: what the cap counts. */
  used: number;
  /** The UTC month counted, as ISO times: its first moment and the first of the next. */
  monthStart: string;
  monthEnd: string;
}

/** Plans are the operator's: a name and a monthly cap. A business on a plan nobody defined is unlimited. */
export class PlanService {
  private readonly plans: PlanRepository;
  private readonly invitations: InvitationRepository;

  constructor(
    db: Kysely<Database>,
    private readonly clock: Clock,
  ) {
    this.plans = new PlanRepository(db);
    this.invitations = new InvitationRepository(db);
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

  /**
   * The business's plan and its use this month, counted as the cap counts it: invitations scheduled, being
   * sent or sent whose send time falls in the current UTC month.
   */
  async usage(business: { id: string; plan: string }): Promise<PlanUsage> {
    const row = await this.plans.find(business.plan);
    const month = utcMonth(this.clock.now().getTime());
    const used = await this.invitations.countCountedSendingBetween(business.id, month.start, month.end);
    return {
      name: business.plan,
      monthlyCap: row?.monthly_cap ?? null,
      used,
      monthStart: new Date(month.start).toISOString(),
      monthEnd: new Date(month.end).toISOString(),
    };
  }
}

import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config.js';
import { openRuntime } from '../../src/runtime.js';

/**
 * The storage engine's ceiling for the work an invitation needs, as a benchmark's second baseline: the
 * statements Vouch runs for one new invitation (traced with better-sqlite3's `verbose` option), prepared
 * once, on a database of Vouch's own schema and indexes, with Vouch's pragmas. The distance between a
 * route built on these and Vouch's route is Vouch's own code (query building, validation, presenting);
 * the distance between these and a one-INSERT route is the data model (indexes, the event, the lookups).
 */
export class FunnelStatements {
  private readonly statements;

  constructor(readonly db: Database.Database) {
    this.statements = {
      business: db.prepare('select * from businesses where id = ?'),
      lock: db.prepare('update businesses set updated_at = updated_at where id = ?'),
      invitations: db.prepare('select * from invitations where business_id = ? and email in (?)'),
      suppressions: db.prepare('select * from suppressions where email in (?) and scope in (?, ?)'),
      cancellations: db.prepare(
        'select reference, reason, cancelled_at from order_cancellations where business_id = ? and reference in (?)',
      ),
      invitation: db.prepare(
        `insert into invitations (id, business_id, channel, kind, label, email, name, reference, locale,
           products, tags, template_id, sender_name, sender_email, reply_to, redirect_uri, token, import_id,
           status, reason, trigger_at, send_at, due_at, lease_owner, lease_until, attempts, sent_at, message_id,
           reminder_sent_at, reviewed_at, opened_at, clicked_at, created_at, updated_at)
         values (?, ?, ?, 'service', 'verified', ?, ?, ?, 'en-US', '[]', '[]', null, null, null, null, null, ?,
           null, 'scheduled', ?, ?, ?, ?, null, null, 0, null, null, null, null, null, null, ?, ?)`,
      ),
      event: db.prepare(
        "insert into invitation_events (invitation_id, business_id, type, at, detail) values (?, ?, 'scheduled', ?, ?)",
      ),
    };
  }

  business(id: string): { id: string; invitation_delay_days: number } | undefined {
    return this.statements.business.get(id) as { id: string; invitation_delay_days: number } | undefined;
  }

  /**
   * One new invitation as the funnel writes it, inside the caller's transaction: the business's lock, the
   * customer's invitations, suppressions and the order's cancellation, then the invitation and its event.
   */
  invite(input: {
    businessId: string;
    channel: string;
    email: string;
    name: string;
    reference: string;
    sendAt: number;
  }): string {
    const s = this.statements;
    const now = Date.now();
    const id = randomUUID();
    s.lock.run(input.businessId);
    s.invitations.all(input.businessId, input.email);
    s.suppressions.all(input.email, input.businessId, '*');
    s.cancellations.all(input.businessId, input.reference);
    const reason = `Scheduled for ${new Date(input.sendAt).toISOString()}.`;
    s.invitation.run(
      id,
      input.businessId,
      input.channel,
      input.email,
      input.name,
      input.reference,
      randomBytes(24).toString('base64url'),
      reason,
      now,
      input.sendAt,
      input.sendAt,
      now,
      now,
    );
    s.event.run(id, input.businessId, now, JSON.stringify({ channel: input.channel, reason }));
    return id;
  }
}

/** A data folder with a database of Vouch's schema and one business; `setup` adds what else the bench needs. */
export async function vouchSchemaDatabase<T>(
  setup: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>,
): Promise<{ db: Database.Database; made: T; remove: () => void }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vouch-bench-statements-'));
  const runtime = await openRuntime(loadConfig({ VOUCH_DATA_DIR: dataDir, VOUCH_LOG_LEVEL: 'silent' }));
  const made = await setup(runtime);
  await runtime.close();
  const db = new Database(path.join(dataDir, 'vouch.db'));
  // As src/store/db.ts opens it.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 20000');
  db.pragma('foreign_keys = ON');
  return {
    db,
    made,
    remove: () => {
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

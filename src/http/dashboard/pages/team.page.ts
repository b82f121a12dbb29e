import type { FastifyReply, FastifyRequest } from 'fastify';
import { VouchError } from '../../../errors.js';
import type { Runtime } from '../../../runtime.js';
import { ROLES, type Role } from '../../../services/account.service.js';
import { html, type SafeHtml } from '../../../views/html.js';
import { defineMessages } from '../messages.js';
import { formFields, type DashboardContext, type DashboardRouter } from '../router.js';
import { dashboardPage, field, formatTime, notice, postForm, select } from '../view.js';

const text = defineMessages(
  'team',
  {
    title: 'Team',
    intro:
      'Who can open this business’s dashboard. Owners can do everything, including keys, settings, templates and this page; members work with invitations, imports and reviews, use the link builder and doctor, and can read the rest.',
    'members.heading': 'Members',
    'members.person': 'Person',
    'members.role': 'Role',
    'members.since': 'Since',
    'members.actions': 'Change',
    'members.pending': 'Invited, has not chosen a password yet',
    'members.you': 'you',
    'role.owner': 'Owner',
    'role.member': 'Member',
    'role.label': 'Role of {email}',
    'role.submit': 'Change the role',
    'remove.submit': 'Remove {email}',
    'resend.submit': 'Send the invite again',
    'invite.heading': 'Invite someone',
    'invite.intro':
      'They get an email with a link to choose their password (or to log in, when they already have a Vouch account here). The link works for 7 days.',
    'invite.email': 'Email address',
    'invite.role': 'Role',
    'invite.submit': 'Send the invite',
    'done.invited': 'The invite is on its way to {email}.',
    'done.role': 'The role of {email} is changed.',
    'done.removed': '{email} is no longer in the team.',
    exists: '{email} is already in the team; change their role in the list instead.',
  },
  {
    'de-DE': {
      title: 'Team',
      'members.heading': 'Mitglieder',
      'role.owner': 'Inhaber',
      'role.member': 'Mitglied',
      'role.submit': 'Rolle ändern',
      'resend.submit': 'Einladung erneut senden',
      'invite.heading': 'Jemanden einladen',
      'invite.email': 'E-Mail-Adresse',
      'invite.role': 'Rolle',
      'invite.submit': 'Einladung senden',
    },
    'fr-FR': {
      title: 'Équipe',
      'members.heading': 'Membres',
      'role.owner': 'Propriétaire',
      'role.member': 'Membre',
      'role.submit': 'Changer le rôle',
      'resend.submit': 'Renvoyer l’invitation',
      'invite.heading': 'Inviter quelqu’un',
      'invite.email': 'Adresse e-mail',
      'invite.role': 'Rôle',
      'invite.submit': 'Envoyer l’invitation',
    },
    'es-ES': {
      title: 'Equipo',
      'members.heading': 'Miembros',
      'role.owner': 'Propietario',
      'role.member': 'Miembro',
      'role.submit': 'Cambiar el rol',
      'resend.submit': 'Reenviar la invitación',
      'invite.heading': 'Invitar a alguien',
      'invite.email': 'Correo electrónico',
      'invite.role': 'Rol',
      'invite.submit': 'Enviar la invitación',
    },
    'it-IT': {
      title: 'Team',
      'members.heading': 'Membri',
      'role.owner': 'Proprietario',
      'role.member': 'Membro',
      'invite.heading': 'Invita qualcuno',
      'invite.submit': 'Invia l’invito',
    },
    'nl-NL': {
      title: 'Team',
      'members.heading': 'Leden',
      'role.owner': 'Eigenaar',
      'role.member': 'Lid',
      'invite.heading': 'Iemand uitnodigen',
      'invite.submit': 'Uitnodiging versturen',
    },
    'da-DK': {
      'members.heading': 'Medlemmer',
      'role.owner': 'Ejer',
      'role.member': 'Medlem',
      'invite.heading': 'Invitér nogen',
      'invite.submit': 'Send invitationen',
    },
    'sv-SE': {
      'members.heading': 'Medlemmar',
      'role.owner': 'Ägare',
      'role.member': 'Medlem',
      'invite.heading': 'Bjud in någon',
      'invite.submit': 'Skicka inbjudan',
    },
    'nb-NO': {
      'members.heading': 'Medlemmer',
      'role.owner': 'Eier',
      'role.member': 'Medlem',
      'invite.heading': 'Inviter noen',
      'invite.submit': 'Send invitasjonen',
    },
    'fi-FI': {
      title: 'Tiimi',
      'members.heading': 'Jäsenet',
      'role.owner': 'Omistaja',
      'role.member': 'Jäsen',
      'invite.heading': 'Kutsu joku',
      'invite.submit': 'Lähetä kutsu',
    },
    'pl-PL': {
      title: 'Zespół',
      'members.heading': 'Członkowie',
      'role.owner': 'Właściciel',
      'role.member': 'Członek',
      'invite.heading': 'Zaproś kogoś',
      'invite.submit': 'Wyślij zaproszenie',
    },
    'pt-BR': {
      title: 'Equipe',
      'members.heading': 'Membros',
      'role.owner': 'Proprietário',
      'role.member': 'Membro',
      'invite.heading': 'Convidar alguém',
      'invite.submit': 'Enviar o convite',
    },
    'ja-JP': {
      title: 'チーム',
      'members.heading': 'メンバー',
      'role.owner': 'オーナー',
      'role.member': 'メンバー',
      'invite.heading': 'メンバーを招待',
      'invite.submit': '招待を送信',
    },
  },
);

type Form = Readonly<Record<string, string | undefined>>;

function fieldOf(form: Form, name: string, max = 400): string {
  return (form[name] ?? '').slice(0, max).trim();
}

/** A 4xx from the service is a message on the page; a 404 (a user of no membership here) is the page's own. */
function refusal(error: unknown): VouchError {
  if (error instanceof VouchError && error.status === 404) {
    throw new VouchError('not_found', 'There is no such page in your dashboard.');
  }
  if (error instanceof VouchError && error.status >= 400 && error.status < 500) return error;
  throw error;
}

type Member = Awaited<ReturnType<Runtime['accounts']['members']>>[number];

/**
 * The Team section, for owners only: the business's members and their roles, pending invites, inviting by
 * email, changing a role and removing someone. The last owner can be neither demoted nor removed.
 */
export function registerTeamPages(router: DashboardRouter, runtime: Runtime): void {
  const roleChoices = (t: ReturnType<typeof text.in>) =>
    ROLES.map((role: Role) => ({ value: role, label: t(`role.${role}`) }));

  const teamPage = async (
    context: DashboardContext,
    message: { ok?: string; error?: string } = {},
    typed: { email?: string; role?: string } = {},
  ): Promise<SafeHtml> => {
    const t = text.in(context.locale);
    const members = await runtime.accounts.members(context.business.id);
    const row = (member: Member) => html`<tr data-user-id="${member.userId}">
      <td>
        <strong>${member.name || member.email}</strong>
        ${member.userId === context.user.id ? html` <span class="muted">(${t('members.you')})</span>` : ''}
        ${member.name ? html`<br /><span class="muted">${member.email}</span>` : ''}
        ${member.pending ? html`<br /><span class="state-tag state-pending">${t('members.pending')}</span>` : ''}
      </td>
      <td>${t(`role.${member.role}`)}</td>
      <td>${formatTime(Date.parse(member.since), context.locale)}</td>
      <td class="team-actions">
        ${postForm(
          context,
          context.href(`team/${member.userId}/role`),
          html`${select({
            label: t('role.label', { email: member.email }),
            name: 'role',
            id: `role-${member.userId}`,
            value: member.role,
            choices: roleChoices(t),
          })}
            <button type="submit">${t('role.submit')}</button>`,
        )}
        ${
          member.pending
            ? postForm(
                context,
                context.href(`team/${member.userId}/resend`),
                html`<button type="submit">${t('resend.submit')}</button>`,
              )
            : ''
        }
        ${postForm(
          context,
          context.href(`team/${member.userId}/remove`),
          html`<button type="submit" class="danger">${t('remove.submit', { email: member.email })}</button>`,
        )}
      </td>
    </tr>`;
    return dashboardPage(context, {
      title: t('title'),
      active: 'team',
      body: html`<h1>${t('title')}</h1>
        <p>${t('intro')}</p>
        ${notice('ok', message.ok)} ${notice('error', message.error)}
        <section>
          <h2>${t('members.heading')}</h2>
          <table class="data team">
            <thead>
              <tr>
                <th scope="col">${t('members.person')}</th>
                <th scope="col">${t('members.role')}</th>
                <th scope="col">${t('members.since')}</th>
                <th scope="col">${t('members.actions')}</th>
              </tr>
            </thead>
            <tbody>
              ${members.map(row)}
            </tbody>
          </table>
        </section>
        <section class="card">
          <h2>${t('invite.heading')}</h2>
          <p>${t('invite.intro')}</p>
          ${postForm(
            context,
            context.href('team/invite'),
            html`${field({ label: t('invite.email'), name: 'email', type: 'email', required: true, value: typed.email })}
              ${select({ label: t('invite.role'), name: 'role', value: typed.role ?? 'member', choices: roleChoices(t) })}
              <button type="submit">${t('invite.submit')}</button>`,
          )}
        </section>`,
    });
  };

  /** The member of this business the path names; anyone else (another business's user included) is a 404. */
  const memberOf = async (context: DashboardContext, request: FastifyRequest): Promise<Member> => {
    const { userId } = request.params as { userId: string };
    const member = (await runtime.accounts.members(context.business.id)).find((m) => m.userId === userId);
    if (!member) throw new VouchError('not_found', 'There is no such page in your dashboard.');
    return member;
  };

  const invitedBy = (context: DashboardContext) => context.user.name || context.user.email;

  const done = (reply: FastifyReply, context: DashboardContext, what: string, email: string) =>
    reply.redirect(`${context.href('team')}?done=${what}&email=${encodeURIComponent(email)}`, 303);

  router.get('team', 'owner', async (request, _reply, context) => {
    const t = text.in(context.locale);
    const query = request.query as Record<string, unknown>;
    const email = typeof query.email === 'string' ? query.email.slice(0, 254) : '';
    const ok =
      query.done === 'invited'
        ? t('done.invited', { email })
        : query.done === 'role'
          ? t('done.role', { email })
          : query.done === 'removed'
            ? t('done.removed', { email })
            : undefined;
    return teamPage(context, { ok });
  });

  router.post('team/invite', 'owner', async (request, reply, context) => {
    const t = text.in(context.locale);
    const form = formFields(request);
    const email = fieldOf(form, 'email');
    const role = fieldOf(form, 'role', 20);
    try {
      const members = await runtime.accounts.members(context.business.id);
      // An invite of someone already here would change their role behind the last-owner check.
      if (members.some((member) => member.email === email.toLowerCase())) {
        throw new VouchError('team_member_exists', t('exists', { email }));
      }
      await runtime.accounts.invite(context.business.id, { email, role, invitedBy: invitedBy(context) });
    } catch (error) {
      const refused = refusal(error);
      reply.status(refused.status);
      return teamPage(context, { error: refused.message }, { email, role });
    }
    return done(reply, context, 'invited', email.toLowerCase());
  });

  router.post('team/:userId/resend', 'owner', async (request, reply, context) => {
    const member = await memberOf(context, request);
    await runtime.accounts.invite(context.business.id, {
      email: member.email,
      role: member.role,
      invitedBy: invitedBy(context),
    });
    return done(reply, context, 'invited', member.email);
  });

  router.post('team/:userId/role', 'owner', async (request, reply, context) => {
    const member = await memberOf(context, request);
    try {
      await runtime.accounts.setRole(
        context.business.id,
        member.userId,
        fieldOf(formFields(request), 'role', 20),
      );
    } catch (error) {
      const refused = refusal(error);
      reply.status(refused.status);
      return teamPage(context, { error: refused.message });
    }
    // An owner who made themselves a member may not see this page any more.
    if (member.userId === context.user.id && !context.user.operator) {
      const role = await runtime.accounts.roleIn(context.user, context.business.id);
      if (role !== 'owner') return reply.redirect(context.href(), 303);
    }
    return done(reply, context, 'role', member.email);
  });

  router.post('team/:userId/remove', 'owner', async (request, reply, context) => {
    const member = await memberOf(context, request);
    try {
      await runtime.accounts.removeMember(context.business.id, member.userId);
    } catch (error) {
      const refused = refusal(error);
      reply.status(refused.status);
      return teamPage(context, { error: refused.message });
    }
    if (member.userId === context.user.id && !context.user.operator) return reply.redirect('/app/', 303);
    return done(reply, context, 'removed', member.email);
  });
}

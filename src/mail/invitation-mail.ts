import { parseLocale, type Locale } from '../domain/locales.js';
import { renderTemplate, type TemplateText } from '../domain/templates/render.js';
import type { BusinessRow, InvitationRow } from '../store/schema.js';
import { escapeHtml } from '../shared/escape-html.js';
import { t, tCount } from '../i18n/index.js';
import type { OutgoingMail } from './transport.js';

/** The addresses an invitation email links to, all carrying the invitation's token. */
export function invitationLinks(publicUrl: URL, token: string) {
  const base = publicUrl.href.replace(/\/$/, '');
  return {
    review: `${base}/r/${token}`,
    star: (rating: number) => `${base}/r/${token}?rating=${rating}`,
    unsubscribe: `${base}/unsubscribe/${token}`,
    openPixel: `${base}/o/${token}.gif`,
  };
}

export function invitationLocale(invitation: InvitationRow, business: BusinessRow): Locale {
  return parseLocale(invitation.locale ?? '') ?? parseLocale(business.default_locale) ?? 'en-US';
}

export interface ComposeInput {
  invitation: InvitationRow;
  business: BusinessRow;
  template: TemplateText;
  locale: Locale;
  publicUrl: URL;
  /** The server's From address, when neither the invitation nor the business names one. */
  mailFrom: string;
  purpose: 'invitation' | 'reminder';
}

/**
 * Turns an invitation into the message the customer gets: the template filled in their language, a text
 * and an HTML part, a footer with the legal notice and the unsubscribe link, the one-click unsubscribe
 * headers of RFC 8058, and a Message-ID that stays the same when the message is retried.
 */
export function composeInvitationMail(input: ComposeInput): OutgoingMail {
  const { invitation, business, locale, publicUrl } = input;
  const links = invitationLinks(publicUrl, invitation.token);
  const legalNotice = business.legal_notice ?? t(locale, 'email.footer.legal', { business: business.name });
  const products = parseProducts(invitation.products);
  const rendered = renderTemplate(input.template, {
    name: invitation.name || t(locale, 'email.customerFallbackName'),
    companyIdentifier: business.name,
    link: links.review,
    starLinks: [links.star(1), links.star(2), links.star(3), links.star(4), links.star(5)],
    starLabels: [1, 2, 3, 4, 5].map((n) => tCount(locale, 'email.stars.label', n)) as [
      string,
      string,
      string,
      string,
      string,
    ],
    products,
    domainName: business.domain,
    order: invitation.reference,
    legalNotice,
  });
  const unsubscribeLine = t(locale, 'email.footer.unsubscribe', { url: links.unsubscribe });
  const templateHasNotice = input.template.body.includes('[LegalNotice]');
  const text = [
    rendered.text.trimEnd(),
    '',
    '-- ',
    ...(templateHasNotice ? [] : [legalNotice]),
    unsubscribeLine,
  ].join('\n');
  const footer =
    `<hr style="border:0;border-top:1px solid #ddd;margin:24px 0 12px">` +
    `<p style="color:#666;font-size:12px">${templateHasNotice ? '' : `${escapeHtml(legalNotice)}<br>`}` +
    `<a href="${escapeHtml(links.unsubscribe)}" style="color:#666">${escapeHtml(unsubscribeLine)}</a></p>` +
    (business.track_opens === 1
      ? `<img src="${escapeHtml(links.openPixel)}" width="1" height="1" alt="">`
      : '');
  const html = rendered.html.replace('</body>', `${footer}</body>`);
  const host = publicUrl.hostname;
  return {
    from: {
      name: invitation.sender_name ?? business.sender_name ?? business.name,
      address: invitation.sender_email ?? business.sender_email ?? input.mailFrom,
    },
    to: { name: invitation.name, address: invitation.email },
    replyTo: invitation.reply_to ?? business.reply_to ?? undefined,
    subject: rendered.subject,
    text,
    html,
    messageId: `${input.purpose}-${invitation.id}@${host}`,
    headers: {
      'List-Unsubscribe': `<${links.unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Auto-Submitted': 'auto-generated',
      'X-Vouch-Invitation': invitation.id,
    },
  };
}

function parseProducts(json: string): { name: string; sku: string }[] {
  try {
    const products = JSON.parse(json) as { name?: string; sku: string }[];
    return products.map((product) => ({ name: product.name ?? '', sku: product.sku }));
  } catch {
    return [];
  }
}

import type { Locale } from '../domain/locales.js';

/**
 * What a reviewer reads when a business moderates their review: the email that says it was hidden and
 * why, the page its link opens, and the heading of the business's public reply. Kept apart from the
 * review pages' catalogs (`catalogs/*.ts`) because the dashboard added them; English is complete and a
 * locale without a key falls back to English for that key.
 */
const ENGLISH = {
  'reply.heading': 'Reply from {business}',
  'hidden.title': 'Your review of {business} is hidden',
  'hidden.body': '{business} hid your review from its public review page on {date}.',
  'hidden.reason': 'The reason {business} gave:',
  'hidden.yourReview': 'Your review',
  'hidden.published': 'Your review is published again: {business} has put it back on its public page.',
  'hidden.contact': 'If you disagree, contact {business}: hiding a review is their decision.',
  'email.subject': 'Your review of {business} is hidden',
  'email.greeting': 'Hello {name},',
  'email.body': '{business} has hidden your review “{title}” from its public review page.',
  'email.reason': 'Their reason: {reason}',
  'email.link': 'You can read the reason beside your review here: {link}',
} as const;

export type ModerationKey = keyof typeof ENGLISH;

const TRANSLATIONS: Partial<Record<Locale, Partial<Record<ModerationKey, string>>>> = {
  'de-DE': {
    'reply.heading': 'Antwort von {business}',
    'hidden.title': 'Ihre Bewertung von {business} ist ausgeblendet',
    'hidden.body': '{business} hat Ihre Bewertung am {date} von der öffentlichen Bewertungsseite genommen.',
    'hidden.reason': 'Die Begründung von {business}:',
    'hidden.yourReview': 'Ihre Bewertung',
    'hidden.published': 'Ihre Bewertung ist wieder veröffentlicht: {business} zeigt sie wieder öffentlich.',
    'hidden.contact': 'Wenn Sie nicht einverstanden sind, wenden Sie sich an {business}.',
    'email.subject': 'Ihre Bewertung von {business} ist ausgeblendet',
    'email.greeting': 'Hallo {name},',
    'email.body': '{business} hat Ihre Bewertung „{title}“ von der öffentlichen Bewertungsseite genommen.',
    'email.reason': 'Begründung: {reason}',
    'email.link': 'Hier lesen Sie die Begründung neben Ihrer Bewertung: {link}',
  },
  'fr-FR': {
    'reply.heading': 'Réponse de {business}',
    'hidden.title': 'Votre avis sur {business} est masqué',
    'hidden.body': '{business} a retiré votre avis de sa page publique le {date}.',
    'hidden.reason': 'La raison donnée par {business} :',
    'hidden.yourReview': 'Votre avis',
    'hidden.published': 'Votre avis est de nouveau publié : {business} l’a remis sur sa page publique.',
    'hidden.contact': 'Si vous n’êtes pas d’accord, contactez {business}.',
    'email.subject': 'Votre avis sur {business} est masqué',
    'email.greeting': 'Bonjour {name},',
    'email.body': '{business} a retiré votre avis « {title} » de sa page publique.',
    'email.reason': 'Raison : {reason}',
    'email.link': 'Lisez la raison à côté de votre avis ici : {link}',
  },
  'es-ES': {
    'reply.heading': 'Respuesta de {business}',
    'hidden.title': 'Tu opinión sobre {business} está oculta',
    'hidden.body': '{business} retiró tu opinión de su página pública el {date}.',
    'hidden.reason': 'El motivo que dio {business}:',
    'hidden.yourReview': 'Tu opinión',
    'hidden.published': 'Tu opinión vuelve a estar publicada: {business} la ha devuelto a su página pública.',
    'hidden.contact': 'Si no estás de acuerdo, ponte en contacto con {business}.',
    'email.subject': 'Tu opinión sobre {business} está oculta',
    'email.greeting': 'Hola, {name}:',
    'email.body': '{business} ha retirado tu opinión «{title}» de su página pública.',
    'email.reason': 'Motivo: {reason}',
    'email.link': 'Lee el motivo junto a tu opinión aquí: {link}',
  },
  'it-IT': {
    'reply.heading': 'Risposta di {business}',
    'hidden.title': 'La tua recensione di {business} è nascosta',
    'hidden.body': '{business} ha tolto la tua recensione dalla sua pagina pubblica il {date}.',
    'hidden.reason': 'Il motivo indicato da {business}:',
    'hidden.yourReview': 'La tua recensione',
    'hidden.published': 'La tua recensione è di nuovo pubblicata: {business} l’ha rimessa sulla sua pagina.',
    'hidden.contact': 'Se non sei d’accordo, contatta {business}.',
    'email.subject': 'La tua recensione di {business} è nascosta',
    'email.greeting': 'Ciao {name},',
    'email.body': '{business} ha tolto la tua recensione «{title}» dalla sua pagina pubblica.',
    'email.reason': 'Motivo: {reason}',
    'email.link': 'Leggi il motivo accanto alla tua recensione qui: {link}',
  },
  'nl-NL': {
    'reply.heading': 'Reactie van {business}',
    'hidden.title': 'Uw beoordeling van {business} is verborgen',
    'hidden.body': '{business} heeft uw beoordeling op {date} van de openbare pagina gehaald.',
    'hidden.reason': 'De reden die {business} gaf:',
    'hidden.yourReview': 'Uw beoordeling',
    'hidden.published': 'Uw beoordeling is weer gepubliceerd: {business} toont haar weer openbaar.',
    'hidden.contact': 'Bent u het er niet mee eens? Neem contact op met {business}.',
    'email.subject': 'Uw beoordeling van {business} is verborgen',
    'email.greeting': 'Hallo {name},',
    'email.body': '{business} heeft uw beoordeling ‘{title}’ van de openbare pagina gehaald.',
    'email.reason': 'Reden: {reason}',
    'email.link': 'Lees de reden naast uw beoordeling hier: {link}',
  },
  'da-DK': {
    'reply.heading': 'Svar fra {business}',
    'hidden.title': 'Din anmeldelse af {business} er skjult',
    'hidden.body': '{business} fjernede din anmeldelse fra sin offentlige side den {date}.',
    'hidden.reason': 'Begrundelsen fra {business}:',
    'hidden.yourReview': 'Din anmeldelse',
    'hidden.published': 'Din anmeldelse er offentliggjort igen.',
    'hidden.contact': 'Er du uenig, så kontakt {business}.',
    'email.subject': 'Din anmeldelse af {business} er skjult',
    'email.greeting': 'Hej {name}',
    'email.body': '{business} har fjernet din anmeldelse “{title}” fra sin offentlige side.',
    'email.reason': 'Begrundelse: {reason}',
    'email.link': 'Læs begrundelsen ved din anmeldelse her: {link}',
  },
  'sv-SE': {
    'reply.heading': 'Svar från {business}',
    'hidden.title': 'Ditt omdöme om {business} är dolt',
    'hidden.body': '{business} tog bort ditt omdöme från sin offentliga sida den {date}.',
    'hidden.reason': 'Skälet som {business} angav:',
    'hidden.yourReview': 'Ditt omdöme',
    'hidden.published': 'Ditt omdöme är publicerat igen.',
    'hidden.contact': 'Om du inte håller med, kontakta {business}.',
    'email.subject': 'Ditt omdöme om {business} är dolt',
    'email.greeting': 'Hej {name},',
    'email.body': '{business} har tagit bort ditt omdöme ”{title}” från sin offentliga sida.',
    'email.reason': 'Skäl: {reason}',
    'email.link': 'Läs skälet bredvid ditt omdöme här: {link}',
  },
  'nb-NO': {
    'reply.heading': 'Svar fra {business}',
    'hidden.title': 'Anmeldelsen din av {business} er skjult',
    'hidden.body': '{business} fjernet anmeldelsen din fra den offentlige siden {date}.',
    'hidden.reason': 'Begrunnelsen fra {business}:',
    'hidden.yourReview': 'Anmeldelsen din',
    'hidden.published': 'Anmeldelsen din er publisert igjen.',
    'hidden.contact': 'Er du uenig, kontakt {business}.',
    'email.subject': 'Anmeldelsen din av {business} er skjult',
    'email.greeting': 'Hei {name},',
    'email.body': '{business} har fjernet anmeldelsen din «{title}» fra den offentlige siden.',
    'email.reason': 'Begrunnelse: {reason}',
    'email.link': 'Les begrunnelsen ved anmeldelsen din her: {link}',
  },
  'fi-FI': {
    'reply.heading': 'Vastaus yritykseltä {business}',
    'hidden.title': 'Arviosi yrityksestä {business} on piilotettu',
    'hidden.body': '{business} poisti arviosi julkiselta sivultaan {date}.',
    'hidden.reason': 'Syy, jonka {business} antoi:',
    'hidden.yourReview': 'Arviosi',
    'hidden.published': 'Arviosi on taas julkaistu.',
    'hidden.contact': 'Jos olet eri mieltä, ota yhteyttä: {business}.',
    'email.subject': 'Arviosi yrityksestä {business} on piilotettu',
    'email.greeting': 'Hei {name},',
    'email.body': '{business} on poistanut arviosi ”{title}” julkiselta sivultaan.',
    'email.reason': 'Syy: {reason}',
    'email.link': 'Lue syy arviosi vierestä täältä: {link}',
  },
  'pl-PL': {
    'reply.heading': 'Odpowiedź firmy {business}',
    'hidden.title': 'Twoja opinia o firmie {business} jest ukryta',
    'hidden.body': 'Firma {business} usunęła Twoją opinię ze swojej strony publicznej {date}.',
    'hidden.reason': 'Powód podany przez firmę {business}:',
    'hidden.yourReview': 'Twoja opinia',
    'hidden.published': 'Twoja opinia jest znowu opublikowana.',
    'hidden.contact': 'Jeśli się nie zgadzasz, skontaktuj się z firmą {business}.',
    'email.subject': 'Twoja opinia o firmie {business} jest ukryta',
    'email.greeting': 'Dzień dobry {name},',
    'email.body': 'Firma {business} usunęła Twoją opinię „{title}” ze swojej strony publicznej.',
    'email.reason': 'Powód: {reason}',
    'email.link': 'Powód obok swojej opinii przeczytasz tutaj: {link}',
  },
  'pt-BR': {
    'reply.heading': 'Resposta de {business}',
    'hidden.title': 'Sua avaliação de {business} está oculta',
    'hidden.body': '{business} retirou sua avaliação da página pública em {date}.',
    'hidden.reason': 'O motivo informado por {business}:',
    'hidden.yourReview': 'Sua avaliação',
    'hidden.published': 'Sua avaliação foi publicada de novo.',
    'hidden.contact': 'Se não concordar, entre em contato com {business}.',
    'email.subject': 'Sua avaliação de {business} está oculta',
    'email.greeting': 'Olá, {name},',
    'email.body': '{business} retirou sua avaliação “{title}” da página pública.',
    'email.reason': 'Motivo: {reason}',
    'email.link': 'Leia o motivo ao lado da sua avaliação aqui: {link}',
  },
  'ja-JP': {
    'reply.heading': '{business}からの返信',
    'hidden.title': '{business}へのレビューは非表示になりました',
    'hidden.body': '{business}は{date}にあなたのレビューを公開ページから非表示にしました。',
    'hidden.reason': '{business}が示した理由：',
    'hidden.yourReview': 'あなたのレビュー',
    'hidden.published': 'あなたのレビューは再び公開されています。',
    'hidden.contact': 'ご不明な点は{business}にお問い合わせください。',
    'email.subject': '{business}へのレビューは非表示になりました',
    'email.greeting': '{name} 様',
    'email.body': '{business}は、あなたのレビュー「{title}」を公開ページから非表示にしました。',
    'email.reason': '理由：{reason}',
    'email.link': '理由はこちらでレビューと一緒にご確認いただけます：{link}',
  },
};

const PLACEHOLDER = /\{(\w+)\}/g;

/**
 * A moderation message in `locale` (English where it has none), each `{name}` filled once from `params`.
 *
 * @example
 * moderationText('de-DE', 'reply.heading', { business: 'Bäckerei' }); // 'Antwort von Bäckerei'
 */
export function moderationText(
  locale: Locale,
  key: ModerationKey,
  params: Readonly<Record<string, string>> = {},
): string {
  const template = TRANSLATIONS[locale]?.[key] ?? ENGLISH[key];
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(params, name) ? (params[name] ?? whole) : whole,
  );
}

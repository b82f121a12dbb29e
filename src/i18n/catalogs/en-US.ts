/**
 * The source catalog: every message Vouch's review pages and emails show, in US English. Every other
 * catalog is typed `Catalog`, so a key missing there is a compile error; `test/unit/i18n` also checks that
 * no catalog has extra keys or empty texts and that every text keeps the placeholders of this one.
 *
 * For translators:
 * - `{name}` is filled in by the code (`t(locale, key, { name })`); numbers are formatted for the locale.
 *   Keep every `{name}` of the English text, spelled the same; the words around it may move.
 * - `[Name]`, `[CompanyIdentifier]`, `[Link]`, `[Stars]`, `[Products]`, `[DomainName]`, `[Order]` and
 *   `[LegalNotice]` in the `email.*` templates are the hosted platform's template placeholders
 *   (spec/compat.md §7). They are filled in when the email is sent and must stay verbatim, case and all.
 *   `[Stars]` and `[Products]` stand on a line of their own; `[LegalNotice]` ends the body.
 * - Keys ending in `.one`, `.few`, `.many` and `.other` are the plural forms of one message, picked by
 *   `Intl.PluralRules` for the count (`tCount`). Every catalog has all four; a language without a form
 *   repeats its `.other` text there. The count is always `{count}`.
 * - `{business}` is the business's name as it registered it; it is never inflected, so languages with
 *   cases put it in apposition ("firmy {business}", "yrityksestä {business}").
 */
export const enUS = {
  'common.skipToContent': 'Skip to main content',
  'common.poweredBy': 'Reviews collected with Vouch',
  'common.backToBusiness': 'Back to {business}',

  'form.title': 'Review {business}',
  'form.heading': 'How was your experience with {business}?',
  'form.intro': 'Your honest review helps other customers choose and helps {business} get better.',
  'form.rating.legend': 'Your overall rating',
  'form.rating.star1': 'Bad',
  'form.rating.star2': 'Poor',
  'form.rating.star3': 'Average',
  'form.rating.star4': 'Great',
  'form.rating.star5': 'Excellent',
  'form.rating.starLabel': '{n} of 5 stars',
  'form.reviewTitle.label': 'Title',
  'form.reviewTitle.placeholder': 'Sum up your experience in a few words',
  'form.reviewText.label': 'Your review',
  'form.reviewText.placeholder': 'What did you like? What could have been better?',
  'form.reviewText.hint': 'Between {min} and {max} characters.',
  'form.product.legend': 'How would you rate {product}?',
  'form.submit': 'Submit review',
  'form.update': 'Update review',
  'form.editNote': 'You reviewed this on {date}. You can change your review below.',
  'form.error.summary': 'Please check the fields marked below.',
  'form.error.ratingRequired': 'Please choose a star rating.',
  'form.error.ratingRange': 'Please choose a rating from 1 to 5 stars.',
  'form.error.titleRequired': 'Please give your review a title.',
  'form.error.titleTooLong': 'Please keep the title to {max} characters or fewer.',
  'form.error.textTooShort': 'Please write at least {min} characters.',
  'form.error.textTooLong': 'Please keep your review to {max} characters or fewer.',
  'form.error.productRatingInvalid': 'Please rate each product from 1 to 5 stars.',
  'form.error.sessionExpired': 'The form expired. Please submit it again.',
  'form.error.rateLimited': 'Too many submissions from your network. Please wait a minute and try again.',

  'thanks.title': 'Thank you',
  'thanks.heading': 'Thank you for your review',
  'thanks.body':
    'We have received your review of {business}. It helps other customers make the right choice.',
  'thanks.editLink': 'Edit your review',
  'thanks.seeAll': 'See all reviews of {business}',

  'linkError.title': 'This link cannot be used',
  'linkError.body':
    'The link may be incomplete or may have been changed. Please ask {business} for a new invitation.',
  'linkError.bodyGeneric':
    'The link may be incomplete or may have been changed. Please ask the business that sent it for a new invitation.',
  'notFound.title': 'Page not found',
  'notFound.body': 'There is no page at this address. Please check the link and try again.',

  'label.verified.text': 'Verified',
  'label.verified.description':
    'Verified review: the business’s own system sent the invitation automatically after a purchase.',
  'label.invited.text': 'Invited',
  'label.invited.description': 'Invited review: the business invited this customer manually.',
  'label.organic.text': 'Unprompted',
  'label.organic.description':
    'Unprompted review: written on the reviewer’s own initiative, with a confirmed email address.',

  'labelsPage.title': 'How reviews are labeled',
  'labelsPage.intro':
    'Every review on Vouch carries a label that shows how the reviewer came to write it. The label never depends on the rating.',
  'labelsPage.verified.heading': 'Verified',
  'labelsPage.verified.body':
    'The review came through an automatic invitation: the business’s own system sent it after a real purchase, for example by copying its order emails to Vouch, through Vouch’s API or a store integration, or with an encrypted or signed review link.',
  'labelsPage.invited.heading': 'Invited',
  'labelsPage.invited.body':
    'The business invited the customer manually, for example by uploading a customer list or typing in an email address.',
  'labelsPage.organic.heading': 'Unprompted (no label)',
  'labelsPage.organic.body':
    'The reviewer wrote the review on their own initiative, without an invitation, and confirmed their email address before it was published.',

  'public.title': 'Reviews of {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} out of 5',
  'public.reviewCount.one': '{count} review',
  'public.reviewCount.few': '{count} reviews',
  'public.reviewCount.many': '{count} reviews',
  'public.reviewCount.other': '{count} reviews',
  'public.basedOn.one': 'Based on {count} review',
  'public.basedOn.few': 'Based on {count} reviews',
  'public.basedOn.many': 'Based on {count} reviews',
  'public.basedOn.other': 'Based on {count} reviews',
  'public.distribution.heading': 'Rating breakdown',
  'public.distribution.row.one': '{count} star',
  'public.distribution.row.few': '{count} stars',
  'public.distribution.row.many': '{count} stars',
  'public.distribution.row.other': '{count} stars',
  'public.empty.heading': 'No reviews yet',
  'public.empty.body': 'Be the first to share your experience with {business}.',
  'public.writeReview': 'Write a review',
  'public.pagination.label': 'Review pages',
  'public.newer': 'Newer reviews',
  'public.older': 'Older reviews',
  'public.reviewedOn': 'Reviewed {date}',
  'public.reviewRating': 'Rated {n} out of 5 stars',
  'public.howLabelsWork': 'How labels work',
  'public.products': 'Products: {products}',

  'widget.reviewCount.one': '{count} review',
  'widget.reviewCount.few': '{count} reviews',
  'widget.reviewCount.many': '{count} reviews',
  'widget.reviewCount.other': '{count} reviews',
  'widget.readReviews': 'Read reviews on Vouch',
  'widget.seeReviews': 'See reviews',

  'organic.title': 'Write a review of {business}',
  'organic.intro':
    'Tell other customers about your experience with {business}. We’ll ask you to confirm your email address before your review is published.',
  'organic.email.label': 'Email address',
  'organic.email.hint': 'We’ll send you a confirmation link. Your address is never shown.',
  'organic.email.invalid': 'Please enter a valid email address, such as jane@example.com.',
  'organic.sendFailed':
    'We could not send the confirmation email just now. Please try again in a few minutes.',
  'organic.name.label': 'Your name',
  'organic.submit': 'Submit review',
  'organic.checkEmail.title': 'Check your email',
  'organic.checkEmail.body':
    'We’ve sent a confirmation link to {email}. Open it to publish your review. If you can’t find the email, check your spam folder.',
  'organic.confirmed.title': 'Your review is confirmed',
  'organic.confirmed.body':
    'Thank you for confirming your email address. Your review of {business} is now published.',
  'organic.confirmLinkInvalid.title': 'This confirmation link cannot be used',
  'organic.confirmLinkInvalid.body':
    'The link may be incomplete or may have expired. Please write your review again and we’ll send you a new link.',
  'organic.confirmationEmail.subject': 'Please confirm your review of {business}',
  'organic.confirmationEmail.body':
    'Hello,\n\nThank you for reviewing {business}. Please confirm your email address to publish your review:\n\n{link}\n\nIf you didn’t write this review, you can ignore this email and nothing will be published.',

  'unsubscribe.title': 'Unsubscribe',
  'unsubscribe.question': 'Stop review invitations from {business} to {email}?',
  'unsubscribe.business': 'Unsubscribe from {business}',
  'unsubscribe.all': 'Unsubscribe from every business on this Vouch server',
  'unsubscribe.done.title': 'You’re unsubscribed',
  'unsubscribe.done.business': 'You won’t receive any more review invitations from {business}.',
  'unsubscribe.done.all':
    'You won’t receive any more review invitations from any business on this Vouch server.',
  'unsubscribe.invalid.title': 'This unsubscribe link cannot be used',
  'unsubscribe.invalid.body':
    'The link may be incomplete or may have been changed. Please use the link in the most recent email you received.',

  'email.invitation.subject': 'How was your order from [CompanyIdentifier]?',
  'email.invitation.body':
    'Hi [Name],\n\nThank you for your order [Order] from [CompanyIdentifier]. We’d love to hear how it went. Just click a star to rate your experience:\n\n[Stars]\n\nOr write your review here: [Link]\n\nIt only takes a minute and helps other customers.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'What do you think of your purchase from [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Hi [Name],\n\nThank you for your order [Order] from [CompanyIdentifier]. What do you think of what you bought?\n\n[Products]\n\nPlease write a short review here: [Link]\n\nYour opinion helps other customers choose the right product.\n\n[LegalNotice]',
  'email.reminder.subject': 'Reminder: how was your order from [CompanyIdentifier]?',
  'email.reminder.body':
    'Hi [Name],\n\nWe recently asked how your order [Order] from [CompanyIdentifier] went. If you haven’t had the chance yet, we’d still love to hear from you:\n\n[Stars]\n\nOr write your review here: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Don’t want these emails? Unsubscribe: {url}',
  'email.footer.legal':
    'You received this email because you made a purchase from {business}. {business} uses Vouch to collect reviews.',
  'email.customerFallbackName': 'customer',
  'email.stars.label.one': '{count} star',
  'email.stars.label.few': '{count} stars',
  'email.stars.label.many': '{count} stars',
  'email.stars.label.other': '{count} stars',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof enUS;

/** A complete translation: every key of the source catalog, each a non-empty text. */
export type Catalog = Record<MessageKey, string>;

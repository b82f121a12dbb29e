import type { Catalog } from './en-US.js';

/**
 * French, formal ("vous"). `\u00a0` is the no-break space French typography puts before `?`, `!`, `:`
 * and `;`, so the sign never wraps onto a line of its own.
 */
export const frFR: Catalog = {
  'common.skipToContent': 'Aller au contenu principal',
  'common.poweredBy': 'Avis collectés avec Vouch',
  'common.backToBusiness': 'Retour à {business}',

  'form.title': 'Évaluer {business}',
  'form.heading': 'Comment s’est passée votre expérience avec {business}\u00a0?',
  'form.intro':
    'Votre avis sincère aide les autres clients à faire leur choix et permet à {business} de s’améliorer.',
  'form.rating.legend': 'Votre note globale',
  'form.rating.star1': 'Mauvais',
  'form.rating.star2': 'Médiocre',
  'form.rating.star3': 'Moyen',
  'form.rating.star4': 'Très bien',
  'form.rating.star5': 'Excellent',
  'form.rating.starLabel': 'Note de {n} sur 5',
  'form.reviewTitle.label': 'Titre',
  'form.reviewTitle.placeholder': 'Résumez votre expérience en quelques mots',
  'form.reviewText.label': 'Votre avis',
  'form.reviewText.placeholder': 'Qu’avez-vous apprécié\u00a0? Qu’est-ce qui aurait pu être mieux\u00a0?',
  'form.reviewText.hint': 'Entre {min} et {max} caractères.',
  'form.product.legend': 'Quelle note donneriez-vous à {product}\u00a0?',
  'form.submit': 'Envoyer mon avis',
  'form.update': 'Mettre à jour mon avis',
  'form.editNote': 'Vous avez donné votre avis le {date}. Vous pouvez le modifier ci-dessous.',
  'form.error.summary': 'Veuillez vérifier les champs indiqués ci-dessous.',
  'form.error.ratingRequired': 'Veuillez choisir une note.',
  'form.error.ratingRange': 'Veuillez choisir une note de 1 à 5 étoiles.',
  'form.error.titleRequired': 'Veuillez donner un titre à votre avis.',
  'form.error.titleTooLong': 'Le titre ne peut pas dépasser {max} caractères.',
  'form.error.textTooShort': 'Veuillez écrire au moins {min} caractères.',
  'form.error.textTooLong': 'Votre avis ne peut pas dépasser {max} caractères.',
  'form.error.productRatingInvalid': 'Veuillez noter chaque produit de 1 à 5 étoiles.',
  'form.error.sessionExpired': 'Le formulaire a expiré. Veuillez l’envoyer à nouveau.',
  'form.error.rateLimited':
    'Trop d’envois depuis votre réseau. Veuillez patienter une minute, puis réessayer.',

  'thanks.title': 'Merci',
  'thanks.heading': 'Merci pour votre avis',
  'thanks.body':
    'Nous avons bien reçu votre avis sur {business}. Il aidera d’autres clients à faire le bon choix.',
  'thanks.editLink': 'Modifier votre avis',
  'thanks.seeAll': 'Voir tous les avis sur {business}',

  'linkError.title': 'Ce lien ne peut pas être utilisé',
  'linkError.body':
    'Le lien est peut-être incomplet ou a peut-être été modifié. Veuillez demander une nouvelle invitation à {business}.',
  'linkError.bodyGeneric':
    'Le lien est peut-être incomplet ou a peut-être été modifié. Veuillez demander une nouvelle invitation à l’entreprise qui vous l’a envoyé.',
  'notFound.title': 'Page introuvable',
  'notFound.body': 'Aucune page ne correspond à cette adresse. Veuillez vérifier le lien et réessayer.',

  'label.verified.text': 'Vérifié',
  'label.verified.description':
    'Avis vérifié\u00a0: le système de l’entreprise a envoyé l’invitation automatiquement après un achat.',
  'label.invited.text': 'Sur invitation',
  'label.invited.description': 'Avis sur invitation\u00a0: l’entreprise a invité ce client manuellement.',
  'label.organic.text': 'Spontané',
  'label.organic.description':
    'Avis spontané\u00a0: rédigé à l’initiative de son auteur, avec une adresse e-mail confirmée.',

  'labelsPage.title': 'Comprendre les étiquettes des avis',
  'labelsPage.intro':
    'Chaque avis publié sur Vouch porte une étiquette qui indique comment il a été recueilli. L’étiquette ne dépend jamais de la note.',
  'labelsPage.verified.heading': 'Vérifié',
  'labelsPage.verified.body':
    'L’avis fait suite à une invitation automatique\u00a0: le système de l’entreprise l’a envoyée après un achat réel, par exemple en transmettant ses e-mails de commande à Vouch en copie, via l’API de Vouch ou une intégration avec sa boutique en ligne, ou au moyen d’un lien d’avis chiffré ou signé.',
  'labelsPage.invited.heading': 'Sur invitation',
  'labelsPage.invited.body':
    'L’entreprise a invité le client manuellement, par exemple en important un fichier de clients ou en saisissant une adresse e-mail.',
  'labelsPage.organic.heading': 'Spontané (sans étiquette)',
  'labelsPage.organic.body':
    'L’auteur a rédigé cet avis de sa propre initiative, sans invitation, et a confirmé son adresse e-mail avant sa publication.',

  'public.title': 'Avis sur {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} sur 5',
  'public.reviewCount.one': '{count} avis',
  'public.reviewCount.few': '{count} avis',
  'public.reviewCount.many': '{count} d’avis',
  'public.reviewCount.other': '{count} avis',
  'public.basedOn.one': 'D’après {count} avis',
  'public.basedOn.few': 'D’après {count} avis',
  'public.basedOn.many': 'D’après {count} d’avis',
  'public.basedOn.other': 'D’après {count} avis',
  'public.distribution.heading': 'Répartition des notes',
  'public.distribution.row.one': '{count} étoile',
  'public.distribution.row.few': '{count} étoiles',
  'public.distribution.row.many': '{count} d’étoiles',
  'public.distribution.row.other': '{count} étoiles',
  'public.empty.heading': 'Aucun avis pour le moment',
  'public.empty.body': 'Soyez le premier à partager votre expérience avec {business}.',
  'public.writeReview': 'Écrire un avis',
  'public.pagination.label': 'Pages d’avis',
  'public.newer': 'Avis plus récents',
  'public.older': 'Avis plus anciens',
  'public.reviewedOn': 'Avis du {date}',
  'public.reviewRating': 'Note\u00a0: {n} sur 5',
  'public.howLabelsWork': 'Comprendre les étiquettes',
  'public.products': 'Produits\u00a0: {products}',

  'widget.reviewCount.one': '{count} avis',
  'widget.reviewCount.few': '{count} avis',
  'widget.reviewCount.many': '{count} d’avis',
  'widget.reviewCount.other': '{count} avis',
  'widget.readReviews': 'Lire les avis sur Vouch',
  'widget.seeReviews': 'Voir les avis',

  'organic.title': 'Donner votre avis sur {business}',
  'organic.intro':
    'Partagez votre expérience avec {business}. Nous vous demanderons de confirmer votre adresse e-mail avant la publication de votre avis.',
  'organic.email.label': 'Adresse e-mail',
  'organic.email.hint': 'Nous vous enverrons un lien de confirmation. Votre adresse n’est jamais affichée.',
  'organic.email.invalid': 'Veuillez saisir une adresse e-mail valide, par exemple jane@example.com.',
  'organic.sendFailed':
    'Nous n’avons pas pu envoyer l’e-mail de confirmation pour le moment. Veuillez réessayer dans quelques minutes.',
  'organic.name.label': 'Votre nom',
  'organic.submit': 'Envoyer mon avis',
  'organic.checkEmail.title': 'Consultez votre boîte mail',
  'organic.checkEmail.body':
    'Nous avons envoyé un lien de confirmation à {email}. Ouvrez-le pour publier votre avis. Si vous ne trouvez pas l’e-mail, pensez à vérifier vos courriers indésirables.',
  'organic.confirmed.title': 'Votre avis est confirmé',
  'organic.confirmed.body':
    'Merci d’avoir confirmé votre adresse e-mail. Votre avis sur {business} est maintenant publié.',
  'organic.confirmLinkInvalid.title': 'Ce lien de confirmation ne peut pas être utilisé',
  'organic.confirmLinkInvalid.body':
    'Le lien est peut-être incomplet ou a expiré. Veuillez rédiger à nouveau votre avis\u00a0: nous vous enverrons un nouveau lien.',
  'organic.confirmationEmail.subject': 'Veuillez confirmer votre avis sur {business}',
  'organic.confirmationEmail.body':
    'Bonjour,\n\nMerci d’avoir donné votre avis sur {business}. Veuillez confirmer votre adresse e-mail pour publier votre avis\u00a0:\n\n{link}\n\nSi vous n’êtes pas l’auteur de cet avis, ignorez simplement cet e-mail\u00a0: rien ne sera publié.',

  'unsubscribe.title': 'Se désabonner',
  'unsubscribe.question':
    'Ne plus envoyer d’invitations à donner un avis de la part de {business} à {email}\u00a0?',
  'unsubscribe.business': 'Me désabonner de {business}',
  'unsubscribe.all': 'Me désabonner de toutes les entreprises de ce serveur Vouch',
  'unsubscribe.done.title': 'Votre désabonnement est confirmé',
  'unsubscribe.done.business':
    'Vous ne recevrez plus d’invitations à donner un avis de la part de {business}.',
  'unsubscribe.done.all':
    'Vous ne recevrez plus d’invitations à donner un avis de la part des entreprises de ce serveur Vouch.',
  'unsubscribe.invalid.title': 'Ce lien de désabonnement ne peut pas être utilisé',
  'unsubscribe.invalid.body':
    'Le lien est peut-être incomplet ou a peut-être été modifié. Veuillez utiliser le lien du dernier e-mail que vous avez reçu.',

  'email.invitation.subject': 'Comment s’est passée votre commande chez [CompanyIdentifier]\u00a0?',
  'email.invitation.body':
    'Bonjour [Name],\n\nMerci pour votre commande [Order] chez [CompanyIdentifier]. Nous aimerions savoir comment elle s’est passée. Cliquez simplement sur une étoile pour noter votre expérience\u00a0:\n\n[Stars]\n\nOu rédigez votre avis ici\u00a0: [Link]\n\nCela ne prend qu’une minute et aide les autres clients.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'Que pensez-vous de votre achat chez [CompanyIdentifier]\u00a0?',
  'email.productInvitation.body':
    'Bonjour [Name],\n\nMerci pour votre commande [Order] chez [CompanyIdentifier]. Que pensez-vous de vos articles\u00a0?\n\n[Products]\n\nDonnez votre avis en quelques mots ici\u00a0: [Link]\n\nVotre avis aide les autres clients à choisir le bon produit.\n\n[LegalNotice]',
  'email.reminder.subject':
    'Petit rappel\u00a0: comment s’est passée votre commande chez [CompanyIdentifier]\u00a0?',
  'email.reminder.body':
    'Bonjour [Name],\n\nNous vous avons récemment demandé comment s’était passée votre commande [Order] chez [CompanyIdentifier]. Si vous n’avez pas encore eu le temps de répondre, votre avis nous intéresse toujours\u00a0:\n\n[Stars]\n\nOu rédigez votre avis ici\u00a0: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe':
    'Vous ne souhaitez plus recevoir ces e-mails\u00a0? Désabonnez-vous\u00a0: {url}',
  'email.footer.legal':
    'Vous recevez cet e-mail car vous avez effectué un achat chez {business}. {business} utilise Vouch pour recueillir des avis.',
  // Reads "Bonjour Madame, Monsieur," in the default greeting: the usual neutral French address.
  'email.customerFallbackName': 'Madame, Monsieur',
  'email.stars.label.one': '{count} étoile',
  'email.stars.label.few': '{count} étoiles',
  'email.stars.label.many': '{count} d’étoiles',
  'email.stars.label.other': '{count} étoiles',
};

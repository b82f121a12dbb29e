import type { Catalog } from './en-US.js';

/** Dutch, formal ("u"). */
export const nlNL: Catalog = {
  'common.skipToContent': 'Naar de hoofdinhoud',
  'common.poweredBy': 'Reviews verzameld met Vouch',
  'common.backToBusiness': 'Terug naar {business}',

  'form.title': '{business} beoordelen',
  'form.heading': 'Hoe was uw ervaring met {business}?',
  'form.intro':
    'Uw eerlijke review helpt andere klanten bij hun keuze en helpt {business} om beter te worden.',
  'form.rating.legend': 'Uw algemene beoordeling',
  'form.rating.star1': 'Slecht',
  'form.rating.star2': 'Matig',
  'form.rating.star3': 'Gemiddeld',
  'form.rating.star4': 'Heel goed',
  'form.rating.star5': 'Uitstekend',
  'form.rating.starLabel': '{n} van de 5 sterren',
  'form.reviewTitle.label': 'Titel',
  'form.reviewTitle.placeholder': 'Vat uw ervaring in een paar woorden samen',
  'form.reviewText.label': 'Uw review',
  'form.reviewText.placeholder': 'Wat beviel u? Wat kon er beter?',
  'form.reviewText.hint': 'Tussen {min} en {max} tekens.',
  'form.product.legend': 'Hoe beoordeelt u {product}?',
  'form.submit': 'Review plaatsen',
  'form.update': 'Review bijwerken',
  'form.editNote': 'U hebt dit op {date} beoordeeld. Hieronder kunt u uw review wijzigen.',
  'form.error.summary': 'Controleer de hieronder gemarkeerde velden.',
  'form.error.ratingRequired': 'Kies een aantal sterren.',
  'form.error.ratingRange': 'Kies een beoordeling van 1 tot 5 sterren.',
  'form.error.titleRequired': 'Geef uw review een titel.',
  'form.error.titleTooLong': 'De titel mag maximaal {max} tekens lang zijn.',
  'form.error.textTooShort': 'Schrijf minimaal {min} tekens.',
  'form.error.textTooLong': 'Uw review mag maximaal {max} tekens lang zijn.',
  'form.error.productRatingInvalid': 'Geef elk product een beoordeling van 1 tot 5 sterren.',
  'form.error.sessionExpired': 'Het formulier is verlopen. Verstuur het nog een keer.',
  'form.error.rateLimited': 'Te veel inzendingen vanaf uw netwerk. Wacht een minuut en probeer het opnieuw.',

  'thanks.title': 'Bedankt',
  'thanks.heading': 'Bedankt voor uw review',
  'thanks.body':
    'We hebben uw review over {business} ontvangen. Daarmee helpt u andere klanten de juiste keuze te maken.',
  'thanks.editLink': 'Uw review bewerken',
  'thanks.seeAll': 'Alle reviews over {business} bekijken',

  'linkError.title': 'Deze link kan niet worden gebruikt',
  'linkError.body':
    'De link is mogelijk onvolledig of gewijzigd. Vraag {business} om een nieuwe uitnodiging.',
  'linkError.bodyGeneric':
    'De link is mogelijk onvolledig of gewijzigd. Vraag het bedrijf dat u de link stuurde om een nieuwe uitnodiging.',
  'notFound.title': 'Pagina niet gevonden',
  'notFound.body': 'Op dit adres staat geen pagina. Controleer de link en probeer het opnieuw.',

  'label.verified.text': 'Geverifieerd',
  'label.verified.description':
    'Geverifieerde review: het systeem van het bedrijf heeft de uitnodiging na een aankoop automatisch verstuurd.',
  'label.invited.text': 'Uitgenodigd',
  'label.invited.description': 'Uitgenodigde review: het bedrijf heeft deze klant handmatig uitgenodigd.',
  'label.organic.text': 'Spontaan',
  'label.organic.description':
    'Spontane review: op eigen initiatief geschreven, met een bevestigd e-mailadres.',

  'labelsPage.title': 'Zo worden reviews gelabeld',
  'labelsPage.intro':
    'Elke review op Vouch heeft een label dat laat zien hoe de review tot stand is gekomen. Het label hangt nooit af van de beoordeling.',
  'labelsPage.verified.heading': 'Geverifieerd',
  'labelsPage.verified.body':
    'De review kwam via een automatische uitnodiging: het systeem van het bedrijf verstuurde die na een echte aankoop, bijvoorbeeld door bestelmails in kopie naar Vouch te sturen, via de API van Vouch of een webwinkelkoppeling, of met een versleutelde of ondertekende reviewlink.',
  'labelsPage.invited.heading': 'Uitgenodigd',
  'labelsPage.invited.body':
    'Het bedrijf heeft de klant handmatig uitgenodigd, bijvoorbeeld door een klantenbestand te uploaden of een e-mailadres in te typen.',
  'labelsPage.organic.heading': 'Spontaan (geen label)',
  'labelsPage.organic.body':
    'De reviewer heeft de review op eigen initiatief geschreven, zonder uitnodiging, en vóór publicatie het e-mailadres bevestigd.',

  'public.title': 'Reviews over {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} van de 5',
  'public.reviewCount.one': '{count} review',
  'public.reviewCount.few': '{count} reviews',
  'public.reviewCount.many': '{count} reviews',
  'public.reviewCount.other': '{count} reviews',
  'public.basedOn.one': 'Gebaseerd op {count} review',
  'public.basedOn.few': 'Gebaseerd op {count} reviews',
  'public.basedOn.many': 'Gebaseerd op {count} reviews',
  'public.basedOn.other': 'Gebaseerd op {count} reviews',
  'public.distribution.heading': 'Verdeling van de beoordelingen',
  'public.distribution.row.one': '{count} ster',
  'public.distribution.row.few': '{count} sterren',
  'public.distribution.row.many': '{count} sterren',
  'public.distribution.row.other': '{count} sterren',
  'public.empty.heading': 'Nog geen reviews',
  'public.empty.body': 'Deel als eerste uw ervaring met {business}.',
  'public.writeReview': 'Schrijf een review',
  'public.pagination.label': 'Reviewpagina’s',
  'public.newer': 'Nieuwere reviews',
  'public.older': 'Oudere reviews',
  'public.reviewedOn': 'Beoordeeld op {date}',
  'public.reviewRating': 'Beoordeling: {n} van de 5 sterren',
  'public.howLabelsWork': 'Zo werken de labels',
  'public.products': 'Producten: {products}',

  'widget.reviewCount.one': '{count} review',
  'widget.reviewCount.few': '{count} reviews',
  'widget.reviewCount.many': '{count} reviews',
  'widget.reviewCount.other': '{count} reviews',
  'widget.readReviews': 'Lees reviews op Vouch',
  'widget.seeReviews': 'Bekijk reviews',

  'organic.title': 'Schrijf een review over {business}',
  'organic.intro':
    'Vertel andere klanten over uw ervaring met {business}. Voordat uw review wordt gepubliceerd, vragen we u uw e-mailadres te bevestigen.',
  'organic.email.label': 'E-mailadres',
  'organic.email.hint': 'We sturen u een bevestigingslink. Uw adres wordt nooit getoond.',
  'organic.email.invalid': 'Vul een geldig e-mailadres in, bijvoorbeeld jane@example.com.',
  'organic.sendFailed':
    'We konden de bevestigingsmail nu niet versturen. Probeer het over een paar minuten opnieuw.',
  'organic.name.label': 'Uw naam',
  'organic.submit': 'Review plaatsen',
  'organic.checkEmail.title': 'Controleer uw e-mail',
  'organic.checkEmail.body':
    'We hebben een bevestigingslink gestuurd naar {email}. Open de link om uw review te publiceren. Kunt u de e-mail niet vinden? Kijk dan ook in uw spammap.',
  'organic.confirmed.title': 'Uw review is bevestigd',
  'organic.confirmed.body':
    'Bedankt voor het bevestigen van uw e-mailadres. Uw review over {business} is nu gepubliceerd.',
  'organic.confirmLinkInvalid.title': 'Deze bevestigingslink kan niet worden gebruikt',
  'organic.confirmLinkInvalid.body':
    'De link is mogelijk onvolledig of verlopen. Schrijf uw review opnieuw, dan sturen we u een nieuwe link.',
  'organic.confirmationEmail.subject': 'Bevestig uw review over {business}',
  'organic.confirmationEmail.body':
    'Hallo,\n\nBedankt voor uw review over {business}. Bevestig uw e-mailadres om uw review te publiceren:\n\n{link}\n\nHebt u deze review niet geschreven? Dan kunt u deze e-mail negeren; er wordt dan niets gepubliceerd.',

  'unsubscribe.title': 'Afmelden',
  'unsubscribe.question': 'Geen reviewuitnodigingen van {business} meer naar {email} sturen?',
  'unsubscribe.business': 'Afmelden voor {business}',
  'unsubscribe.all': 'Afmelden voor alle bedrijven op deze Vouch-server',
  'unsubscribe.done.title': 'U bent afgemeld',
  'unsubscribe.done.business': 'U ontvangt geen reviewuitnodigingen meer van {business}.',
  'unsubscribe.done.all': 'U ontvangt geen reviewuitnodigingen meer van bedrijven op deze Vouch-server.',
  'unsubscribe.invalid.title': 'Deze afmeldlink kan niet worden gebruikt',
  'unsubscribe.invalid.body':
    'De link is mogelijk onvolledig of gewijzigd. Gebruik de link uit de meest recente e-mail die u hebt ontvangen.',

  'email.invitation.subject': 'Hoe was uw bestelling bij [CompanyIdentifier]?',
  'email.invitation.body':
    'Beste [Name],\n\nBedankt voor uw bestelling [Order] bij [CompanyIdentifier]. We horen graag hoe het is bevallen. Klik op een ster om uw ervaring te beoordelen:\n\n[Stars]\n\nOf schrijf hier uw review: [Link]\n\nHet kost maar een minuutje en helpt andere klanten.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'Wat vindt u van uw aankoop bij [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Beste [Name],\n\nBedankt voor uw bestelling [Order] bij [CompanyIdentifier]. Wat vindt u van uw aankoop?\n\n[Products]\n\nSchrijf hier een korte review: [Link]\n\nUw mening helpt andere klanten het juiste product te kiezen.\n\n[LegalNotice]',
  'email.reminder.subject': 'Herinnering: hoe was uw bestelling bij [CompanyIdentifier]?',
  'email.reminder.body':
    'Beste [Name],\n\nOnlangs vroegen we u hoe uw bestelling [Order] bij [CompanyIdentifier] is bevallen. Bent u er nog niet aan toegekomen? We horen nog steeds graag uw mening:\n\n[Stars]\n\nOf schrijf hier uw review: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Wilt u deze e-mails niet meer ontvangen? Afmelden: {url}',
  'email.footer.legal':
    'U ontvangt deze e-mail omdat u een aankoop hebt gedaan bij {business}. {business} gebruikt Vouch om reviews te verzamelen.',
  // Reads "Beste klant," in the default greeting.
  'email.customerFallbackName': 'klant',
  'email.stars.label.one': '{count} ster',
  'email.stars.label.few': '{count} sterren',
  'email.stars.label.many': '{count} sterren',
  'email.stars.label.other': '{count} sterren',
};

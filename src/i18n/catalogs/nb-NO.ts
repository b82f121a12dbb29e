import type { Catalog } from './en-US.js';

/** Norwegian Bokmål ("du", as Norwegian shops address their customers). Also served for `no` and `nn`. */
export const nbNO: Catalog = {
  'common.skipToContent': 'Gå til hovedinnholdet',
  'common.poweredBy': 'Anmeldelser samlet inn med Vouch',
  'common.backToBusiness': 'Tilbake til {business}',

  'form.title': 'Anmeld {business}',
  'form.heading': 'Hvordan var opplevelsen din med {business}?',
  'form.intro':
    'Den ærlige anmeldelsen din hjelper andre kunder med å velge og hjelper {business} med å bli bedre.',
  'form.rating.legend': 'Totalvurderingen din',
  'form.rating.star1': 'Dårlig',
  'form.rating.star2': 'Svak',
  'form.rating.star3': 'Middels',
  'form.rating.star4': 'Veldig bra',
  'form.rating.star5': 'Utmerket',
  'form.rating.starLabel': '{n} av 5 stjerner',
  'form.reviewTitle.label': 'Overskrift',
  'form.reviewTitle.placeholder': 'Oppsummer opplevelsen din med noen få ord',
  'form.reviewText.label': 'Anmeldelsen din',
  'form.reviewText.placeholder': 'Hva var bra? Hva kunne vært bedre?',
  'form.reviewText.hint': 'Mellom {min} og {max} tegn.',
  'form.product.legend': 'Hvordan vil du vurdere {product}?',
  'form.submit': 'Send anmeldelse',
  'form.update': 'Oppdater anmeldelse',
  'form.editNote': 'Du anmeldte dette den {date}. Du kan endre anmeldelsen din nedenfor.',
  'form.error.summary': 'Sjekk de merkede feltene nedenfor.',
  'form.error.ratingRequired': 'Velg antall stjerner.',
  'form.error.ratingRange': 'Velg en vurdering fra 1 til 5 stjerner.',
  'form.error.titleRequired': 'Gi anmeldelsen din en overskrift.',
  'form.error.titleTooLong': 'Overskriften kan ikke være lengre enn {max} tegn.',
  'form.error.textTooShort': 'Skriv minst {min} tegn.',
  'form.error.textTooLong': 'Anmeldelsen kan ikke være lengre enn {max} tegn.',
  'form.error.productRatingInvalid': 'Gi hvert produkt en vurdering fra 1 til 5 stjerner.',
  'form.error.sessionExpired': 'Skjemaet er utløpt. Send det inn på nytt.',
  'form.error.rateLimited': 'For mange innsendinger fra nettverket ditt. Vent et minutt og prøv igjen.',

  'thanks.title': 'Takk',
  'thanks.heading': 'Takk for anmeldelsen din',
  'thanks.body':
    'Vi har mottatt anmeldelsen din av {business}. Den hjelper andre kunder med å ta riktig valg.',
  'thanks.editLink': 'Rediger anmeldelsen din',
  'thanks.seeAll': 'Se alle anmeldelser av {business}',

  'linkError.title': 'Denne lenken kan ikke brukes',
  'linkError.body': 'Lenken kan være ufullstendig eller ha blitt endret. Be {business} om en ny invitasjon.',
  'linkError.bodyGeneric':
    'Lenken kan være ufullstendig eller ha blitt endret. Be bedriften som sendte den, om en ny invitasjon.',
  'notFound.title': 'Fant ikke siden',
  'notFound.body': 'Det finnes ingen side på denne adressen. Sjekk lenken og prøv igjen.',

  'label.verified.text': 'Verifisert',
  'label.verified.description':
    'Verifisert anmeldelse: bedriftens eget system sendte invitasjonen automatisk etter et kjøp.',
  'label.invited.text': 'Invitert',
  'label.invited.description': 'Invitert anmeldelse: bedriften inviterte denne kunden manuelt.',
  'label.organic.text': 'Uoppfordret',
  'label.organic.description':
    'Uoppfordret anmeldelse: skrevet på eget initiativ, med bekreftet e-postadresse.',

  'labelsPage.title': 'Slik merkes anmeldelser',
  'labelsPage.intro':
    'Hver anmeldelse på Vouch har en merking som viser hvordan den ble til. Merkingen avhenger aldri av vurderingen.',
  'labelsPage.verified.heading': 'Verifisert',
  'labelsPage.verified.body':
    'Anmeldelsen kom via en automatisk invitasjon: bedriftens eget system sendte den etter et ekte kjøp, for eksempel ved å sende kopi av ordre-e-postene sine til Vouch, via Vouchs API eller en nettbutikkintegrasjon, eller med en kryptert eller signert anmeldelseslenke.',
  'labelsPage.invited.heading': 'Invitert',
  'labelsPage.invited.body':
    'Bedriften inviterte kunden manuelt, for eksempel ved å laste opp en kundeliste eller skrive inn en e-postadresse.',
  'labelsPage.organic.heading': 'Uoppfordret (ingen merking)',
  'labelsPage.organic.body':
    'Personen skrev anmeldelsen på eget initiativ, uten invitasjon, og bekreftet e-postadressen sin før den ble publisert.',

  'public.title': 'Anmeldelser av {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} av 5',
  'public.reviewCount.one': '{count} anmeldelse',
  'public.reviewCount.few': '{count} anmeldelser',
  'public.reviewCount.many': '{count} anmeldelser',
  'public.reviewCount.other': '{count} anmeldelser',
  'public.basedOn.one': 'Basert på {count} anmeldelse',
  'public.basedOn.few': 'Basert på {count} anmeldelser',
  'public.basedOn.many': 'Basert på {count} anmeldelser',
  'public.basedOn.other': 'Basert på {count} anmeldelser',
  'public.distribution.heading': 'Fordeling av vurderinger',
  'public.distribution.row.one': '{count} stjerne',
  'public.distribution.row.few': '{count} stjerner',
  'public.distribution.row.many': '{count} stjerner',
  'public.distribution.row.other': '{count} stjerner',
  'public.empty.heading': 'Ingen anmeldelser ennå',
  'public.empty.body': 'Bli den første til å dele opplevelsen din med {business}.',
  'public.writeReview': 'Skriv en anmeldelse',
  'public.pagination.label': 'Sider med anmeldelser',
  'public.newer': 'Nyere anmeldelser',
  'public.older': 'Eldre anmeldelser',
  'public.reviewedOn': 'Anmeldt {date}',
  'public.reviewRating': 'Vurdering: {n} av 5 stjerner',
  'public.howLabelsWork': 'Slik fungerer merkingen',
  'public.products': 'Produkter: {products}',

  'widget.reviewCount.one': '{count} anmeldelse',
  'widget.reviewCount.few': '{count} anmeldelser',
  'widget.reviewCount.many': '{count} anmeldelser',
  'widget.reviewCount.other': '{count} anmeldelser',
  'widget.readReviews': 'Les anmeldelser på Vouch',
  'widget.seeReviews': 'Se anmeldelser',

  'organic.title': 'Skriv en anmeldelse av {business}',
  'organic.intro':
    'Fortell andre kunder om opplevelsen din med {business}. Før anmeldelsen publiseres, ber vi deg bekrefte e-postadressen din.',
  'organic.email.label': 'E-postadresse',
  'organic.email.hint': 'Vi sender deg en bekreftelseslenke. Adressen din vises aldri.',
  'organic.email.invalid': 'Skriv inn en gyldig e-postadresse, for eksempel jane@example.com.',
  'organic.sendFailed': 'Vi kunne ikke sende bekreftelses-e-posten akkurat nå. Prøv igjen om noen minutter.',
  'organic.name.label': 'Navnet ditt',
  'organic.submit': 'Send anmeldelse',
  'organic.checkEmail.title': 'Sjekk e-posten din',
  'organic.checkEmail.body':
    'Vi har sendt en bekreftelseslenke til {email}. Åpne lenken for å publisere anmeldelsen. Finner du ikke e-posten, kan du sjekke søppelpostmappen.',
  'organic.confirmed.title': 'Anmeldelsen din er bekreftet',
  'organic.confirmed.body':
    'Takk for at du bekreftet e-postadressen din. Anmeldelsen din av {business} er nå publisert.',
  'organic.confirmLinkInvalid.title': 'Denne bekreftelseslenken kan ikke brukes',
  'organic.confirmLinkInvalid.body':
    'Lenken kan være ufullstendig eller utløpt. Skriv anmeldelsen på nytt, så sender vi deg en ny lenke.',
  'organic.confirmationEmail.subject': 'Bekreft anmeldelsen din av {business}',
  'organic.confirmationEmail.body':
    'Hei!\n\nTakk for at du anmeldte {business}. Bekreft e-postadressen din for å publisere anmeldelsen:\n\n{link}\n\nHvis du ikke har skrevet denne anmeldelsen, kan du se bort fra denne e-posten. Da blir ingenting publisert.',

  'unsubscribe.title': 'Meld deg av',
  'unsubscribe.question': 'Vil du slutte å motta invitasjoner til anmeldelser fra {business} på {email}?',
  'unsubscribe.business': 'Meld meg av {business}',
  'unsubscribe.all': 'Meld meg av alle bedrifter på denne Vouch-serveren',
  'unsubscribe.done.title': 'Du er meldt av',
  'unsubscribe.done.business': 'Du får ikke flere invitasjoner til å skrive anmeldelser fra {business}.',
  'unsubscribe.done.all':
    'Du får ikke flere invitasjoner til å skrive anmeldelser fra bedrifter på denne Vouch-serveren.',
  'unsubscribe.invalid.title': 'Denne avmeldingslenken kan ikke brukes',
  'unsubscribe.invalid.body':
    'Lenken kan være ufullstendig eller ha blitt endret. Bruk lenken i den nyeste e-posten du har fått.',

  'email.invitation.subject': 'Hvordan var bestillingen din hos [CompanyIdentifier]?',
  'email.invitation.body':
    'Hei [Name]!\n\nTakk for bestillingen [Order] hos [CompanyIdentifier]. Vi vil gjerne høre hvordan det gikk. Klikk på en stjerne for å vurdere opplevelsen din:\n\n[Stars]\n\nEller skriv anmeldelsen din her: [Link]\n\nDet tar bare et minutt og hjelper andre kunder.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'Hva synes du om kjøpet ditt hos [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Hei [Name]!\n\nTakk for bestillingen [Order] hos [CompanyIdentifier]. Hva synes du om det du kjøpte?\n\n[Products]\n\nSkriv en kort anmeldelse her: [Link]\n\nMeningen din hjelper andre kunder med å velge riktig produkt.\n\n[LegalNotice]',
  'email.reminder.subject': 'Påminnelse: Hvordan var bestillingen din hos [CompanyIdentifier]?',
  'email.reminder.body':
    'Hei [Name]!\n\nFor en stund siden spurte vi hvordan bestillingen [Order] hos [CompanyIdentifier] gikk. Hvis du ikke har rukket å svare ennå, vil vi fortsatt gjerne høre hva du synes:\n\n[Stars]\n\nEller skriv anmeldelsen din her: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Vil du ikke motta disse e-postene? Meld deg av: {url}',
  'email.footer.legal':
    'Du mottar denne e-posten fordi du har handlet hos {business}. {business} bruker Vouch til å samle inn anmeldelser.',
  // Reads "Hei kjære kunde!" in the default greeting.
  'email.customerFallbackName': 'kjære kunde',
  'email.stars.label.one': '{count} stjerne',
  'email.stars.label.few': '{count} stjerner',
  'email.stars.label.many': '{count} stjerner',
  'email.stars.label.other': '{count} stjerner',
};

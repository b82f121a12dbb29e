import type { Catalog } from './en-US.js';

/** Danish ("du", as Danish shops address their customers). */
export const daDK: Catalog = {
  'common.skipToContent': 'Gå til hovedindholdet',
  'common.poweredBy': 'Anmeldelser indsamlet med Vouch',
  'common.backToBusiness': 'Tilbage til {business}',

  'form.title': 'Anmeld {business}',
  'form.heading': 'Hvordan var din oplevelse med {business}?',
  'form.intro':
    'Din ærlige anmeldelse hjælper andre kunder med at vælge og hjælper {business} med at blive bedre.',
  'form.rating.legend': 'Din samlede bedømmelse',
  'form.rating.star1': 'Dårlig',
  'form.rating.star2': 'Ringe',
  'form.rating.star3': 'Middel',
  'form.rating.star4': 'Rigtig god',
  'form.rating.star5': 'Fremragende',
  'form.rating.starLabel': '{n} ud af 5 stjerner',
  'form.reviewTitle.label': 'Overskrift',
  'form.reviewTitle.placeholder': 'Opsummer din oplevelse med få ord',
  'form.reviewText.label': 'Din anmeldelse',
  'form.reviewText.placeholder': 'Hvad var godt? Hvad kunne have været bedre?',
  'form.reviewText.hint': 'Mellem {min} og {max} tegn.',
  'form.product.legend': 'Hvordan vil du bedømme {product}?',
  'form.submit': 'Send anmeldelse',
  'form.update': 'Opdater anmeldelse',
  'form.editNote': 'Du anmeldte dette den {date}. Du kan ændre din anmeldelse herunder.',
  'form.error.summary': 'Tjek de markerede felter herunder.',
  'form.error.ratingRequired': 'Vælg et antal stjerner.',
  'form.error.ratingRange': 'Vælg en bedømmelse fra 1 til 5 stjerner.',
  'form.error.titleRequired': 'Giv din anmeldelse en overskrift.',
  'form.error.titleTooLong': 'Overskriften må højst være på {max} tegn.',
  'form.error.textTooShort': 'Skriv mindst {min} tegn.',
  'form.error.textTooLong': 'Din anmeldelse må højst være på {max} tegn.',
  'form.error.productRatingInvalid': 'Giv hvert produkt en bedømmelse fra 1 til 5 stjerner.',
  'form.error.sessionExpired': 'Formularen er udløbet. Send den venligst igen.',
  'form.error.rateLimited': 'For mange indsendelser fra dit netværk. Vent et minut, og prøv igen.',

  'thanks.title': 'Tak',
  'thanks.heading': 'Tak for din anmeldelse',
  'thanks.body':
    'Vi har modtaget din anmeldelse af {business}. Den hjælper andre kunder med at træffe det rigtige valg.',
  'thanks.editLink': 'Rediger din anmeldelse',
  'thanks.seeAll': 'Se alle anmeldelser af {business}',

  'linkError.title': 'Dette link kan ikke bruges',
  'linkError.body':
    'Linket er muligvis ufuldstændigt eller er blevet ændret. Bed {business} om en ny invitation.',
  'linkError.bodyGeneric':
    'Linket er muligvis ufuldstændigt eller er blevet ændret. Bed virksomheden, der sendte det, om en ny invitation.',
  'notFound.title': 'Siden blev ikke fundet',
  'notFound.body': 'Der findes ingen side på denne adresse. Tjek linket, og prøv igen.',

  'label.verified.text': 'Verificeret',
  'label.verified.description':
    'Verificeret anmeldelse: virksomhedens eget system sendte invitationen automatisk efter et køb.',
  'label.invited.text': 'Inviteret',
  'label.invited.description': 'Inviteret anmeldelse: virksomheden inviterede denne kunde manuelt.',
  'label.organic.text': 'Uopfordret',
  'label.organic.description':
    'Uopfordret anmeldelse: skrevet på anmelderens eget initiativ, med en bekræftet e-mailadresse.',

  'labelsPage.title': 'Sådan mærkes anmeldelser',
  'labelsPage.intro':
    'Hver anmeldelse på Vouch har et mærke, der viser, hvordan den er blevet til. Mærket afhænger aldrig af bedømmelsen.',
  'labelsPage.verified.heading': 'Verificeret',
  'labelsPage.verified.body':
    'Anmeldelsen kom via en automatisk invitation: virksomhedens eget system sendte den efter et rigtigt køb, for eksempel ved at sende en kopi af sine ordremails til Vouch, via Vouchs API eller en webshopintegration eller med et krypteret eller signeret anmeldelseslink.',
  'labelsPage.invited.heading': 'Inviteret',
  'labelsPage.invited.body':
    'Virksomheden inviterede kunden manuelt, for eksempel ved at uploade en kundeliste eller indtaste en e-mailadresse.',
  'labelsPage.organic.heading': 'Uopfordret (intet mærke)',
  'labelsPage.organic.body':
    'Anmelderen skrev anmeldelsen på eget initiativ uden en invitation og bekræftede sin e-mailadresse, før den blev offentliggjort.',

  'public.title': 'Anmeldelser af {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} ud af 5',
  'public.reviewCount.one': '{count} anmeldelse',
  'public.reviewCount.few': '{count} anmeldelser',
  'public.reviewCount.many': '{count} anmeldelser',
  'public.reviewCount.other': '{count} anmeldelser',
  'public.basedOn.one': 'Baseret på {count} anmeldelse',
  'public.basedOn.few': 'Baseret på {count} anmeldelser',
  'public.basedOn.many': 'Baseret på {count} anmeldelser',
  'public.basedOn.other': 'Baseret på {count} anmeldelser',
  'public.distribution.heading': 'Fordeling af bedømmelser',
  'public.distribution.row.one': '{count} stjerne',
  'public.distribution.row.few': '{count} stjerner',
  'public.distribution.row.many': '{count} stjerner',
  'public.distribution.row.other': '{count} stjerner',
  'public.empty.heading': 'Ingen anmeldelser endnu',
  'public.empty.body': 'Vær den første til at dele din oplevelse med {business}.',
  'public.writeReview': 'Skriv en anmeldelse',
  'public.pagination.label': 'Sider med anmeldelser',
  'public.newer': 'Nyere anmeldelser',
  'public.older': 'Ældre anmeldelser',
  'public.reviewedOn': 'Anmeldt den {date}',
  'public.reviewRating': 'Bedømmelse: {n} ud af 5 stjerner',
  'public.howLabelsWork': 'Sådan fungerer mærkerne',
  'public.products': 'Produkter: {products}',

  'widget.reviewCount.one': '{count} anmeldelse',
  'widget.reviewCount.few': '{count} anmeldelser',
  'widget.reviewCount.many': '{count} anmeldelser',
  'widget.reviewCount.other': '{count} anmeldelser',
  'widget.readReviews': 'Læs anmeldelser på Vouch',
  'widget.seeReviews': 'Se anmeldelser',

  'organic.title': 'Skriv en anmeldelse af {business}',
  'organic.intro':
    'Fortæl andre kunder om din oplevelse med {business}. Vi beder dig bekræfte din e-mailadresse, før din anmeldelse bliver offentliggjort.',
  'organic.email.label': 'E-mailadresse',
  'organic.email.hint': 'Vi sender dig et bekræftelseslink. Din adresse bliver aldrig vist.',
  'organic.email.invalid': 'Indtast en gyldig e-mailadresse, f.eks. jane@example.com.',
  'organic.sendFailed': 'Vi kunne ikke sende bekræftelsesmailen lige nu. Prøv igen om et par minutter.',
  'organic.name.label': 'Dit navn',
  'organic.submit': 'Send anmeldelse',
  'organic.checkEmail.title': 'Tjek din e-mail',
  'organic.checkEmail.body':
    'Vi har sendt et bekræftelseslink til {email}. Åbn linket for at offentliggøre din anmeldelse. Kan du ikke finde mailen, så tjek din spammappe.',
  'organic.confirmed.title': 'Din anmeldelse er bekræftet',
  'organic.confirmed.body':
    'Tak, fordi du bekræftede din e-mailadresse. Din anmeldelse af {business} er nu offentliggjort.',
  'organic.confirmLinkInvalid.title': 'Dette bekræftelseslink kan ikke bruges',
  'organic.confirmLinkInvalid.body':
    'Linket er muligvis ufuldstændigt eller udløbet. Skriv din anmeldelse igen, så sender vi dig et nyt link.',
  'organic.confirmationEmail.subject': 'Bekræft din anmeldelse af {business}',
  'organic.confirmationEmail.body':
    'Hej\n\nTak for din anmeldelse af {business}. Bekræft din e-mailadresse for at offentliggøre anmeldelsen:\n\n{link}\n\nHar du ikke skrevet denne anmeldelse, kan du se bort fra denne e-mail. Så bliver der ikke offentliggjort noget.',

  'unsubscribe.title': 'Afmeld',
  'unsubscribe.question': 'Vil du stoppe invitationer til anmeldelser fra {business} til {email}?',
  'unsubscribe.business': 'Afmeld {business}',
  'unsubscribe.all': 'Afmeld alle virksomheder på denne Vouch-server',
  'unsubscribe.done.title': 'Du er afmeldt',
  'unsubscribe.done.business': 'Du modtager ikke flere invitationer til anmeldelser fra {business}.',
  'unsubscribe.done.all':
    'Du modtager ikke flere invitationer til anmeldelser fra virksomheder på denne Vouch-server.',
  'unsubscribe.invalid.title': 'Dette afmeldingslink kan ikke bruges',
  'unsubscribe.invalid.body':
    'Linket er muligvis ufuldstændigt eller er blevet ændret. Brug linket i den seneste e-mail, du har modtaget.',

  'email.invitation.subject': 'Hvordan var din ordre hos [CompanyIdentifier]?',
  'email.invitation.body':
    'Kære [Name]\n\nTak for din ordre [Order] hos [CompanyIdentifier]. Vi vil meget gerne høre, hvordan det gik. Klik på en stjerne for at bedømme din oplevelse:\n\n[Stars]\n\nEller skriv din anmeldelse her: [Link]\n\nDet tager kun et minut og hjælper andre kunder.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'Hvad synes du om dit køb hos [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Kære [Name]\n\nTak for din ordre [Order] hos [CompanyIdentifier]. Hvad synes du om det, du har købt?\n\n[Products]\n\nSkriv en kort anmeldelse her: [Link]\n\nDin mening hjælper andre kunder med at vælge det rigtige produkt.\n\n[LegalNotice]',
  'email.reminder.subject': 'Påmindelse: Hvordan var din ordre hos [CompanyIdentifier]?',
  'email.reminder.body':
    'Kære [Name]\n\nFor nylig spurgte vi, hvordan din ordre [Order] hos [CompanyIdentifier] gik. Hvis du ikke har nået at svare endnu, vil vi stadig meget gerne høre din mening:\n\n[Stars]\n\nEller skriv din anmeldelse her: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Vil du ikke modtage disse e-mails? Afmeld her: {url}',
  'email.footer.legal':
    'Du modtager denne e-mail, fordi du har købt noget hos {business}. {business} bruger Vouch til at indsamle anmeldelser.',
  // Reads "Kære kunde" in the default greeting.
  'email.customerFallbackName': 'kunde',
  'email.stars.label.one': '{count} stjerne',
  'email.stars.label.few': '{count} stjerner',
  'email.stars.label.many': '{count} stjerner',
  'email.stars.label.other': '{count} stjerner',
};

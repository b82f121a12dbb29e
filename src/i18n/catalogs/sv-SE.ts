import type { Catalog } from './en-US.js';

/** Swedish ("du", as Swedish shops address their customers). */
export const svSE: Catalog = {
  'common.skipToContent': 'Hoppa till huvudinnehållet',
  'common.poweredBy': 'Omdömen insamlade med Vouch',
  'common.backToBusiness': 'Tillbaka till {business}',

  'form.title': 'Betygsätt {business}',
  'form.heading': 'Hur var din upplevelse av {business}?',
  'form.intro': 'Ditt ärliga omdöme hjälper andra kunder att välja och hjälper {business} att bli bättre.',
  'form.rating.legend': 'Ditt helhetsbetyg',
  'form.rating.star1': 'Dåligt',
  'form.rating.star2': 'Mindre bra',
  'form.rating.star3': 'Okej',
  'form.rating.star4': 'Mycket bra',
  'form.rating.star5': 'Utmärkt',
  'form.rating.starLabel': '{n} av 5 stjärnor',
  'form.reviewTitle.label': 'Rubrik',
  'form.reviewTitle.placeholder': 'Sammanfatta din upplevelse med några ord',
  'form.reviewText.label': 'Ditt omdöme',
  'form.reviewText.placeholder': 'Vad var bra? Vad kunde ha varit bättre?',
  'form.reviewText.hint': 'Mellan {min} och {max} tecken.',
  'form.product.legend': 'Vilket betyg ger du {product}?',
  'form.submit': 'Skicka omdöme',
  'form.update': 'Uppdatera omdöme',
  'form.editNote': 'Du lämnade ditt omdöme den {date}. Du kan ändra det nedan.',
  'form.error.summary': 'Kontrollera de markerade fälten nedan.',
  'form.error.ratingRequired': 'Välj antal stjärnor.',
  'form.error.ratingRange': 'Välj ett betyg från 1 till 5 stjärnor.',
  'form.error.titleRequired': 'Ge ditt omdöme en rubrik.',
  'form.error.titleTooLong': 'Rubriken får vara högst {max} tecken lång.',
  'form.error.textTooShort': 'Skriv minst {min} tecken.',
  'form.error.textTooLong': 'Ditt omdöme får vara högst {max} tecken långt.',
  'form.error.productRatingInvalid': 'Ge varje produkt ett betyg från 1 till 5 stjärnor.',
  'form.error.sessionExpired': 'Formuläret har gått ut. Skicka det igen.',
  'form.error.rateLimited': 'För många inskick från ditt nätverk. Vänta en minut och försök igen.',

  'thanks.title': 'Tack',
  'thanks.heading': 'Tack för ditt omdöme',
  'thanks.body': 'Vi har tagit emot ditt omdöme om {business}. Det hjälper andra kunder att göra rätt val.',
  'thanks.editLink': 'Redigera ditt omdöme',
  'thanks.seeAll': 'Se alla omdömen om {business}',

  'linkError.title': 'Den här länken kan inte användas',
  'linkError.body': 'Länken kan vara ofullständig eller ha ändrats. Be {business} om en ny inbjudan.',
  'linkError.bodyGeneric':
    'Länken kan vara ofullständig eller ha ändrats. Be företaget som skickade den om en ny inbjudan.',
  'notFound.title': 'Sidan hittades inte',
  'notFound.body': 'Det finns ingen sida på den här adressen. Kontrollera länken och försök igen.',

  'label.verified.text': 'Verifierat',
  'label.verified.description':
    'Verifierat omdöme: företagets eget system skickade inbjudan automatiskt efter ett köp.',
  'label.invited.text': 'Inbjudet',
  'label.invited.description': 'Inbjudet omdöme: företaget bjöd in den här kunden manuellt.',
  'label.organic.text': 'Oombett',
  'label.organic.description': 'Oombett omdöme: skrivet på eget initiativ, med en bekräftad e-postadress.',

  'labelsPage.title': 'Så märks omdömen',
  'labelsPage.intro':
    'Varje omdöme på Vouch har en märkning som visar hur det kom till. Märkningen beror aldrig på betyget.',
  'labelsPage.verified.heading': 'Verifierat',
  'labelsPage.verified.body':
    'Omdömet kom via en automatisk inbjudan: företagets eget system skickade den efter ett verkligt köp, till exempel genom att skicka en kopia av sina ordermejl till Vouch, via Vouchs API eller en integration med webbutiken, eller med en krypterad eller signerad omdömeslänk.',
  'labelsPage.invited.heading': 'Inbjudet',
  'labelsPage.invited.body':
    'Företaget bjöd in kunden manuellt, till exempel genom att ladda upp en kundlista eller skriva in en e-postadress.',
  'labelsPage.organic.heading': 'Oombett (ingen märkning)',
  'labelsPage.organic.body':
    'Personen skrev omdömet på eget initiativ, utan inbjudan, och bekräftade sin e-postadress innan det publicerades.',

  'public.title': 'Omdömen om {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} av 5',
  'public.reviewCount.one': '{count} omdöme',
  'public.reviewCount.few': '{count} omdömen',
  'public.reviewCount.many': '{count} omdömen',
  'public.reviewCount.other': '{count} omdömen',
  'public.basedOn.one': 'Baserat på {count} omdöme',
  'public.basedOn.few': 'Baserat på {count} omdömen',
  'public.basedOn.many': 'Baserat på {count} omdömen',
  'public.basedOn.other': 'Baserat på {count} omdömen',
  'public.distribution.heading': 'Fördelning av betyg',
  'public.distribution.row.one': '{count} stjärna',
  'public.distribution.row.few': '{count} stjärnor',
  'public.distribution.row.many': '{count} stjärnor',
  'public.distribution.row.other': '{count} stjärnor',
  'public.empty.heading': 'Inga omdömen ännu',
  'public.empty.body': 'Bli först med att dela din upplevelse av {business}.',
  'public.writeReview': 'Skriv ett omdöme',
  'public.pagination.label': 'Sidor med omdömen',
  'public.newer': 'Nyare omdömen',
  'public.older': 'Äldre omdömen',
  'public.reviewedOn': 'Omdöme från {date}',
  'public.reviewRating': 'Betyg: {n} av 5 stjärnor',
  'public.howLabelsWork': 'Så fungerar märkningen',
  'public.products': 'Produkter: {products}',

  'widget.reviewCount.one': '{count} omdöme',
  'widget.reviewCount.few': '{count} omdömen',
  'widget.reviewCount.many': '{count} omdömen',
  'widget.reviewCount.other': '{count} omdömen',
  'widget.readReviews': 'Läs omdömen på Vouch',
  'widget.seeReviews': 'Se omdömen',

  'organic.title': 'Skriv ett omdöme om {business}',
  'organic.intro':
    'Berätta för andra kunder om din upplevelse av {business}. Innan ditt omdöme publiceras ber vi dig bekräfta din e-postadress.',
  'organic.email.label': 'E-postadress',
  'organic.email.hint': 'Vi skickar en bekräftelselänk till dig. Din adress visas aldrig.',
  'organic.email.invalid': 'Ange en giltig e-postadress, till exempel jane@example.com.',
  'organic.sendFailed': 'Vi kunde inte skicka bekräftelsemejlet just nu. Försök igen om några minuter.',
  'organic.name.label': 'Ditt namn',
  'organic.submit': 'Skicka omdöme',
  'organic.checkEmail.title': 'Kolla din e-post',
  'organic.checkEmail.body':
    'Vi har skickat en bekräftelselänk till {email}. Öppna länken för att publicera ditt omdöme. Hittar du inte mejlet? Titta i skräpposten.',
  'organic.confirmed.title': 'Ditt omdöme är bekräftat',
  'organic.confirmed.body':
    'Tack för att du bekräftade din e-postadress. Ditt omdöme om {business} är nu publicerat.',
  'organic.confirmLinkInvalid.title': 'Den här bekräftelselänken kan inte användas',
  'organic.confirmLinkInvalid.body':
    'Länken kan vara ofullständig eller ha gått ut. Skriv ditt omdöme igen så skickar vi en ny länk.',
  'organic.confirmationEmail.subject': 'Bekräfta ditt omdöme om {business}',
  'organic.confirmationEmail.body':
    'Hej!\n\nTack för ditt omdöme om {business}. Bekräfta din e-postadress för att publicera omdömet:\n\n{link}\n\nOm du inte har skrivit det här omdömet kan du bortse från mejlet. Då publiceras ingenting.',

  'unsubscribe.title': 'Avregistrera dig',
  'unsubscribe.question': 'Vill du sluta få inbjudningar att lämna omdömen från {business} till {email}?',
  'unsubscribe.business': 'Avregistrera mig från {business}',
  'unsubscribe.all': 'Avregistrera mig från alla företag på den här Vouch-servern',
  'unsubscribe.done.title': 'Du är avregistrerad',
  'unsubscribe.done.business': 'Du får inga fler inbjudningar att lämna omdömen från {business}.',
  'unsubscribe.done.all':
    'Du får inga fler inbjudningar att lämna omdömen från företag på den här Vouch-servern.',
  'unsubscribe.invalid.title': 'Den här avregistreringslänken kan inte användas',
  'unsubscribe.invalid.body':
    'Länken kan vara ofullständig eller ha ändrats. Använd länken i det senaste mejlet du fick.',

  'email.invitation.subject': 'Hur var din beställning hos [CompanyIdentifier]?',
  'email.invitation.body':
    'Hej [Name]!\n\nTack för din beställning [Order] hos [CompanyIdentifier]. Vi vill gärna veta hur det gick. Klicka på en stjärna för att betygsätta din upplevelse:\n\n[Stars]\n\nEller skriv ditt omdöme här: [Link]\n\nDet tar bara en minut och hjälper andra kunder.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'Vad tycker du om ditt köp hos [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Hej [Name]!\n\nTack för din beställning [Order] hos [CompanyIdentifier]. Vad tycker du om det du köpte?\n\n[Products]\n\nSkriv ett kort omdöme här: [Link]\n\nDin åsikt hjälper andra kunder att välja rätt produkt.\n\n[LegalNotice]',
  'email.reminder.subject': 'Påminnelse: hur var din beställning hos [CompanyIdentifier]?',
  'email.reminder.body':
    'Hej [Name]!\n\nFör ett tag sedan frågade vi hur din beställning [Order] hos [CompanyIdentifier] gick. Om du inte har hunnit svara än vill vi fortfarande gärna höra vad du tycker:\n\n[Stars]\n\nEller skriv ditt omdöme här: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Vill du inte få de här mejlen? Avregistrera dig: {url}',
  'email.footer.legal':
    'Du får det här mejlet eftersom du har handlat hos {business}. {business} använder Vouch för att samla in omdömen.',
  // Reads "Hej kära kund!" in the default greeting.
  'email.customerFallbackName': 'kära kund',
  'email.stars.label.one': '{count} stjärna',
  'email.stars.label.few': '{count} stjärnor',
  'email.stars.label.many': '{count} stjärnor',
  'email.stars.label.other': '{count} stjärnor',
};

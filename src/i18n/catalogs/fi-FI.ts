import type { Catalog } from './en-US.js';

/**
 * Finnish ("sinä", as Finnish shops address their customers). A business name cannot take Finnish case
 * endings, so it stands in apposition to an inflected "yritys" ("yrityksestä {business}").
 */
export const fiFI: Catalog = {
  'common.skipToContent': 'Siirry pääsisältöön',
  'common.poweredBy': 'Arviot kerätty Vouchilla',
  'common.backToBusiness': 'Takaisin yrityksen {business} sivuille',

  'form.title': 'Arvioi yritys {business}',
  'form.heading': 'Millainen oli kokemuksesi yrityksestä {business}?',
  'form.intro': 'Rehellinen arviosi auttaa muita asiakkaita valitsemaan ja yritystä {business} kehittymään.',
  'form.rating.legend': 'Kokonaisarviosi',
  'form.rating.star1': 'Huono',
  'form.rating.star2': 'Heikko',
  'form.rating.star3': 'Keskinkertainen',
  'form.rating.star4': 'Erittäin hyvä',
  'form.rating.star5': 'Erinomainen',
  'form.rating.starLabel': '{n}/5 tähteä',
  'form.reviewTitle.label': 'Otsikko',
  'form.reviewTitle.placeholder': 'Tiivistä kokemuksesi muutamaan sanaan',
  'form.reviewText.label': 'Arviosi',
  'form.reviewText.placeholder': 'Mikä oli hyvää? Mikä olisi voinut olla paremmin?',
  'form.reviewText.hint': '{min}–{max} merkkiä.',
  'form.product.legend': 'Minkä arvosanan annat tuotteelle {product}?',
  'form.submit': 'Lähetä arvio',
  'form.update': 'Päivitä arvio',
  'form.editNote': 'Arvioit tämän {date}. Voit muuttaa arviotasi alla.',
  'form.error.summary': 'Tarkista alla merkityt kentät.',
  'form.error.ratingRequired': 'Valitse tähtien määrä.',
  'form.error.ratingRange': 'Valitse arvio väliltä 1–5 tähteä.',
  'form.error.titleRequired': 'Anna arviollesi otsikko.',
  'form.error.titleTooLong': 'Otsikossa voi olla enintään {max} merkkiä.',
  'form.error.textTooShort': 'Kirjoita vähintään {min} merkkiä.',
  'form.error.textTooLong': 'Arviossa voi olla enintään {max} merkkiä.',
  'form.error.productRatingInvalid': 'Anna jokaiselle tuotteelle arvio väliltä 1–5 tähteä.',
  'form.error.sessionExpired': 'Lomake on vanhentunut. Lähetä se uudelleen.',
  'form.error.rateLimited': 'Verkostasi on lähetetty liian monta arviota. Odota minuutti ja yritä uudelleen.',

  'thanks.title': 'Kiitos',
  'thanks.heading': 'Kiitos arviostasi',
  'thanks.body':
    'Arviosi yrityksestä {business} on vastaanotettu. Se auttaa muita asiakkaita tekemään oikean valinnan.',
  'thanks.editLink': 'Muokkaa arviotasi',
  'thanks.seeAll': 'Katso kaikki arviot yrityksestä {business}',

  'linkError.title': 'Tätä linkkiä ei voi käyttää',
  'linkError.body':
    'Linkki voi olla puutteellinen tai sitä on voitu muuttaa. Pyydä uusi kutsu yritykseltä {business}.',
  'linkError.bodyGeneric':
    'Linkki voi olla puutteellinen tai sitä on voitu muuttaa. Pyydä uusi kutsu yritykseltä, joka lähetti linkin.',
  'notFound.title': 'Sivua ei löytynyt',
  'notFound.body': 'Tästä osoitteesta ei löydy sivua. Tarkista linkki ja yritä uudelleen.',

  'label.verified.text': 'Vahvistettu',
  'label.verified.description':
    'Vahvistettu arvio: yrityksen oma järjestelmä lähetti kutsun automaattisesti oston jälkeen.',
  'label.invited.text': 'Kutsuttu',
  'label.invited.description': 'Kutsuttu arvio: yritys kutsui tämän asiakkaan manuaalisesti.',
  'label.organic.text': 'Oma-aloitteinen',
  'label.organic.description':
    'Oma-aloitteinen arvio: kirjoitettu omasta aloitteesta, ja sähköpostiosoite on vahvistettu.',

  'labelsPage.title': 'Näin arviot merkitään',
  'labelsPage.intro':
    'Jokaisella Vouchin arviolla on merkintä, joka kertoo, miten arvio on saatu. Merkintä ei koskaan riipu arvosanasta.',
  'labelsPage.verified.heading': 'Vahvistettu',
  'labelsPage.verified.body':
    'Arvio tuli automaattisen kutsun kautta: yrityksen oma järjestelmä lähetti kutsun todellisen oston jälkeen, esimerkiksi lähettämällä kopion tilausviesteistään Vouchille, Vouchin rajapinnan tai verkkokauppaintegraation kautta tai salatulla tai allekirjoitetulla arviolinkillä.',
  'labelsPage.invited.heading': 'Kutsuttu',
  'labelsPage.invited.body':
    'Yritys kutsui asiakkaan manuaalisesti, esimerkiksi lataamalla asiakasluettelon tai kirjoittamalla sähköpostiosoitteen.',
  'labelsPage.organic.heading': 'Oma-aloitteinen (ei merkintää)',
  'labelsPage.organic.body':
    'Arvioija kirjoitti arvion omasta aloitteestaan ilman kutsua ja vahvisti sähköpostiosoitteensa ennen julkaisua.',

  'public.title': 'Arviot yrityksestä {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score}/5',
  'public.reviewCount.one': '{count} arvio',
  'public.reviewCount.few': '{count} arviota',
  'public.reviewCount.many': '{count} arviota',
  'public.reviewCount.other': '{count} arviota',
  'public.basedOn.one': '{count} arvion perusteella',
  'public.basedOn.few': '{count} arvion perusteella',
  'public.basedOn.many': '{count} arvion perusteella',
  'public.basedOn.other': '{count} arvion perusteella',
  'public.distribution.heading': 'Arvosanojen jakauma',
  'public.distribution.row.one': '{count} tähti',
  'public.distribution.row.few': '{count} tähteä',
  'public.distribution.row.many': '{count} tähteä',
  'public.distribution.row.other': '{count} tähteä',
  'public.empty.heading': 'Ei vielä arvioita',
  'public.empty.body': 'Kerro ensimmäisenä kokemuksesi yrityksestä {business}.',
  'public.writeReview': 'Kirjoita arvio',
  'public.pagination.label': 'Arviosivut',
  'public.newer': 'Uudemmat arviot',
  'public.older': 'Vanhemmat arviot',
  'public.reviewedOn': 'Arvioitu {date}',
  'public.reviewRating': 'Arvosana: {n}/5 tähteä',
  'public.howLabelsWork': 'Näin merkinnät toimivat',
  'public.products': 'Tuotteet: {products}',

  'widget.reviewCount.one': '{count} arvio',
  'widget.reviewCount.few': '{count} arviota',
  'widget.reviewCount.many': '{count} arviota',
  'widget.reviewCount.other': '{count} arviota',
  'widget.readReviews': 'Lue arviot Vouchissa',
  'widget.seeReviews': 'Katso arviot',

  'organic.title': 'Kirjoita arvio yrityksestä {business}',
  'organic.intro':
    'Kerro muille asiakkaille kokemuksestasi yrityksestä {business}. Pyydämme sinua vahvistamaan sähköpostiosoitteesi ennen kuin arviosi julkaistaan.',
  'organic.email.label': 'Sähköpostiosoite',
  'organic.email.hint': 'Lähetämme sinulle vahvistuslinkin. Osoitettasi ei koskaan näytetä.',
  'organic.email.invalid': 'Anna kelvollinen sähköpostiosoite, esimerkiksi jane@example.com.',
  'organic.sendFailed':
    'Vahvistusviestiä ei juuri nyt voitu lähettää. Yritä uudelleen muutaman minuutin kuluttua.',
  'organic.name.label': 'Nimesi',
  'organic.submit': 'Lähetä arvio',
  'organic.checkEmail.title': 'Tarkista sähköpostisi',
  'organic.checkEmail.body':
    'Lähetimme vahvistuslinkin osoitteeseen {email}. Julkaise arviosi avaamalla linkki. Jos et löydä viestiä, tarkista myös roskapostikansio.',
  'organic.confirmed.title': 'Arviosi on vahvistettu',
  'organic.confirmed.body':
    'Kiitos, että vahvistit sähköpostiosoitteesi. Arviosi yrityksestä {business} on nyt julkaistu.',
  'organic.confirmLinkInvalid.title': 'Tätä vahvistuslinkkiä ei voi käyttää',
  'organic.confirmLinkInvalid.body':
    'Linkki voi olla puutteellinen tai vanhentunut. Kirjoita arviosi uudelleen, niin lähetämme sinulle uuden linkin.',
  'organic.confirmationEmail.subject': 'Vahvista arviosi yrityksestä {business}',
  'organic.confirmationEmail.body':
    'Hei,\n\nKiitos arviostasi yrityksestä {business}. Vahvista sähköpostiosoitteesi, jotta arviosi voidaan julkaista:\n\n{link}\n\nJos et kirjoittanut tätä arviota, voit jättää viestin huomiotta. Silloin mitään ei julkaista.',

  'unsubscribe.title': 'Peru tilaus',
  'unsubscribe.question':
    'Lopetetaanko yrityksen {business} arviokutsujen lähettäminen osoitteeseen {email}?',
  'unsubscribe.business': 'Peru kutsut yritykseltä {business}',
  'unsubscribe.all': 'Peru kutsut kaikilta tämän Vouch-palvelimen yrityksiltä',
  'unsubscribe.done.title': 'Tilaus on peruttu',
  'unsubscribe.done.business': 'Et saa enää arviokutsuja yritykseltä {business}.',
  'unsubscribe.done.all': 'Et saa enää arviokutsuja miltään tämän Vouch-palvelimen yritykseltä.',
  'unsubscribe.invalid.title': 'Tätä peruutuslinkkiä ei voi käyttää',
  'unsubscribe.invalid.body':
    'Linkki voi olla puutteellinen tai sitä on voitu muuttaa. Käytä viimeisimmässä saamassasi sähköpostissa olevaa linkkiä.',

  'email.invitation.subject': 'Miten tilauksesi yritykseltä [CompanyIdentifier] onnistui?',
  'email.invitation.body':
    'Hei [Name],\n\nKiitos tilauksestasi [Order] yritykseltä [CompanyIdentifier]. Haluaisimme kuulla, miten kaikki sujui. Arvioi kokemuksesi klikkaamalla tähteä:\n\n[Stars]\n\nTai kirjoita arviosi tästä: [Link]\n\nSe vie vain minuutin ja auttaa muita asiakkaita.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'Mitä pidit ostoksestasi yritykseltä [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Hei [Name],\n\nKiitos tilauksestasi [Order] yritykseltä [CompanyIdentifier]. Mitä pidit ostamistasi tuotteista?\n\n[Products]\n\nKirjoita lyhyt arvio tästä: [Link]\n\nMielipiteesi auttaa muita asiakkaita valitsemaan oikean tuotteen.\n\n[LegalNotice]',
  'email.reminder.subject': 'Muistutus: miten tilauksesi yritykseltä [CompanyIdentifier] onnistui?',
  'email.reminder.body':
    'Hei [Name],\n\nKysyimme hetki sitten, miten tilauksesi [Order] yritykseltä [CompanyIdentifier] sujui. Jos et ole vielä ehtinyt vastata, kuulisimme mielipiteesi yhä mielellämme:\n\n[Stars]\n\nTai kirjoita arviosi tästä: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Etkö halua näitä viestejä? Peru tilaus: {url}',
  'email.footer.legal':
    'Saat tämän viestin, koska olet ostanut yritykseltä {business}. {business} kerää arvioita Vouchin avulla.',
  // Reads "Hei asiakkaamme," ("Hello, our customer") in the default greeting.
  'email.customerFallbackName': 'asiakkaamme',
  'email.stars.label.one': '{count} tähti',
  'email.stars.label.few': '{count} tähteä',
  'email.stars.label.many': '{count} tähteä',
  'email.stars.label.other': '{count} tähteä',
};

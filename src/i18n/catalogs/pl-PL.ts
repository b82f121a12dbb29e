import type { Catalog } from './en-US.js';

/**
 * Polish ("ty", as Polish shops address their customers; capitalised in emails, as Polish letters do).
 * A business name cannot be declined, so it stands in apposition to "firma" ("o firmie {business}").
 * Plural forms: one (1), few (2–4, 22–24, …), many (0, 5–21, …), other (fractions).
 */
export const plPL: Catalog = {
  'common.skipToContent': 'Przejdź do treści głównej',
  'common.poweredBy': 'Opinie zebrane za pomocą Vouch',
  'common.backToBusiness': 'Wróć do firmy {business}',

  'form.title': 'Oceń firmę {business}',
  'form.heading': 'Jak oceniasz swoje doświadczenia z firmą {business}?',
  'form.intro': 'Twoja szczera opinia pomoże innym klientom w wyborze, a firmie {business} – w rozwoju.',
  'form.rating.legend': 'Twoja ogólna ocena',
  'form.rating.star1': 'Zła',
  'form.rating.star2': 'Słaba',
  'form.rating.star3': 'Przeciętna',
  'form.rating.star4': 'Bardzo dobra',
  'form.rating.star5': 'Doskonała',
  'form.rating.starLabel': '{n} z 5 gwiazdek',
  'form.reviewTitle.label': 'Tytuł',
  'form.reviewTitle.placeholder': 'Podsumuj swoje doświadczenia w kilku słowach',
  'form.reviewText.label': 'Twoja opinia',
  'form.reviewText.placeholder': 'Co ci się podobało? Co mogło być lepsze?',
  'form.reviewText.hint': 'Od {min} do {max} znaków.',
  'form.product.legend': 'Jak oceniasz produkt {product}?',
  'form.submit': 'Wyślij opinię',
  'form.update': 'Zaktualizuj opinię',
  'form.editNote': 'Twoja opinia została dodana {date}. Poniżej możesz ją zmienić.',
  'form.error.summary': 'Sprawdź zaznaczone pola poniżej.',
  'form.error.ratingRequired': 'Wybierz liczbę gwiazdek.',
  'form.error.ratingRange': 'Wybierz ocenę od 1 do 5 gwiazdek.',
  'form.error.titleRequired': 'Nadaj opinii tytuł.',
  'form.error.titleTooLong': 'Tytuł może mieć maksymalnie {max} znaków.',
  'form.error.textTooShort': 'Napisz co najmniej {min} znaków.',
  'form.error.textTooLong': 'Opinia może mieć maksymalnie {max} znaków.',
  'form.error.productRatingInvalid': 'Oceń każdy produkt w skali od 1 do 5 gwiazdek.',
  'form.error.sessionExpired': 'Formularz wygasł. Wyślij go ponownie.',
  'form.error.rateLimited': 'Z twojej sieci wysłano zbyt wiele opinii. Odczekaj minutę i spróbuj ponownie.',

  'thanks.title': 'Dziękujemy',
  'thanks.heading': 'Dziękujemy za opinię',
  'thanks.body':
    'Otrzymaliśmy twoją opinię o firmie {business}. Pomoże ona innym klientom dokonać dobrego wyboru.',
  'thanks.editLink': 'Edytuj opinię',
  'thanks.seeAll': 'Zobacz wszystkie opinie o firmie {business}',

  'linkError.title': 'Nie można użyć tego linku',
  'linkError.body':
    'Link może być niekompletny lub mógł zostać zmieniony. Poproś firmę {business} o nowe zaproszenie.',
  'linkError.bodyGeneric':
    'Link może być niekompletny lub mógł zostać zmieniony. Poproś firmę, która go wysłała, o nowe zaproszenie.',
  'notFound.title': 'Nie znaleziono strony',
  'notFound.body': 'Pod tym adresem nie ma żadnej strony. Sprawdź link i spróbuj ponownie.',

  'label.verified.text': 'Zweryfikowana',
  'label.verified.description':
    'Zweryfikowana opinia: system firmy automatycznie wysłał zaproszenie po zakupie.',
  'label.invited.text': 'Z zaproszenia',
  'label.invited.description': 'Opinia z zaproszenia: firma ręcznie zaprosiła tego klienta.',
  'label.organic.text': 'Spontaniczna',
  'label.organic.description':
    'Spontaniczna opinia: napisana z własnej inicjatywy, z potwierdzonym adresem e-mail.',

  'labelsPage.title': 'Jak oznaczamy opinie',
  'labelsPage.intro':
    'Każda opinia w Vouch ma oznaczenie, które pokazuje, jak powstała. Oznaczenie nigdy nie zależy od oceny.',
  'labelsPage.verified.heading': 'Zweryfikowana',
  'labelsPage.verified.body':
    'Opinia powstała dzięki automatycznemu zaproszeniu: system firmy wysłał je po rzeczywistym zakupie, na przykład przesyłając do Vouch kopie e-maili z zamówieniami, przez API Vouch lub integrację ze sklepem internetowym albo za pomocą zaszyfrowanego lub podpisanego linku do opinii.',
  'labelsPage.invited.heading': 'Z zaproszenia',
  'labelsPage.invited.body':
    'Firma zaprosiła klienta ręcznie, na przykład przesyłając plik z listą klientów lub wpisując adres e-mail.',
  'labelsPage.organic.heading': 'Spontaniczna (bez oznaczenia)',
  'labelsPage.organic.body':
    'Autor napisał opinię z własnej inicjatywy, bez zaproszenia, a przed jej publikacją potwierdził swój adres e-mail.',

  'public.title': 'Opinie o firmie {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} na 5',
  'public.reviewCount.one': '{count} opinia',
  'public.reviewCount.few': '{count} opinie',
  'public.reviewCount.many': '{count} opinii',
  'public.reviewCount.other': '{count} opinii',
  'public.basedOn.one': 'Na podstawie {count} opinii',
  'public.basedOn.few': 'Na podstawie {count} opinii',
  'public.basedOn.many': 'Na podstawie {count} opinii',
  'public.basedOn.other': 'Na podstawie {count} opinii',
  'public.distribution.heading': 'Rozkład ocen',
  'public.distribution.row.one': '{count} gwiazdka',
  'public.distribution.row.few': '{count} gwiazdki',
  'public.distribution.row.many': '{count} gwiazdek',
  'public.distribution.row.other': '{count} gwiazdki',
  'public.empty.heading': 'Nie ma jeszcze opinii',
  'public.empty.body': 'Podziel się jako pierwszy swoimi doświadczeniami z firmą {business}.',
  'public.writeReview': 'Napisz opinię',
  'public.pagination.label': 'Strony z opiniami',
  'public.newer': 'Nowsze opinie',
  'public.older': 'Starsze opinie',
  'public.reviewedOn': 'Opinia z {date}',
  'public.reviewRating': 'Ocena: {n} z 5 gwiazdek',
  'public.howLabelsWork': 'Jak działają oznaczenia',
  'public.products': 'Produkty: {products}',

  'widget.reviewCount.one': '{count} opinia',
  'widget.reviewCount.few': '{count} opinie',
  'widget.reviewCount.many': '{count} opinii',
  'widget.reviewCount.other': '{count} opinii',
  'widget.readReviews': 'Przeczytaj opinie w Vouch',
  'widget.seeReviews': 'Zobacz opinie',

  'organic.title': 'Napisz opinię o firmie {business}',
  'organic.intro':
    'Opowiedz innym klientom o swoich doświadczeniach z firmą {business}. Przed publikacją opinii poprosimy cię o potwierdzenie adresu e-mail.',
  'organic.email.label': 'Adres e-mail',
  'organic.email.hint': 'Wyślemy ci link potwierdzający. Twój adres nigdy nie będzie widoczny.',
  'organic.email.invalid': 'Podaj prawidłowy adres e-mail, np. jane@example.com.',
  'organic.sendFailed':
    'Nie udało się teraz wysłać e-maila z potwierdzeniem. Spróbuj ponownie za kilka minut.',
  'organic.name.label': 'Twoje imię',
  'organic.submit': 'Wyślij opinię',
  'organic.checkEmail.title': 'Sprawdź skrzynkę e-mail',
  'organic.checkEmail.body':
    'Wysłaliśmy link potwierdzający na adres {email}. Otwórz go, aby opublikować opinię. Jeśli nie widzisz wiadomości, sprawdź folder ze spamem.',
  'organic.confirmed.title': 'Opinia została potwierdzona',
  'organic.confirmed.body':
    'Dziękujemy za potwierdzenie adresu e-mail. Twoja opinia o firmie {business} została opublikowana.',
  'organic.confirmLinkInvalid.title': 'Nie można użyć tego linku potwierdzającego',
  'organic.confirmLinkInvalid.body':
    'Link może być niekompletny lub wygasł. Napisz opinię ponownie, a wyślemy ci nowy link.',
  'organic.confirmationEmail.subject': 'Potwierdź swoją opinię o firmie {business}',
  'organic.confirmationEmail.body':
    'Dzień dobry,\n\ndziękujemy za opinię o firmie {business}. Potwierdź swój adres e-mail, aby ją opublikować:\n\n{link}\n\nJeśli ta opinia nie pochodzi od Ciebie, zignoruj tę wiadomość – nic nie zostanie opublikowane.',

  'unsubscribe.title': 'Wypisz się',
  'unsubscribe.question':
    'Czy wstrzymać zaproszenia do wystawienia opinii od firmy {business} na adres {email}?',
  'unsubscribe.business': 'Wypisz się z zaproszeń firmy {business}',
  'unsubscribe.all': 'Wypisz się z zaproszeń wszystkich firm na tym serwerze Vouch',
  'unsubscribe.done.title': 'Rezygnacja przyjęta',
  'unsubscribe.done.business':
    'Nie będziesz już otrzymywać zaproszeń do wystawienia opinii od firmy {business}.',
  'unsubscribe.done.all':
    'Nie będziesz już otrzymywać zaproszeń do wystawienia opinii od żadnej firmy na tym serwerze Vouch.',
  'unsubscribe.invalid.title': 'Nie można użyć tego linku do wypisania się',
  'unsubscribe.invalid.body':
    'Link może być niekompletny lub mógł zostać zmieniony. Użyj linku z najnowszej otrzymanej wiadomości e-mail.',

  'email.invitation.subject': 'Jak oceniasz zamówienie złożone w firmie [CompanyIdentifier]?',
  'email.invitation.body':
    'Witaj, [Name]!\n\nDziękujemy za zamówienie [Order] złożone w firmie [CompanyIdentifier]. Chętnie dowiemy się, jak przebiegło. Kliknij gwiazdkę, aby ocenić swoje doświadczenia:\n\n[Stars]\n\nMożesz też napisać opinię tutaj: [Link]\n\nZajmie Ci to tylko minutę i pomoże innym klientom.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'Jak oceniasz zakupy w firmie [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Witaj, [Name]!\n\nDziękujemy za zamówienie [Order] złożone w firmie [CompanyIdentifier]. Co sądzisz o zakupionych produktach?\n\n[Products]\n\nNapisz krótką opinię tutaj: [Link]\n\nTwoja opinia pomoże innym klientom wybrać odpowiedni produkt.\n\n[LegalNotice]',
  'email.reminder.subject': 'Przypomnienie: jak oceniasz zamówienie złożone w firmie [CompanyIdentifier]?',
  'email.reminder.body':
    'Witaj, [Name]!\n\nNiedawno zapytaliśmy, jak przebiegło Twoje zamówienie [Order] złożone w firmie [CompanyIdentifier]. Jeśli nie było jeszcze okazji odpowiedzieć, nadal chętnie poznamy Twoją opinię:\n\n[Stars]\n\nMożesz też napisać opinię tutaj: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Nie chcesz otrzymywać tych wiadomości? Wypisz się: {url}',
  'email.footer.legal':
    'Otrzymujesz tę wiadomość w związku z zakupem w firmie {business}. Firma {business} zbiera opinie za pomocą Vouch.',
  // Reads "Witaj, drogi Kliencie!" (vocative) in the default greeting.
  'email.customerFallbackName': 'drogi Kliencie',
  'email.stars.label.one': '{count} gwiazdka',
  'email.stars.label.few': '{count} gwiazdki',
  'email.stars.label.many': '{count} gwiazdek',
  'email.stars.label.other': '{count} gwiazdki',
};

import type { Catalog } from './en-US.js';

/** German, formal ("Sie"). */
export const deDE: Catalog = {
  'common.skipToContent': 'Zum Hauptinhalt springen',
  'common.poweredBy': 'Bewertungen gesammelt mit Vouch',
  'common.backToBusiness': 'Zurück zu {business}',

  'form.title': '{business} bewerten',
  'form.heading': 'Wie war Ihre Erfahrung mit {business}?',
  'form.intro':
    'Ihre ehrliche Bewertung hilft anderen Kundinnen und Kunden bei der Entscheidung – und {business} dabei, noch besser zu werden.',
  'form.rating.legend': 'Ihre Gesamtbewertung',
  'form.rating.star1': 'Ungenügend',
  'form.rating.star2': 'Mangelhaft',
  'form.rating.star3': 'Durchschnittlich',
  'form.rating.star4': 'Sehr gut',
  'form.rating.star5': 'Hervorragend',
  'form.rating.starLabel': '{n} von 5 Sternen',
  'form.reviewTitle.label': 'Titel',
  'form.reviewTitle.placeholder': 'Ihre Erfahrung in wenigen Worten',
  'form.reviewText.label': 'Ihre Bewertung',
  'form.reviewText.placeholder': 'Was hat Ihnen gefallen? Was hätte besser sein können?',
  'form.reviewText.hint': 'Zwischen {min} und {max} Zeichen.',
  'form.product.legend': 'Wie bewerten Sie {product}?',
  'form.submit': 'Bewertung absenden',
  'form.update': 'Bewertung aktualisieren',
  'form.editNote': 'Sie haben Ihre Bewertung am {date} abgegeben. Unten können Sie sie ändern.',
  'form.error.summary': 'Bitte prüfen Sie die unten markierten Felder.',
  'form.error.ratingRequired': 'Bitte wählen Sie eine Sternebewertung.',
  'form.error.ratingRange': 'Bitte wählen Sie eine Bewertung von 1 bis 5 Sternen.',
  'form.error.titleRequired': 'Bitte geben Sie Ihrer Bewertung einen Titel.',
  'form.error.titleTooLong': 'Der Titel darf höchstens {max} Zeichen lang sein.',
  'form.error.textTooShort': 'Bitte schreiben Sie mindestens {min} Zeichen.',
  'form.error.textTooLong': 'Ihre Bewertung darf höchstens {max} Zeichen lang sein.',
  'form.error.productRatingInvalid': 'Bitte bewerten Sie jedes Produkt mit 1 bis 5 Sternen.',
  'form.error.sessionExpired': 'Das Formular ist abgelaufen. Bitte senden Sie es noch einmal ab.',
  'form.error.rateLimited':
    'Zu viele Einsendungen aus Ihrem Netzwerk. Bitte warten Sie eine Minute und versuchen Sie es dann erneut.',

  'thanks.title': 'Vielen Dank',
  'thanks.heading': 'Vielen Dank für Ihre Bewertung',
  'thanks.body':
    'Ihre Bewertung zu {business} ist bei uns eingegangen. Sie hilft anderen Kundinnen und Kunden, die richtige Wahl zu treffen.',
  'thanks.editLink': 'Bewertung bearbeiten',
  'thanks.seeAll': 'Alle Bewertungen zu {business} ansehen',

  'linkError.title': 'Dieser Link kann nicht verwendet werden',
  'linkError.body':
    'Der Link ist möglicherweise unvollständig oder wurde verändert. Bitten Sie {business} um eine neue Einladung.',
  'linkError.bodyGeneric':
    'Der Link ist möglicherweise unvollständig oder wurde verändert. Bitten Sie das Unternehmen, von dem Sie ihn erhalten haben, um eine neue Einladung.',
  'notFound.title': 'Seite nicht gefunden',
  'notFound.body':
    'Unter dieser Adresse gibt es keine Seite. Bitte prüfen Sie den Link und versuchen Sie es erneut.',

  'label.verified.text': 'Verifiziert',
  'label.verified.description':
    'Verifizierte Bewertung: Das System des Unternehmens hat die Einladung nach einem Kauf automatisch verschickt.',
  'label.invited.text': 'Eingeladen',
  'label.invited.description':
    'Eingeladene Bewertung: Das Unternehmen hat manuell zu dieser Bewertung eingeladen.',
  'label.organic.text': 'Ohne Einladung',
  'label.organic.description':
    'Bewertung ohne Einladung: aus eigener Initiative verfasst, mit bestätigter E-Mail-Adresse.',

  'labelsPage.title': 'So werden Bewertungen gekennzeichnet',
  'labelsPage.intro':
    'Jede Bewertung auf Vouch trägt eine Kennzeichnung, die zeigt, wie sie zustande gekommen ist. Die Kennzeichnung hängt nie von der Sternebewertung ab.',
  'labelsPage.verified.heading': 'Verifiziert',
  'labelsPage.verified.body':
    'Die Bewertung kam über eine automatische Einladung: Das System des Unternehmens hat sie nach einem echten Kauf verschickt – zum Beispiel, indem es seine Bestell-E-Mails in Kopie an Vouch sendet, über die Vouch-API oder eine Shop-Integration oder mit einem verschlüsselten oder signierten Bewertungslink.',
  'labelsPage.invited.heading': 'Eingeladen',
  'labelsPage.invited.body':
    'Das Unternehmen hat die Kundin oder den Kunden manuell eingeladen, zum Beispiel durch das Hochladen einer Kundenliste oder die Eingabe einer E-Mail-Adresse.',
  'labelsPage.organic.heading': 'Ohne Einladung (keine Kennzeichnung)',
  'labelsPage.organic.body':
    'Die Person hat die Bewertung aus eigener Initiative und ohne Einladung geschrieben und vor der Veröffentlichung ihre E-Mail-Adresse bestätigt.',

  'public.title': 'Bewertungen zu {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} von 5',
  'public.reviewCount.one': '{count} Bewertung',
  'public.reviewCount.few': '{count} Bewertungen',
  'public.reviewCount.many': '{count} Bewertungen',
  'public.reviewCount.other': '{count} Bewertungen',
  'public.basedOn.one': 'Basierend auf {count} Bewertung',
  'public.basedOn.few': 'Basierend auf {count} Bewertungen',
  'public.basedOn.many': 'Basierend auf {count} Bewertungen',
  'public.basedOn.other': 'Basierend auf {count} Bewertungen',
  'public.distribution.heading': 'Verteilung der Bewertungen',
  'public.distribution.row.one': '{count} Stern',
  'public.distribution.row.few': '{count} Sterne',
  'public.distribution.row.many': '{count} Sterne',
  'public.distribution.row.other': '{count} Sterne',
  'public.empty.heading': 'Noch keine Bewertungen',
  'public.empty.body': 'Schreiben Sie die erste Bewertung zu {business}.',
  'public.writeReview': 'Bewertung schreiben',
  'public.pagination.label': 'Bewertungsseiten',
  'public.newer': 'Neuere Bewertungen',
  'public.older': 'Ältere Bewertungen',
  'public.reviewedOn': 'Bewertet am {date}',
  'public.reviewRating': 'Mit {n} von 5 Sternen bewertet',
  'public.howLabelsWork': 'So funktionieren die Kennzeichnungen',
  'public.products': 'Produkte: {products}',

  'widget.reviewCount.one': '{count} Bewertung',
  'widget.reviewCount.few': '{count} Bewertungen',
  'widget.reviewCount.many': '{count} Bewertungen',
  'widget.reviewCount.other': '{count} Bewertungen',
  'widget.readReviews': 'Bewertungen auf Vouch lesen',
  'widget.seeReviews': 'Bewertungen ansehen',

  'organic.title': 'Bewertung zu {business} schreiben',
  'organic.intro':
    'Erzählen Sie anderen von Ihrer Erfahrung mit {business}. Bevor Ihre Bewertung veröffentlicht wird, bitten wir Sie, Ihre E-Mail-Adresse zu bestätigen.',
  'organic.email.label': 'E-Mail-Adresse',
  'organic.email.hint': 'Wir senden Ihnen einen Bestätigungslink. Ihre Adresse wird nie angezeigt.',
  'organic.email.invalid': 'Bitte geben Sie eine gültige E-Mail-Adresse ein, z. B. jane@example.com.',
  'organic.sendFailed':
    'Die Bestätigungs-E-Mail konnte gerade nicht gesendet werden. Bitte versuchen Sie es in ein paar Minuten erneut.',
  'organic.name.label': 'Ihr Name',
  'organic.submit': 'Bewertung absenden',
  'organic.checkEmail.title': 'Bitte prüfen Sie Ihr Postfach',
  'organic.checkEmail.body':
    'Wir haben einen Bestätigungslink an {email} gesendet. Öffnen Sie ihn, um Ihre Bewertung zu veröffentlichen. Falls Sie die E-Mail nicht finden, sehen Sie bitte auch im Spam-Ordner nach.',
  'organic.confirmed.title': 'Ihre Bewertung ist bestätigt',
  'organic.confirmed.body':
    'Danke, dass Sie Ihre E-Mail-Adresse bestätigt haben. Ihre Bewertung zu {business} ist jetzt veröffentlicht.',
  'organic.confirmLinkInvalid.title': 'Dieser Bestätigungslink kann nicht verwendet werden',
  'organic.confirmLinkInvalid.body':
    'Der Link ist möglicherweise unvollständig oder abgelaufen. Bitte schreiben Sie Ihre Bewertung noch einmal, dann senden wir Ihnen einen neuen Link.',
  'organic.confirmationEmail.subject': 'Bitte bestätigen Sie Ihre Bewertung zu {business}',
  'organic.confirmationEmail.body':
    'Guten Tag,\n\nvielen Dank für Ihre Bewertung zu {business}. Bitte bestätigen Sie Ihre E-Mail-Adresse, damit wir Ihre Bewertung veröffentlichen können:\n\n{link}\n\nFalls Sie diese Bewertung nicht geschrieben haben, können Sie diese E-Mail einfach ignorieren. Dann wird nichts veröffentlicht.',

  'unsubscribe.title': 'Abmelden',
  'unsubscribe.question': 'Keine Bewertungseinladungen mehr von {business} an {email} senden?',
  'unsubscribe.business': 'Von {business} abmelden',
  'unsubscribe.all': 'Von allen Unternehmen auf diesem Vouch-Server abmelden',
  'unsubscribe.done.title': 'Sie wurden abgemeldet',
  'unsubscribe.done.business': 'Sie erhalten keine Bewertungseinladungen mehr von {business}.',
  'unsubscribe.done.all':
    'Sie erhalten keine Bewertungseinladungen mehr von Unternehmen auf diesem Vouch-Server.',
  'unsubscribe.invalid.title': 'Dieser Abmeldelink kann nicht verwendet werden',
  'unsubscribe.invalid.body':
    'Der Link ist möglicherweise unvollständig oder wurde verändert. Bitte verwenden Sie den Link aus der neuesten E-Mail, die Sie erhalten haben.',

  'email.invitation.subject': 'Wie war Ihre Bestellung bei [CompanyIdentifier]?',
  'email.invitation.body':
    'Hallo [Name],\n\nvielen Dank für Ihre Bestellung [Order] bei [CompanyIdentifier]. Wir würden gern erfahren, wie zufrieden Sie waren. Klicken Sie einfach auf einen Stern, um Ihre Erfahrung zu bewerten:\n\n[Stars]\n\nOder schreiben Sie Ihre Bewertung hier: [Link]\n\nEs dauert nur eine Minute und hilft anderen Kundinnen und Kunden.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'Wie gefällt Ihnen Ihr Einkauf bei [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Hallo [Name],\n\nvielen Dank für Ihre Bestellung [Order] bei [CompanyIdentifier]. Wie gefällt Ihnen, was Sie gekauft haben?\n\n[Products]\n\nSchreiben Sie hier eine kurze Bewertung: [Link]\n\nIhre Meinung hilft anderen, das richtige Produkt zu finden.\n\n[LegalNotice]',
  'email.reminder.subject': 'Kurze Erinnerung: Wie war Ihre Bestellung bei [CompanyIdentifier]?',
  'email.reminder.body':
    'Hallo [Name],\n\nvor Kurzem haben wir Sie gefragt, wie Ihre Bestellung [Order] bei [CompanyIdentifier] gelaufen ist. Falls Sie noch nicht dazu gekommen sind: Wir freuen uns weiterhin über Ihre Meinung.\n\n[Stars]\n\nOder schreiben Sie Ihre Bewertung hier: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Sie möchten diese E-Mails nicht mehr erhalten? Abmelden: {url}',
  'email.footer.legal':
    'Sie erhalten diese E-Mail, weil Sie bei {business} eingekauft haben. {business} nutzt Vouch, um Bewertungen zu sammeln.',
  'email.customerFallbackName': 'Kundin/Kunde',
  'email.stars.label.one': '{count} Stern',
  'email.stars.label.few': '{count} Sterne',
  'email.stars.label.many': '{count} Sterne',
  'email.stars.label.other': '{count} Sterne',
};

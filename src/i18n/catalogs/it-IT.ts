import type { Catalog } from './en-US.js';

/** Italian, formal ("lei", lower case as current usage has it). */
export const itIT: Catalog = {
  'common.skipToContent': 'Vai al contenuto principale',
  'common.poweredBy': 'Recensioni raccolte con Vouch',
  'common.backToBusiness': 'Torna a {business}',

  'form.title': 'Recensisci {business}',
  'form.heading': 'Com’è stata la sua esperienza con {business}?',
  'form.intro':
    'La sua recensione sincera aiuta gli altri clienti a scegliere e aiuta {business} a migliorare.',
  'form.rating.legend': 'La sua valutazione complessiva',
  'form.rating.star1': 'Pessimo',
  'form.rating.star2': 'Scarso',
  'form.rating.star3': 'Nella media',
  'form.rating.star4': 'Molto buono',
  'form.rating.star5': 'Eccellente',
  'form.rating.starLabel': 'Valutazione {n} su 5',
  'form.reviewTitle.label': 'Titolo',
  'form.reviewTitle.placeholder': 'Riassuma la sua esperienza in poche parole',
  'form.reviewText.label': 'La sua recensione',
  'form.reviewText.placeholder': 'Che cosa le è piaciuto? Che cosa si poteva fare meglio?',
  'form.reviewText.hint': 'Tra {min} e {max} caratteri.',
  'form.product.legend': 'Come valuterebbe {product}?',
  'form.submit': 'Invia recensione',
  'form.update': 'Aggiorna recensione',
  'form.editNote': 'Ha scritto questa recensione il {date}. Può modificarla qui sotto.',
  'form.error.summary': 'Controlli i campi indicati qui sotto.',
  'form.error.ratingRequired': 'Scelga una valutazione in stelle.',
  'form.error.ratingRange': 'Scelga una valutazione da 1 a 5 stelle.',
  'form.error.titleRequired': 'Dia un titolo alla sua recensione.',
  'form.error.titleTooLong': 'Il titolo può contenere al massimo {max} caratteri.',
  'form.error.textTooShort': 'Scriva almeno {min} caratteri.',
  'form.error.textTooLong': 'La recensione può contenere al massimo {max} caratteri.',
  'form.error.productRatingInvalid': 'Valuti ogni prodotto da 1 a 5 stelle.',
  'form.error.sessionExpired': 'Il modulo è scaduto. La preghiamo di inviarlo di nuovo.',
  'form.error.rateLimited': 'Troppi invii dalla sua rete. Attenda un minuto e riprovi.',

  'thanks.title': 'Grazie',
  'thanks.heading': 'Grazie per la sua recensione',
  'thanks.body':
    'Abbiamo ricevuto la sua recensione su {business}. Aiuterà altri clienti a fare la scelta giusta.',
  'thanks.editLink': 'Modifica la recensione',
  'thanks.seeAll': 'Vedi tutte le recensioni su {business}',

  'linkError.title': 'Questo link non può essere utilizzato',
  'linkError.body':
    'Il link potrebbe essere incompleto o essere stato modificato. Chieda a {business} un nuovo invito.',
  'linkError.bodyGeneric':
    'Il link potrebbe essere incompleto o essere stato modificato. Chieda un nuovo invito all’azienda che glielo ha inviato.',
  'notFound.title': 'Pagina non trovata',
  'notFound.body': 'A questo indirizzo non c’è nessuna pagina. Controlli il link e riprovi.',

  'label.verified.text': 'Verificata',
  'label.verified.description':
    'Recensione verificata: il sistema dell’azienda ha inviato l’invito automaticamente dopo un acquisto.',
  'label.invited.text': 'Su invito',
  'label.invited.description': 'Recensione su invito: l’azienda ha invitato questo cliente manualmente.',
  'label.organic.text': 'Spontanea',
  'label.organic.description':
    'Recensione spontanea: scritta di propria iniziativa, con indirizzo email confermato.',

  'labelsPage.title': 'Come vengono contrassegnate le recensioni',
  'labelsPage.intro':
    'Ogni recensione su Vouch ha un’etichetta che indica come è stata raccolta. L’etichetta non dipende mai dalla valutazione.',
  'labelsPage.verified.heading': 'Verificata',
  'labelsPage.verified.body':
    'La recensione è arrivata tramite un invito automatico: il sistema dell’azienda lo ha inviato dopo un acquisto reale, ad esempio inoltrando a Vouch in copia le email degli ordini, tramite l’API di Vouch o un’integrazione con il negozio online, oppure con un link di recensione crittografato o firmato.',
  'labelsPage.invited.heading': 'Su invito',
  'labelsPage.invited.body':
    'L’azienda ha invitato il cliente manualmente, ad esempio caricando un file di clienti o inserendo un indirizzo email.',
  'labelsPage.organic.heading': 'Spontanea (senza etichetta)',
  'labelsPage.organic.body':
    'L’autore ha scritto la recensione di propria iniziativa, senza invito, e ha confermato il proprio indirizzo email prima della pubblicazione.',

  'public.title': 'Recensioni su {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} su 5',
  'public.reviewCount.one': '{count} recensione',
  'public.reviewCount.few': '{count} recensioni',
  'public.reviewCount.many': '{count} di recensioni',
  'public.reviewCount.other': '{count} recensioni',
  'public.basedOn.one': 'Basato su {count} recensione',
  'public.basedOn.few': 'Basato su {count} recensioni',
  'public.basedOn.many': 'Basato su {count} di recensioni',
  'public.basedOn.other': 'Basato su {count} recensioni',
  'public.distribution.heading': 'Distribuzione delle valutazioni',
  'public.distribution.row.one': '{count} stella',
  'public.distribution.row.few': '{count} stelle',
  'public.distribution.row.many': '{count} di stelle',
  'public.distribution.row.other': '{count} stelle',
  'public.empty.heading': 'Ancora nessuna recensione',
  'public.empty.body': 'Sia il primo a raccontare la sua esperienza con {business}.',
  'public.writeReview': 'Scrivi una recensione',
  'public.pagination.label': 'Pagine di recensioni',
  'public.newer': 'Recensioni più recenti',
  'public.older': 'Recensioni meno recenti',
  'public.reviewedOn': 'Recensione del {date}',
  'public.reviewRating': 'Valutazione: {n} su 5',
  'public.howLabelsWork': 'Come funzionano le etichette',
  'public.products': 'Prodotti: {products}',

  'widget.reviewCount.one': '{count} recensione',
  'widget.reviewCount.few': '{count} recensioni',
  'widget.reviewCount.many': '{count} di recensioni',
  'widget.reviewCount.other': '{count} recensioni',
  'widget.readReviews': 'Leggi le recensioni su Vouch',
  'widget.seeReviews': 'Vedi le recensioni',

  'organic.title': 'Scrivi una recensione su {business}',
  'organic.intro':
    'Racconti ad altri clienti la sua esperienza con {business}. Prima di pubblicare la recensione le chiederemo di confermare il suo indirizzo email.',
  'organic.email.label': 'Indirizzo email',
  'organic.email.hint': 'Le invieremo un link di conferma. Il suo indirizzo non verrà mai mostrato.',
  'organic.email.invalid': 'Inserisca un indirizzo email valido, ad esempio jane@example.com.',
  'organic.sendFailed':
    'Al momento non è stato possibile inviare l’email di conferma. Riprovi tra qualche minuto.',
  'organic.name.label': 'Il suo nome',
  'organic.submit': 'Invia recensione',
  'organic.checkEmail.title': 'Controlli la sua email',
  'organic.checkEmail.body':
    'Abbiamo inviato un link di conferma a {email}. Lo apra per pubblicare la recensione. Se non trova l’email, controlli anche la cartella dello spam.',
  'organic.confirmed.title': 'La sua recensione è confermata',
  'organic.confirmed.body':
    'Grazie per aver confermato il suo indirizzo email. La sua recensione su {business} è ora pubblicata.',
  'organic.confirmLinkInvalid.title': 'Questo link di conferma non può essere utilizzato',
  'organic.confirmLinkInvalid.body':
    'Il link potrebbe essere incompleto o scaduto. Scriva di nuovo la recensione e le invieremo un nuovo link.',
  'organic.confirmationEmail.subject': 'Confermi la sua recensione su {business}',
  'organic.confirmationEmail.body':
    'Salve,\n\ngrazie per aver recensito {business}. Confermi il suo indirizzo email per pubblicare la recensione:\n\n{link}\n\nSe non ha scritto lei questa recensione, può ignorare questa email: non verrà pubblicato nulla.',

  'unsubscribe.title': 'Annulla l’iscrizione',
  'unsubscribe.question':
    'Interrompere gli inviti a lasciare una recensione inviati da {business} a {email}?',
  'unsubscribe.business': 'Annulla l’iscrizione a {business}',
  'unsubscribe.all': 'Annulla l’iscrizione a tutte le aziende di questo server Vouch',
  'unsubscribe.done.title': 'Iscrizione annullata',
  'unsubscribe.done.business': 'Non riceverà più inviti a lasciare una recensione da {business}.',
  'unsubscribe.done.all':
    'Non riceverà più inviti a lasciare una recensione da nessuna azienda di questo server Vouch.',
  'unsubscribe.invalid.title': 'Questo link di annullamento non può essere utilizzato',
  'unsubscribe.invalid.body':
    'Il link potrebbe essere incompleto o essere stato modificato. Usi il link dell’ultima email che ha ricevuto.',

  'email.invitation.subject': 'Com’è andato il suo ordine da [CompanyIdentifier]?',
  'email.invitation.body':
    'Gentile [Name],\n\ngrazie per il suo ordine [Order] da [CompanyIdentifier]. Ci piacerebbe sapere com’è andata. Clicchi su una stella per valutare la sua esperienza:\n\n[Stars]\n\nOppure scriva qui la sua recensione: [Link]\n\nCi vuole solo un minuto e aiuta gli altri clienti.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'Cosa ne pensa del suo acquisto da [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Gentile [Name],\n\ngrazie per il suo ordine [Order] da [CompanyIdentifier]. Cosa ne pensa dei prodotti acquistati?\n\n[Products]\n\nScriva qui una breve recensione: [Link]\n\nLa sua opinione aiuta gli altri clienti a scegliere il prodotto giusto.\n\n[LegalNotice]',
  'email.reminder.subject': 'Promemoria: com’è andato il suo ordine da [CompanyIdentifier]?',
  'email.reminder.body':
    'Gentile [Name],\n\ndi recente le abbiamo chiesto com’è andato il suo ordine [Order] da [CompanyIdentifier]. Se non ha ancora avuto modo di rispondere, ci farebbe piacere conoscere la sua opinione:\n\n[Stars]\n\nOppure scriva qui la sua recensione: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Non desidera più ricevere queste email? Annulli l’iscrizione: {url}',
  'email.footer.legal':
    'Ha ricevuto questa email perché ha effettuato un acquisto da {business}. {business} utilizza Vouch per raccogliere recensioni.',
  // Reads "Gentile cliente," in the default greeting.
  'email.customerFallbackName': 'cliente',
  'email.stars.label.one': '{count} stella',
  'email.stars.label.few': '{count} stelle',
  'email.stars.label.many': '{count} di stelle',
  'email.stars.label.other': '{count} stelle',
};

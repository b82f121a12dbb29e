import type { Catalog } from './en-US.js';

/** Spanish (Spain), formal ("usted"). Also served to Latin American hosts and browsers. */
export const esES: Catalog = {
  'common.skipToContent': 'Saltar al contenido principal',
  'common.poweredBy': 'Opiniones recopiladas con Vouch',
  'common.backToBusiness': 'Volver a {business}',

  'form.title': 'Valorar {business}',
  'form.heading': '¿Qué tal su experiencia con {business}?',
  'form.intro': 'Su opinión sincera ayuda a otros clientes a decidir y a {business} a mejorar.',
  'form.rating.legend': 'Su valoración general',
  'form.rating.star1': 'Malo',
  'form.rating.star2': 'Deficiente',
  'form.rating.star3': 'Regular',
  'form.rating.star4': 'Muy bueno',
  'form.rating.star5': 'Excelente',
  'form.rating.starLabel': '{n} de 5 estrellas',
  'form.reviewTitle.label': 'Título',
  'form.reviewTitle.placeholder': 'Resuma su experiencia en pocas palabras',
  'form.reviewText.label': 'Su opinión',
  'form.reviewText.placeholder': '¿Qué le gustó? ¿Qué podría haber sido mejor?',
  'form.reviewText.hint': 'Entre {min} y {max} caracteres.',
  'form.product.legend': '¿Cómo valoraría {product}?',
  'form.submit': 'Enviar opinión',
  'form.update': 'Actualizar opinión',
  'form.editNote': 'Publicó su opinión el {date}. Puede modificarla a continuación.',
  'form.error.summary': 'Revise los campos indicados a continuación.',
  'form.error.ratingRequired': 'Seleccione una valoración de estrellas.',
  'form.error.ratingRange': 'Elija una valoración de 1 a 5 estrellas.',
  'form.error.titleRequired': 'Añada un título a su opinión.',
  'form.error.titleTooLong': 'El título no puede superar los {max} caracteres.',
  'form.error.textTooShort': 'Escriba al menos {min} caracteres.',
  'form.error.textTooLong': 'Su opinión no puede superar los {max} caracteres.',
  'form.error.productRatingInvalid': 'Valore cada producto de 1 a 5 estrellas.',
  'form.error.sessionExpired': 'El formulario ha caducado. Vuelva a enviarlo.',
  'form.error.rateLimited':
    'Se han enviado demasiadas opiniones desde su red. Espere un minuto y vuelva a intentarlo.',

  'thanks.title': 'Gracias',
  'thanks.heading': 'Gracias por su opinión',
  'thanks.body':
    'Hemos recibido su opinión sobre {business}. Ayudará a otros clientes a tomar la mejor decisión.',
  'thanks.editLink': 'Editar su opinión',
  'thanks.seeAll': 'Ver todas las opiniones sobre {business}',

  'linkError.title': 'Este enlace no se puede usar',
  'linkError.body':
    'Es posible que el enlace esté incompleto o que se haya modificado. Pida a {business} una nueva invitación.',
  'linkError.bodyGeneric':
    'Es posible que el enlace esté incompleto o que se haya modificado. Pida una nueva invitación a la empresa que se lo envió.',
  'notFound.title': 'Página no encontrada',
  'notFound.body': 'No hay ninguna página en esta dirección. Compruebe el enlace e inténtelo de nuevo.',

  'label.verified.text': 'Verificada',
  'label.verified.description':
    'Opinión verificada: el sistema de la empresa envió la invitación automáticamente tras una compra.',
  'label.invited.text': 'Por invitación',
  'label.invited.description': 'Opinión por invitación: la empresa invitó a este cliente manualmente.',
  'label.organic.text': 'Espontánea',
  'label.organic.description':
    'Opinión espontánea: escrita por iniciativa propia, con una dirección de correo electrónico confirmada.',

  'labelsPage.title': 'Cómo se etiquetan las opiniones',
  'labelsPage.intro':
    'Cada opinión en Vouch lleva una etiqueta que indica cómo se obtuvo. La etiqueta nunca depende de la valoración.',
  'labelsPage.verified.heading': 'Verificada',
  'labelsPage.verified.body':
    'La opinión llegó a través de una invitación automática: el sistema de la propia empresa la envió tras una compra real, por ejemplo reenviando a Vouch una copia de sus correos de pedido, mediante la API de Vouch o una integración con su tienda online, o con un enlace de opinión cifrado o firmado.',
  'labelsPage.invited.heading': 'Por invitación',
  'labelsPage.invited.body':
    'La empresa invitó al cliente manualmente, por ejemplo subiendo un archivo con sus clientes o escribiendo una dirección de correo electrónico.',
  'labelsPage.organic.heading': 'Espontánea (sin etiqueta)',
  'labelsPage.organic.body':
    'La persona escribió la opinión por iniciativa propia, sin invitación, y confirmó su dirección de correo electrónico antes de su publicación.',

  'public.title': 'Opiniones sobre {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} de 5',
  'public.reviewCount.one': '{count} opinión',
  'public.reviewCount.few': '{count} opiniones',
  'public.reviewCount.many': '{count} de opiniones',
  'public.reviewCount.other': '{count} opiniones',
  'public.basedOn.one': 'Basado en {count} opinión',
  'public.basedOn.few': 'Basado en {count} opiniones',
  'public.basedOn.many': 'Basado en {count} de opiniones',
  'public.basedOn.other': 'Basado en {count} opiniones',
  'public.distribution.heading': 'Distribución de las valoraciones',
  'public.distribution.row.one': '{count} estrella',
  'public.distribution.row.few': '{count} estrellas',
  'public.distribution.row.many': '{count} de estrellas',
  'public.distribution.row.other': '{count} estrellas',
  'public.empty.heading': 'Todavía no hay opiniones',
  'public.empty.body': 'Sea el primero en compartir su experiencia con {business}.',
  'public.writeReview': 'Escribir una opinión',
  'public.pagination.label': 'Páginas de opiniones',
  'public.newer': 'Opiniones más recientes',
  'public.older': 'Opiniones anteriores',
  'public.reviewedOn': 'Opinión del {date}',
  'public.reviewRating': 'Valoración: {n} de 5 estrellas',
  'public.howLabelsWork': 'Cómo funcionan las etiquetas',
  'public.products': 'Productos: {products}',

  'widget.reviewCount.one': '{count} opinión',
  'widget.reviewCount.few': '{count} opiniones',
  'widget.reviewCount.many': '{count} de opiniones',
  'widget.reviewCount.other': '{count} opiniones',
  'widget.readReviews': 'Leer opiniones en Vouch',
  'widget.seeReviews': 'Ver opiniones',

  'organic.title': 'Escribir una opinión sobre {business}',
  'organic.intro':
    'Cuente a otros clientes su experiencia con {business}. Antes de publicar su opinión, le pediremos que confirme su dirección de correo electrónico.',
  'organic.email.label': 'Correo electrónico',
  'organic.email.hint': 'Le enviaremos un enlace de confirmación. Su dirección nunca se mostrará.',
  'organic.email.invalid':
    'Introduzca una dirección de correo electrónico válida, por ejemplo jane@example.com.',
  'organic.sendFailed':
    'No hemos podido enviar el correo de confirmación en este momento. Inténtelo de nuevo en unos minutos.',
  'organic.name.label': 'Su nombre',
  'organic.submit': 'Enviar opinión',
  'organic.checkEmail.title': 'Revise su correo',
  'organic.checkEmail.body':
    'Hemos enviado un enlace de confirmación a {email}. Ábralo para publicar su opinión. Si no encuentra el mensaje, revise la carpeta de correo no deseado.',
  'organic.confirmed.title': 'Su opinión está confirmada',
  'organic.confirmed.body':
    'Gracias por confirmar su dirección de correo electrónico. Su opinión sobre {business} ya está publicada.',
  'organic.confirmLinkInvalid.title': 'Este enlace de confirmación no se puede usar',
  'organic.confirmLinkInvalid.body':
    'Es posible que el enlace esté incompleto o haya caducado. Vuelva a escribir su opinión y le enviaremos un nuevo enlace.',
  'organic.confirmationEmail.subject': 'Confirme su opinión sobre {business}',
  'organic.confirmationEmail.body':
    'Hola:\n\nGracias por opinar sobre {business}. Confirme su dirección de correo electrónico para publicar su opinión:\n\n{link}\n\nSi usted no ha escrito esta opinión, puede ignorar este mensaje y no se publicará nada.',

  'unsubscribe.title': 'Darse de baja',
  'unsubscribe.question': '¿Dejar de enviar a {email} invitaciones de {business} para opinar?',
  'unsubscribe.business': 'Darme de baja de {business}',
  'unsubscribe.all': 'Darme de baja de todas las empresas de este servidor de Vouch',
  'unsubscribe.done.title': 'Se ha dado de baja',
  'unsubscribe.done.business': 'Ya no recibirá más invitaciones de {business} para opinar.',
  'unsubscribe.done.all':
    'Ya no recibirá más invitaciones para opinar de ninguna empresa de este servidor de Vouch.',
  'unsubscribe.invalid.title': 'Este enlace para darse de baja no se puede usar',
  'unsubscribe.invalid.body':
    'Es posible que el enlace esté incompleto o que se haya modificado. Use el enlace del correo más reciente que haya recibido.',

  'email.invitation.subject': '¿Qué tal fue su pedido en [CompanyIdentifier]?',
  'email.invitation.body':
    'Hola, [Name]:\n\nGracias por su pedido [Order] en [CompanyIdentifier]. Nos encantaría saber qué tal fue. Haga clic en una estrella para valorar su experiencia:\n\n[Stars]\n\nO escriba su opinión aquí: [Link]\n\nSolo le llevará un minuto y ayudará a otros clientes.\n\n[LegalNotice]',
  'email.productInvitation.subject': '¿Qué le parece su compra en [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Hola, [Name]:\n\nGracias por su pedido [Order] en [CompanyIdentifier]. ¿Qué le parecen los productos que compró?\n\n[Products]\n\nEscriba una breve opinión aquí: [Link]\n\nSu opinión ayuda a otros clientes a elegir el producto adecuado.\n\n[LegalNotice]',
  'email.reminder.subject': 'Recordatorio: ¿qué tal fue su pedido en [CompanyIdentifier]?',
  'email.reminder.body':
    'Hola, [Name]:\n\nHace poco le preguntamos qué tal fue su pedido [Order] en [CompanyIdentifier]. Si aún no ha tenido ocasión de responder, nos encantaría conocer su opinión:\n\n[Stars]\n\nO escriba su opinión aquí: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': '¿No desea recibir estos correos? Darse de baja: {url}',
  'email.footer.legal':
    'Ha recibido este correo porque realizó una compra en {business}. {business} utiliza Vouch para recopilar opiniones.',
  'email.customerFallbackName': 'cliente',
  'email.stars.label.one': '{count} estrella',
  'email.stars.label.few': '{count} estrellas',
  'email.stars.label.many': '{count} de estrellas',
  'email.stars.label.other': '{count} estrellas',
};

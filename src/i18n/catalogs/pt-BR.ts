import type { Catalog } from './en-US.js';

/** Brazilian Portuguese ("você"). Also served to Portugal, whose browsers ask for `pt-PT`. */
export const ptBR: Catalog = {
  'common.skipToContent': 'Pular para o conteúdo principal',
  'common.poweredBy': 'Avaliações coletadas pelo Vouch',
  'common.backToBusiness': 'Voltar para {business}',

  'form.title': 'Avalie {business}',
  'form.heading': 'Como foi sua experiência com {business}?',
  'form.intro': 'Sua avaliação sincera ajuda outros clientes a escolher e ajuda {business} a melhorar.',
  'form.rating.legend': 'Sua nota geral',
  'form.rating.star1': 'Péssimo',
  'form.rating.star2': 'Ruim',
  'form.rating.star3': 'Regular',
  'form.rating.star4': 'Muito bom',
  'form.rating.star5': 'Excelente',
  'form.rating.starLabel': '{n} de 5 estrelas',
  'form.reviewTitle.label': 'Título',
  'form.reviewTitle.placeholder': 'Resuma sua experiência em poucas palavras',
  'form.reviewText.label': 'Sua avaliação',
  'form.reviewText.placeholder': 'Do que você gostou? O que poderia ter sido melhor?',
  'form.reviewText.hint': 'Entre {min} e {max} caracteres.',
  'form.product.legend': 'Que nota você dá para {product}?',
  'form.submit': 'Enviar avaliação',
  'form.update': 'Atualizar avaliação',
  'form.editNote': 'Você enviou esta avaliação em {date}. Se quiser, pode alterá-la abaixo.',
  'form.error.summary': 'Verifique os campos indicados abaixo.',
  'form.error.ratingRequired': 'Escolha quantas estrelas você dá.',
  'form.error.ratingRange': 'Escolha uma nota de 1 a 5 estrelas.',
  'form.error.titleRequired': 'Dê um título à sua avaliação.',
  'form.error.titleTooLong': 'O título pode ter no máximo {max} caracteres.',
  'form.error.textTooShort': 'Escreva pelo menos {min} caracteres.',
  'form.error.textTooLong': 'Sua avaliação pode ter no máximo {max} caracteres.',
  'form.error.productRatingInvalid': 'Dê a cada produto uma nota de 1 a 5 estrelas.',
  'form.error.sessionExpired': 'O formulário expirou. Envie-o novamente.',
  'form.error.rateLimited': 'Muitos envios a partir da sua rede. Aguarde um minuto e tente novamente.',

  'thanks.title': 'Obrigado',
  'thanks.heading': 'Obrigado pela sua avaliação',
  'thanks.body':
    'Recebemos sua avaliação sobre {business}. Ela vai ajudar outros clientes a fazer a escolha certa.',
  'thanks.editLink': 'Editar sua avaliação',
  'thanks.seeAll': 'Ver todas as avaliações sobre {business}',

  'linkError.title': 'Este link não pode ser usado',
  'linkError.body': 'O link pode estar incompleto ou ter sido alterado. Peça um novo convite a {business}.',
  'linkError.bodyGeneric':
    'O link pode estar incompleto ou ter sido alterado. Peça um novo convite à empresa que o enviou.',
  'notFound.title': 'Página não encontrada',
  'notFound.body': 'Não existe nenhuma página neste endereço. Verifique o link e tente novamente.',

  'label.verified.text': 'Verificada',
  'label.verified.description':
    'Avaliação verificada: o sistema da própria empresa enviou o convite automaticamente após uma compra.',
  'label.invited.text': 'Por convite',
  'label.invited.description': 'Avaliação por convite: a empresa convidou este cliente manualmente.',
  'label.organic.text': 'Espontânea',
  'label.organic.description': 'Avaliação espontânea: escrita por iniciativa própria, com e-mail confirmado.',

  'labelsPage.title': 'Como as avaliações são identificadas',
  'labelsPage.intro':
    'Toda avaliação no Vouch tem uma identificação que mostra como ela foi obtida. A identificação nunca depende da nota.',
  'labelsPage.verified.heading': 'Verificada',
  'labelsPage.verified.body':
    'A avaliação veio de um convite automático: o sistema da própria empresa enviou o convite após uma compra real, por exemplo encaminhando ao Vouch uma cópia dos e-mails de pedido, pela API do Vouch ou por uma integração com a loja virtual, ou com um link de avaliação criptografado ou assinado.',
  'labelsPage.invited.heading': 'Por convite',
  'labelsPage.invited.body':
    'A empresa convidou o cliente manualmente, por exemplo enviando uma lista de clientes ou digitando um endereço de e-mail.',
  'labelsPage.organic.heading': 'Espontânea (sem identificação)',
  'labelsPage.organic.body':
    'A pessoa escreveu a avaliação por iniciativa própria, sem convite, e confirmou o endereço de e-mail antes da publicação.',

  'public.title': 'Avaliações sobre {business}',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score} de 5',
  'public.reviewCount.one': '{count} avaliação',
  'public.reviewCount.few': '{count} avaliações',
  'public.reviewCount.many': '{count} de avaliações',
  'public.reviewCount.other': '{count} avaliações',
  'public.basedOn.one': 'Com base em {count} avaliação',
  'public.basedOn.few': 'Com base em {count} avaliações',
  'public.basedOn.many': 'Com base em {count} de avaliações',
  'public.basedOn.other': 'Com base em {count} avaliações',
  'public.distribution.heading': 'Distribuição das notas',
  'public.distribution.row.one': '{count} estrela',
  'public.distribution.row.few': '{count} estrelas',
  'public.distribution.row.many': '{count} de estrelas',
  'public.distribution.row.other': '{count} estrelas',
  'public.empty.heading': 'Ainda não há avaliações',
  'public.empty.body': 'Seja o primeiro a contar como foi sua experiência com {business}.',
  'public.writeReview': 'Escrever uma avaliação',
  'public.pagination.label': 'Páginas de avaliações',
  'public.newer': 'Avaliações mais recentes',
  'public.older': 'Avaliações mais antigas',
  'public.reviewedOn': 'Avaliado em {date}',
  'public.reviewRating': 'Nota: {n} de 5 estrelas',
  'public.howLabelsWork': 'Como funcionam as identificações',
  'public.products': 'Produtos: {products}',

  'widget.reviewCount.one': '{count} avaliação',
  'widget.reviewCount.few': '{count} avaliações',
  'widget.reviewCount.many': '{count} de avaliações',
  'widget.reviewCount.other': '{count} avaliações',
  'widget.readReviews': 'Leia as avaliações no Vouch',
  'widget.seeReviews': 'Ver avaliações',

  'organic.title': 'Escreva uma avaliação sobre {business}',
  'organic.intro':
    'Conte a outros clientes como foi sua experiência com {business}. Antes de publicar sua avaliação, vamos pedir que você confirme seu e-mail.',
  'organic.email.label': 'E-mail',
  'organic.email.hint': 'Enviaremos um link de confirmação. Seu endereço nunca é exibido.',
  'organic.email.invalid': 'Informe um endereço de e-mail válido, como jane@example.com.',
  'organic.sendFailed':
    'Não foi possível enviar o e-mail de confirmação agora. Tente novamente em alguns minutos.',
  'organic.name.label': 'Seu nome',
  'organic.submit': 'Enviar avaliação',
  'organic.checkEmail.title': 'Confira seu e-mail',
  'organic.checkEmail.body':
    'Enviamos um link de confirmação para {email}. Abra o link para publicar sua avaliação. Se não encontrar a mensagem, verifique a pasta de spam.',
  'organic.confirmed.title': 'Sua avaliação foi confirmada',
  'organic.confirmed.body':
    'Obrigado por confirmar seu e-mail. Sua avaliação sobre {business} já está publicada.',
  'organic.confirmLinkInvalid.title': 'Este link de confirmação não pode ser usado',
  'organic.confirmLinkInvalid.body':
    'O link pode estar incompleto ou ter expirado. Escreva sua avaliação novamente e enviaremos um novo link.',
  'organic.confirmationEmail.subject': 'Confirme sua avaliação sobre {business}',
  'organic.confirmationEmail.body':
    'Olá!\n\nObrigado por avaliar {business}. Confirme seu e-mail para publicar sua avaliação:\n\n{link}\n\nSe você não escreveu esta avaliação, pode ignorar este e-mail: nada será publicado.',

  'unsubscribe.title': 'Cancelar inscrição',
  'unsubscribe.question': 'Parar de enviar convites de avaliação de {business} para {email}?',
  'unsubscribe.business': 'Cancelar convites de {business}',
  'unsubscribe.all': 'Cancelar convites de todas as empresas deste servidor Vouch',
  'unsubscribe.done.title': 'Inscrição cancelada',
  'unsubscribe.done.business': 'Você não vai mais receber convites de avaliação de {business}.',
  'unsubscribe.done.all':
    'Você não vai mais receber convites de avaliação de nenhuma empresa deste servidor Vouch.',
  'unsubscribe.invalid.title': 'Este link de cancelamento não pode ser usado',
  'unsubscribe.invalid.body':
    'O link pode estar incompleto ou ter sido alterado. Use o link do e-mail mais recente que você recebeu.',

  'email.invitation.subject': 'Como foi seu pedido em [CompanyIdentifier]?',
  'email.invitation.body':
    'Olá, [Name]!\n\nObrigado pelo seu pedido [Order] em [CompanyIdentifier]. Queremos saber como foi. Clique em uma estrela para avaliar sua experiência:\n\n[Stars]\n\nOu escreva sua avaliação aqui: [Link]\n\nLeva só um minuto e ajuda outros clientes.\n\n[LegalNotice]',
  'email.productInvitation.subject': 'O que você achou da sua compra em [CompanyIdentifier]?',
  'email.productInvitation.body':
    'Olá, [Name]!\n\nObrigado pelo seu pedido [Order] em [CompanyIdentifier]. O que você achou dos produtos que comprou?\n\n[Products]\n\nEscreva uma avaliação rápida aqui: [Link]\n\nSua opinião ajuda outros clientes a escolher o produto certo.\n\n[LegalNotice]',
  'email.reminder.subject': 'Lembrete: como foi seu pedido em [CompanyIdentifier]?',
  'email.reminder.body':
    'Olá, [Name]!\n\nRecentemente perguntamos como foi seu pedido [Order] em [CompanyIdentifier]. Se você ainda não teve tempo de responder, continuamos querendo saber sua opinião:\n\n[Stars]\n\nOu escreva sua avaliação aqui: [Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': 'Não quer mais receber estes e-mails? Cancele a inscrição: {url}',
  'email.footer.legal':
    'Você recebeu este e-mail porque fez uma compra em {business}. {business} usa o Vouch para coletar avaliações.',
  'email.customerFallbackName': 'cliente',
  'email.stars.label.one': '{count} estrela',
  'email.stars.label.few': '{count} estrelas',
  'email.stars.label.many': '{count} de estrelas',
  'email.stars.label.other': '{count} estrelas',
};

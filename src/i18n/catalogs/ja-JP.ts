import type { Catalog } from './en-US.js';

/**
 * Japanese, polite form (です・ます). Japanese has no plural, so every plural form repeats one text.
 * The emails open with "[Name]様"; the fallback name is therefore "お客", which reads "お客様".
 */
export const jaJP: Catalog = {
  'common.skipToContent': 'メインコンテンツへスキップ',
  'common.poweredBy': 'Vouchで集めたレビュー',
  'common.backToBusiness': '{business}に戻る',

  'form.title': '{business}のレビューを書く',
  'form.heading': '{business}のご利用はいかがでしたか？',
  'form.intro':
    '率直なレビューは、ほかのお客様が選ぶときの参考になり、{business}のサービス向上にも役立ちます。',
  'form.rating.legend': '総合評価',
  'form.rating.star1': '悪い',
  'form.rating.star2': 'いまいち',
  'form.rating.star3': '普通',
  'form.rating.star4': 'とても良い',
  'form.rating.star5': '最高',
  'form.rating.starLabel': '5つ星中{n}つ星',
  'form.reviewTitle.label': 'タイトル',
  'form.reviewTitle.placeholder': 'ご感想をひとことで',
  'form.reviewText.label': 'レビュー',
  'form.reviewText.placeholder': '良かった点や、改善してほしい点を教えてください。',
  'form.reviewText.hint': '{min}～{max}文字でご記入ください。',
  'form.product.legend': '{product}の評価をお聞かせください。',
  'form.submit': 'レビューを投稿する',
  'form.update': 'レビューを更新する',
  'form.editNote': '{date}にレビューを投稿いただきました。以下から内容を変更できます。',
  'form.error.summary': '以下の項目をご確認ください。',
  'form.error.ratingRequired': '星の数を選んでください。',
  'form.error.ratingRange': '1～5の星で評価してください。',
  'form.error.titleRequired': 'タイトルを入力してください。',
  'form.error.titleTooLong': 'タイトルは{max}文字以内で入力してください。',
  'form.error.textTooShort': '{min}文字以上で入力してください。',
  'form.error.textTooLong': 'レビューは{max}文字以内で入力してください。',
  'form.error.productRatingInvalid': '各商品を1～5の星で評価してください。',
  'form.error.sessionExpired': 'フォームの有効期限が切れました。もう一度送信してください。',
  'form.error.rateLimited':
    'お使いのネットワークからの送信が多すぎます。1分ほど待ってから、もう一度お試しください。',

  'thanks.title': 'ありがとうございました',
  'thanks.heading': 'レビューをお寄せいただき、ありがとうございます',
  'thanks.body': '{business}へのレビューを受け付けました。ほかのお客様が選ぶときの参考になります。',
  'thanks.editLink': 'レビューを編集する',
  'thanks.seeAll': '{business}のレビューをすべて見る',

  'linkError.title': 'このリンクはご利用いただけません',
  'linkError.body':
    'リンクが不完全か、変更されている可能性があります。{business}に新しい招待をご依頼ください。',
  'linkError.bodyGeneric':
    'リンクが不完全か、変更されている可能性があります。リンクを送った事業者に新しい招待をご依頼ください。',
  'notFound.title': 'ページが見つかりません',
  'notFound.body': 'このアドレスのページはありません。リンクをご確認のうえ、もう一度お試しください。',

  'label.verified.text': '認証済み',
  'label.verified.description': '認証済みレビュー：購入後、事業者のシステムから自動で招待が送られました。',
  'label.invited.text': '招待',
  'label.invited.description': '招待によるレビュー：事業者がこのお客様を手動で招待しました。',
  'label.organic.text': '自発的な投稿',
  'label.organic.description':
    '自発的なレビュー：投稿者が自らの意思で書いたもので、メールアドレスは確認済みです。',

  'labelsPage.title': 'レビューのラベルについて',
  'labelsPage.intro':
    'Vouchのレビューにはすべて、どのように投稿されたかを示すラベルが付いています。評価の内容によってラベルが変わることはありません。',
  'labelsPage.verified.heading': '認証済み',
  'labelsPage.verified.body':
    '自動の招待から投稿されたレビューです。実際の購入後に、事業者のシステムが招待を送りました。たとえば、注文メールのコピーをVouchに送る方法、VouchのAPIやネットショップとの連携、暗号化または署名されたレビュー用リンクなどです。',
  'labelsPage.invited.heading': '招待',
  'labelsPage.invited.body':
    '事業者がお客様を手動で招待したレビューです。たとえば、顧客リストのファイルをアップロードしたり、メールアドレスを入力したりする方法です。',
  'labelsPage.organic.heading': '自発的な投稿（ラベルなし）',
  'labelsPage.organic.body':
    '投稿者が招待を受けずに、自らの意思で書いたレビューです。公開前にメールアドレスの確認を行っています。',

  'public.title': '{business}のレビュー',
  'public.trustScore.label': 'TrustScore',
  'public.trustScore.value': 'TrustScore {score}（5点満点）',
  'public.reviewCount.one': '{count}件のレビュー',
  'public.reviewCount.few': '{count}件のレビュー',
  'public.reviewCount.many': '{count}件のレビュー',
  'public.reviewCount.other': '{count}件のレビュー',
  'public.basedOn.one': '{count}件のレビューに基づく',
  'public.basedOn.few': '{count}件のレビューに基づく',
  'public.basedOn.many': '{count}件のレビューに基づく',
  'public.basedOn.other': '{count}件のレビューに基づく',
  'public.distribution.heading': '評価の内訳',
  'public.distribution.row.one': '星{count}つ',
  'public.distribution.row.few': '星{count}つ',
  'public.distribution.row.many': '星{count}つ',
  'public.distribution.row.other': '星{count}つ',
  'public.empty.heading': 'まだレビューはありません',
  'public.empty.body': '{business}について、最初のレビューを書いてみませんか。',
  'public.writeReview': 'レビューを書く',
  'public.pagination.label': 'レビューのページ',
  'public.newer': '新しいレビュー',
  'public.older': '以前のレビュー',
  'public.reviewedOn': '{date}に投稿',
  'public.reviewRating': '評価：5つ星中{n}つ星',
  'public.howLabelsWork': 'ラベルについて',
  'public.products': '商品：{products}',

  'widget.reviewCount.one': '{count}件のレビュー',
  'widget.reviewCount.few': '{count}件のレビュー',
  'widget.reviewCount.many': '{count}件のレビュー',
  'widget.reviewCount.other': '{count}件のレビュー',
  'widget.readReviews': 'Vouchでレビューを読む',
  'widget.seeReviews': 'レビューを見る',

  'organic.title': '{business}のレビューを書く',
  'organic.intro':
    '{business}を利用した感想を、ほかのお客様に伝えてください。レビューを公開する前に、メールアドレスの確認をお願いしています。',
  'organic.email.label': 'メールアドレス',
  'organic.email.hint': '確認用のリンクをお送りします。メールアドレスが公開されることはありません。',
  'organic.email.invalid': '有効なメールアドレスを入力してください（例: jane@example.com）。',
  'organic.sendFailed': '現在、確認メールを送信できませんでした。数分後にもう一度お試しください。',
  'organic.name.label': 'お名前',
  'organic.submit': 'レビューを投稿する',
  'organic.checkEmail.title': 'メールをご確認ください',
  'organic.checkEmail.body':
    '{email}に確認用のリンクをお送りしました。リンクを開くとレビューが公開されます。メールが見当たらない場合は、迷惑メールフォルダもご確認ください。',
  'organic.confirmed.title': 'レビューを確認しました',
  'organic.confirmed.body':
    'メールアドレスをご確認いただき、ありがとうございます。{business}へのレビューが公開されました。',
  'organic.confirmLinkInvalid.title': 'この確認用リンクはご利用いただけません',
  'organic.confirmLinkInvalid.body':
    'リンクが不完全か、有効期限が切れている可能性があります。お手数ですが、もう一度レビューをご記入ください。新しいリンクをお送りします。',
  'organic.confirmationEmail.subject': '{business}へのレビューのご確認',
  'organic.confirmationEmail.body':
    'こんにちは。\n\n{business}へのレビューをお寄せいただき、ありがとうございます。レビューを公開するには、次のリンクからメールアドレスをご確認ください。\n\n{link}\n\nお心当たりのない場合は、このメールを破棄してください。レビューが公開されることはありません。',

  'unsubscribe.title': '配信停止',
  'unsubscribe.question': '{business}から{email}へのレビュー招待の配信を停止しますか？',
  'unsubscribe.business': '{business}からの配信を停止する',
  'unsubscribe.all': 'このVouchサーバーのすべての事業者からの配信を停止する',
  'unsubscribe.done.title': '配信を停止しました',
  'unsubscribe.done.business': '今後、{business}からレビューの招待が届くことはありません。',
  'unsubscribe.done.all': '今後、このVouchサーバーのどの事業者からもレビューの招待が届くことはありません。',
  'unsubscribe.invalid.title': 'この配信停止リンクはご利用いただけません',
  'unsubscribe.invalid.body':
    'リンクが不完全か、変更されている可能性があります。最後に受け取ったメールのリンクをご利用ください。',

  'email.invitation.subject': '[CompanyIdentifier]でのご注文はいかがでしたか？',
  'email.invitation.body':
    '[Name]様\n\n[CompanyIdentifier]をご利用いただき、ありがとうございます。ご注文（[Order]）はいかがでしたか？星をクリックして、評価をお聞かせください。\n\n[Stars]\n\nレビューはこちらからもご記入いただけます：[Link]\n\n1分ほどで終わり、ほかのお客様の参考になります。\n\n[LegalNotice]',
  'email.productInvitation.subject': '[CompanyIdentifier]でお買い上げの商品はいかがですか？',
  'email.productInvitation.body':
    '[Name]様\n\n[CompanyIdentifier]をご利用いただき、ありがとうございます。ご注文（[Order]）の商品はいかがでしたか？\n\n[Products]\n\nこちらから簡単なレビューをご記入ください：[Link]\n\nお客様のご意見は、ほかのお客様が商品を選ぶときの参考になります。\n\n[LegalNotice]',
  'email.reminder.subject': '【再度のお願い】[CompanyIdentifier]でのご注文はいかがでしたか？',
  'email.reminder.body':
    '[Name]様\n\n先日、[CompanyIdentifier]でのご注文（[Order]）についてご感想をお伺いしました。まだお済みでなければ、ぜひお聞かせください。\n\n[Stars]\n\nレビューはこちらからもご記入いただけます：[Link]\n\n[LegalNotice]',
  'email.footer.unsubscribe': '今後このようなメールが不要な場合は、こちらから配信を停止できます：{url}',
  'email.footer.legal':
    'このメールは、{business}でお買い物をされた方にお送りしています。{business}はVouchを利用してレビューを集めています。',
  'email.customerFallbackName': 'お客',
  'email.stars.label.one': '星{count}つ',
  'email.stars.label.few': '星{count}つ',
  'email.stars.label.many': '星{count}つ',
  'email.stars.label.other': '星{count}つ',
};

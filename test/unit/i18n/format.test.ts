import { describe, expect, it } from 'vitest';
import { formatDate, formatNumber, pluralForm, t, tCount, translator } from '../../../src/i18n/index.js';

const march5 = Date.UTC(2024, 2, 5, 23, 30);

describe('t', () => {
  it('fills {name} placeholders and formats numbers for the locale', () => {
    expect(t('en-US', 'form.title', { business: 'Acme' })).toBe('Review Acme');
    expect(t('de-DE', 'public.trustScore.value', { score: 4.5 })).toBe('TrustScore 4,5 von 5');
    expect(t('en-US', 'form.reviewText.hint', { min: 20, max: 5000 })).toBe(
      'Between 20 and 5,000 characters.',
    );
    expect(t('de-DE', 'form.reviewText.hint', { min: 20, max: 5000 })).toBe('Zwischen 20 und 5.000 Zeichen.');
  });

  it('leaves a placeholder without a value in place and inserts values only once', () => {
    expect(t('en-US', 'form.title')).toBe('Review {business}');
    expect(t('en-US', 'form.title', {})).toBe('Review {business}');
    expect(t('en-US', 'email.footer.legal', { business: '{business}' })).toBe(
      'You received this email because you made a purchase from {business}. {business} uses Vouch to collect reviews.',
    );
    expect(t('en-US', 'form.title', { business: '$& $1' })).toBe('Review $& $1');
  });

  it('leaves the email template placeholders for the sender to fill', () => {
    expect(t('fr-FR', 'email.invitation.subject')).toBe(
      'Comment s’est passée votre commande chez [CompanyIdentifier]\u00a0?',
    );
    expect(t('en-US', 'email.footer.unsubscribe', { url: 'https://x.test/u/1' })).toBe(
      'Don’t want these emails? Unsubscribe: https://x.test/u/1',
    );
  });
});

describe('tCount', () => {
  it('picks the plural form of the locale', () => {
    expect(tCount('en-US', 'public.reviewCount', 1)).toBe('1 review');
    expect(tCount('en-US', 'public.reviewCount', 0)).toBe('0 reviews');
    expect(tCount('en-GB', 'public.basedOn', 1234)).toBe('Based on 1,234 reviews');
    expect(tCount('de-DE', 'public.reviewCount', 1234)).toBe('1.234 Bewertungen');
    expect(tCount('fr-FR', 'public.reviewCount', 0)).toBe('0 avis');
    expect(tCount('fr-FR', 'public.distribution.row', 1)).toBe('1 étoile');
    expect(tCount('fr-FR', 'public.distribution.row', 2)).toBe('2 étoiles');
    expect(tCount('fr-FR', 'public.reviewCount', 1_000_000)).toBe('1\u202f000\u202f000 d’avis');
  });

  it('uses all four Polish forms', () => {
    expect(tCount('pl-PL', 'public.reviewCount', 1)).toBe('1 opinia');
    expect(tCount('pl-PL', 'public.reviewCount', 3)).toBe('3 opinie');
    expect(tCount('pl-PL', 'public.reviewCount', 5)).toBe('5 opinii');
    expect(tCount('pl-PL', 'public.reviewCount', 22)).toBe('22 opinie');
    expect(tCount('pl-PL', 'email.stars.label', 5)).toBe('5 gwiazdek');
    expect(tCount('pl-PL', 'email.stars.label', 1.5)).toBe('1,5 gwiazdki');
  });

  it('has one form in Japanese', () => {
    expect(pluralForm('ja-JP', 1)).toBe('other');
    expect(tCount('ja-JP', 'public.reviewCount', 1)).toBe('1件のレビュー');
  });
});

describe('formatDate', () => {
  it('writes the date in the locale, in UTC', () => {
    expect(formatDate('en-US', march5)).toBe('March 5, 2024');
    expect(formatDate('en-GB', march5)).toBe('5 March 2024');
    expect(formatDate('de-DE', march5)).toBe('5. März 2024');
    expect(formatDate('ja-JP', march5)).toBe('2024年3月5日');
  });

  it('fits the sentences that carry it', () => {
    expect(t('de-DE', 'form.editNote', { date: formatDate('de-DE', march5) })).toBe(
      'Sie haben Ihre Bewertung am 5. März 2024 abgegeben. Unten können Sie sie ändern.',
    );
  });
});

describe('formatNumber', () => {
  it('rounds to the fraction digits asked for', () => {
    expect(formatNumber('en-US', 4.26, 1)).toBe('4.3');
    expect(formatNumber('fr-FR', 4.26, 1)).toBe('4,3');
    expect(formatNumber('en-US', 4.26)).toBe('4.26');
    expect(formatNumber('de-DE', 12345.5, 0)).toBe('12.346');
  });
});

describe('translator', () => {
  it('binds every function to one locale and survives destructuring', () => {
    const {
      locale,
      t: translate,
      tCount: count,
      formatDate: date,
      formatNumber: number,
    } = translator('sv-SE');
    expect(locale).toBe('sv-SE');
    expect(translate('public.title', { business: 'Acme' })).toBe('Omdömen om Acme');
    expect(count('public.distribution.row', 1)).toBe('1 stjärna');
    expect(date(march5)).toBe('5 mars 2024');
    expect(number(0.5, 1)).toBe('0,5');
  });
});

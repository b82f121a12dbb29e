import { describe, expect, it } from 'vitest';
import {
  parseLabel,
  REVIEW_LIMITS,
  strongerLabel,
  TRUST_SCORE,
  trustScore,
  validateReview,
  visibleLength,
} from '../../../src/domain/reviews/review-rules.js';

describe('TrustScore', () => {
  it('has no score before the first review', () => {
    expect(trustScore(0, 0)).toBeNull();
  });

  it('starts a business at the prior and pulls toward its own average as reviews add up', () => {
    // (10 × 3.5 + 15) / 13 = 3.846…
    expect(trustScore(3, 15)).toBe(3.8);
    // (35 + 300 × 4.8) / 310 = 4.758…
    expect(trustScore(300, 1440)).toBe(4.8);
    // One 1-star review moves a new business less than a full star.
    expect(trustScore(1, 1)).toBe(3.3);
  });

  it('lets volume beat a lucky start', () => {
    const lucky = trustScore(3, 15)!;
    const steady = trustScore(300, 300 * 4.6)!;
    expect(steady).toBeGreaterThan(lucky);
  });

  it('stays within the stars and never passes the side of the prior its reviews are on', () => {
    for (const count of [1, 2, 5, 10, 100, 10_000]) {
      expect(trustScore(count, count * 5)!).toBeLessThanOrEqual(5);
      expect(trustScore(count, count * 5)!).toBeGreaterThanOrEqual(TRUST_SCORE.priorMean);
      expect(trustScore(count, count)!).toBeGreaterThanOrEqual(1);
      expect(trustScore(count, count)!).toBeLessThanOrEqual(TRUST_SCORE.priorMean);
    }
    expect(trustScore(1_000_000, 5_000_000)).toBe(5);
    expect(trustScore(1_000_000, 1_000_000)).toBe(1);
  });

  it('rounds to one decimal, a score exactly halfway going up', () => {
    expect(trustScore(2, 10)).toBe(3.8); // 45 / 12 = 3.75
    expect(trustScore(10, 30)).toBe(3.3); // 65 / 20 = 3.25
  });
});

describe('labels', () => {
  it('reads a stored label, and anything unknown as organic (the weakest claim)', () => {
    expect(parseLabel('verified')).toBe('verified');
    expect(parseLabel('invited')).toBe('invited');
    expect(parseLabel('organic')).toBe('organic');
    expect(parseLabel('Verified')).toBe('organic');
    expect(parseLabel('')).toBe('organic');
  });

  it('keeps the strongest label a review earned through any entrance, in either order', () => {
    const order = ['organic', 'invited', 'verified'] as const;
    for (const [i, a] of order.entries()) {
      for (const [j, b] of order.entries()) {
        const expected = order[Math.max(i, j)];
        expect(strongerLabel(a, b)).toBe(expected);
        expect(strongerLabel(b, a)).toBe(expected);
      }
    }
  });
});

describe('review lengths count what people see', () => {
  const valid = { rating: '5', title: 'Fine', text: 'A text of enough length.' };

  it('counts an emoji, a skin-toned emoji, a flag and a family as one character each', () => {
    expect(visibleLength('👍')).toBe(1);
    expect(visibleLength('👍🏽')).toBe(1);
    expect(visibleLength('🇧🇪')).toBe(1);
    expect(visibleLength('👨‍👩‍👧‍👦')).toBe(1);
    expect(visibleLength('é')).toBe(1);
    expect(visibleLength('e\u0301')).toBe(1);
    expect(visibleLength('abc')).toBe(3);
  });

  it('accepts 3,000 emoji (6,000 UTF-16 units) and refuses 4,001', () => {
    expect(validateReview({ ...valid, text: '😀'.repeat(3000) }, []).ok).toBe(true);
    expect(validateReview({ ...valid, text: '😀'.repeat(REVIEW_LIMITS.textMax) }, []).ok).toBe(true);
    expect(validateReview({ ...valid, text: '😀'.repeat(REVIEW_LIMITS.textMax + 1) }, [])).toEqual({
      ok: false,
      errors: [{ field: 'text', key: 'form.error.textTooLong', params: { max: REVIEW_LIMITS.textMax } }],
    });
  });

  it('refuses a text shorter than the minimum in visible characters, however many units it has', () => {
    const nineFamilies = '👨‍👩‍👧‍👦'.repeat(9);
    expect(nineFamilies.length).toBeGreaterThan(REVIEW_LIMITS.textMin);
    expect(validateReview({ ...valid, text: nineFamilies }, [])).toMatchObject({
      ok: false,
      errors: [{ field: 'text', key: 'form.error.textTooShort' }],
    });
    expect(validateReview({ ...valid, text: '👨‍👩‍👧‍👦'.repeat(10) }, []).ok).toBe(true);
  });

  it('holds a title to 100 visible characters and to what its column stores', () => {
    expect(validateReview({ ...valid, title: '🎉'.repeat(100) }, []).ok).toBe(true);
    expect(validateReview({ ...valid, title: '🎉'.repeat(101) }, [])).toMatchObject({
      ok: false,
      errors: [{ field: 'title', key: 'form.error.titleTooLong' }],
    });
    // 50 families are 50 characters to a reader but 550 units: more than the column holds.
    expect(validateReview({ ...valid, title: '👨‍👩‍👧‍👦'.repeat(50) }, [])).toMatchObject({
      ok: false,
      errors: [{ field: 'title', key: 'form.error.titleTooLong' }],
    });
  });

  it('refuses a text of a few visible characters stacked with thousands of combining marks', () => {
    const zalgo = `a${'\u0301'.repeat(REVIEW_LIMITS.textMaxUnits)}bcdefghijk`;
    expect(visibleLength(zalgo)).toBeLessThan(REVIEW_LIMITS.textMax);
    expect(validateReview({ ...valid, text: zalgo }, [])).toMatchObject({
      ok: false,
      errors: [{ field: 'text', key: 'form.error.textTooLong' }],
    });
  });
});

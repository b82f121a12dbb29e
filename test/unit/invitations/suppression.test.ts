import { describe, expect, it } from 'vitest';
import {
  effectiveSuppression,
  GLOBAL_SCOPE,
  suppressionScope,
} from '../../../src/domain/invitations/suppression.js';

describe('which suppression applies', () => {
  const own = { scope: 'business-1', reason: 'unsubscribed' };
  const global = { scope: GLOBAL_SCOPE, reason: 'bounced' };

  it('lets a global suppression win over the business’s own, in either order', () => {
    expect(effectiveSuppression([own, global])).toBe(global);
    expect(effectiveSuppression([global, own])).toBe(global);
  });

  it('takes the business’s own when it is the only one, and none of none', () => {
    expect(effectiveSuppression([own])).toBe(own);
    expect(effectiveSuppression([])).toBeUndefined();
  });

  it('reads the stored scope as this business or every business', () => {
    expect(suppressionScope(GLOBAL_SCOPE)).toBe('all');
    expect(suppressionScope('business-1')).toBe('business');
  });
});

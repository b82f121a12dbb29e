import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('the token endpoint limits in the configuration', () => {
  it('default to 30 a minute per address and 10 per API key', () => {
    expect(loadConfig({}).tokenRateLimit).toEqual({ perAddress: 30, perKey: 10 });
  });

  it('take whole numbers, 0 turning a limit off', () => {
    const config = loadConfig({ VOUCH_TOKEN_LIMIT_PER_ADDRESS: '0', VOUCH_TOKEN_LIMIT_PER_KEY: '250' });
    expect(config.tokenRateLimit).toEqual({ perAddress: 0, perKey: 250 });
  });

  it('refuses anything else at start, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig({ VOUCH_TOKEN_LIMIT_PER_ADDRESS: 'many', VOUCH_TOKEN_LIMIT_PER_KEY: '-1' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('VOUCH_TOKEN_LIMIT_PER_ADDRESS must be a whole number');
    expect(problems).toContain('VOUCH_TOKEN_LIMIT_PER_KEY must be a whole number');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runtime } from '../../src/runtime.js';
import { ENGINES, openTestRuntime } from '../support/engines.js';

const PASSWORD = 'correct horse battery staple';

describe.each(ENGINES)('password-grant tokens follow their user on %s', (engine) => {
  let runtime: Runtime;
  let close: () => Promise<void>;
  let client: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    const opened = await openTestRuntime(engine);
    runtime = opened.runtime;
    close = () => opened.close();
    const business = await runtime.businesses.create({ name: 'Grant Shop', domain: 'grant.example' });
    await runtime.businesses.create({ name: 'Second Shop', domain: 'second.example' });
    client = { clientId: business.apiKey, clientSecret: business.apiSecret };
    await runtime.accounts.createUser({
      email: 'clerk@grant.example',
      password: PASSWORD,
      business: 'grant.example',
      role: 'member',
    });
    await runtime.accounts.createUser({
      email: 'boss@grant.example',
      password: PASSWORD,
      business: 'grant.example',
      role: 'owner',
    });
  });
  afterAll(() => close());

  const passwordGrant = (username: string, password = PASSWORD) =>
    runtime.oauth.issueToken({ ...client, grantType: 'password', username, password });
  const works = async (token: string) => (await runtime.oauth.authenticateAccessToken(token)) !== undefined;

  it('ends them, refreshed pairs included, when the user gets a new password', async () => {
    const first = await passwordGrant('clerk@grant.example');
    const refreshed = await runtime.oauth.issueToken({
      ...client,
      grantType: 'refresh_token',
      refreshToken: first.refresh_token,
    });
    const own = await runtime.oauth.issueToken({ ...client, grantType: 'client_credentials' });
    expect(await works(refreshed.access_token)).toBe(true);

    await runtime.accounts.resetPassword('clerk@grant.example', `${PASSWORD}, renewed`);

    expect(await works(refreshed.access_token)).toBe(false);
    await expect(
      runtime.oauth.issueToken({
        ...client,
        grantType: 'refresh_token',
        refreshToken: refreshed.refresh_token,
      }),
    ).rejects.toMatchObject({ code: 'oauth_invalid_grant' });
    // The key's own tokens are not the user's: they keep working.
    expect(await works(own.access_token)).toBe(true);
    // The new password gets a new token.
    expect(
      await works((await passwordGrant('clerk@grant.example', `${PASSWORD}, renewed`)).access_token),
    ).toBe(true);
  });

  it('ends them when the user leaves the business, and refuses a new one', async () => {
    const grant = await passwordGrant('boss@grant.example');
    const clerk = await runtime.accounts.findUser('clerk@grant.example');
    const business = await runtime.businesses.get('grant.example');
    const clerkGrant = await passwordGrant('clerk@grant.example', `${PASSWORD}, renewed`);

    await runtime.accounts.removeMember(business.id, clerk.id);

    expect(await works(clerkGrant.access_token)).toBe(false);
    expect(await works(grant.access_token)).toBe(true);
    await expect(passwordGrant('clerk@grant.example', `${PASSWORD}, renewed`)).rejects.toMatchObject({
      code: 'oauth_invalid_grant',
    });
  });
});

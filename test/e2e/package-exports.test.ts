import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/cli.js';

describe('the public library entry', () => {
  it("imports as 'vouch/links' from the built package, with no server", () => {
    const script = `
      import { uniqueLinkHash, buildBglLink, decryptBglToken } from 'vouch/links';
      const keys = { encryptKey: Buffer.alloc(32, 1).toString('base64'), authKey: Buffer.alloc(32, 2).toString('base64') };
      const url = new URL(buildBglLink({ baseUrl: 'https://r.example', domain: 'shop.example', keys, payload: { email: 'a@b.example', name: 'A', ref: 'R1' } }));
      const opened = decryptBglToken(url.searchParams.get('p'), [keys]);
      console.log(uniqueLinkHash('mykey12', 'email@email.com', '1234'), opened.ok && opened.value.payload.ref);
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: repoRoot,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('b232dc87ad2a699763720a29f5b3db2df6f80dfd R1');
  });
});

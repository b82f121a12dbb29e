import { readFileSync } from 'node:fs';

import MailComposer from 'nodemailer/lib/mail-composer';
import type { MailComposerOptions } from 'nodemailer/lib/mail-composer';

import { parseInboundMail } from '../../../src/domain/afs/inbound-mail.js';
import type { ParsedInboundMail } from '../../../src/domain/afs/inbound-mail.js';

/** A fixed date and id, so a built message is the same bytes on every run. */
export const MAIL_DATE = new Date('2024-05-14T09:30:00Z');

/** Real MIME, as a shop's mail library would send it: nodemailer's own composer. */
export function buildMail(options: MailComposerOptions): Promise<Buffer> {
  return new MailComposer({
    from: 'Shop Example <orders@shop.example>',
    date: MAIL_DATE,
    messageId: '<order-confirmation-1@shop.example>',
    ...options,
  })
    .compile()
    .build();
}

export async function parseBuilt(options: MailComposerOptions): Promise<ParsedInboundMail> {
  return parseInboundMail(await buildMail(options));
}

export function fixture(name: string): Buffer {
  return readFileSync(new URL(`../../fixtures/afs/${name}`, import.meta.url));
}

/** The snippet as a shop template writes it. */
export function snippetScript(
  fields: Record<string, unknown>,
  attributes = 'type="application/json+trustpilot"',
): string {
  return `<script ${attributes}>\n${JSON.stringify(fields, null, 2)}\n</script>`;
}

/** A deterministic stream of bytes (xorshift32), so "random bytes" fixtures are the same on every run. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

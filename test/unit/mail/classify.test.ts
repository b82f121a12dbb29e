import { describe, expect, it } from 'vitest';
import { classifySendError } from '../../../src/mail/transport.js';

describe('sorting SMTP failures', () => {
  it('retries 4xx answers and dropped connections', () => {
    expect(classifySendError({ responseCode: 421, response: '421 closing', command: 'RCPT TO' }).kind).toBe(
      'temporary',
    );
    expect(classifySendError({ responseCode: 451, response: '451 later', command: 'DATA' }).kind).toBe(
      'temporary',
    );
    expect(classifySendError({ code: 'ECONNECTION', message: 'Connection closed' }).kind).toBe('temporary');
    expect(classifySendError(new Error('something odd')).kind).toBe('temporary');
  });

  it('takes 550 as a bounce only when the recipient was refused', () => {
    expect(
      classifySendError({ responseCode: 550, response: '550 5.1.1 no such user', command: 'RCPT TO' }).kind,
    ).toBe('bounce');
    // A relay refusing the sender or the content says nothing about the customer's address.
    expect(
      classifySendError({ responseCode: 550, response: '550 sender rejected', command: 'MAIL FROM' }).kind,
    ).toBe('permanent');
    expect(classifySendError({ responseCode: 550, response: '550 spam', command: 'DATA' }).kind).toBe(
      'permanent',
    );
    expect(classifySendError({ responseCode: 554, response: '554 no', command: 'RCPT TO' }).kind).toBe(
      'permanent',
    );
  });
});

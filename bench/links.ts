/**
 * Link verification against the raw node:crypto work it cannot avoid, in the same run.
 * Run: npx tsx bench/links.ts   (targets: BGL library/raw ≥ 0.85, Unique library/raw ≥ 0.5)
 */
import {
  createDecipheriv,
  createHash,
  createHmac,
  createSecretKey,
  hash,
  timingSafeEqual,
} from 'node:crypto';
import { emitResult } from './support/result.js';

import {
  buildBglLink,
  buildUniqueLink,
  decryptBglToken,
  generateBglKey,
  generateUniqueLinkSecret,
  prepareBglKeys,
  verifyUniqueLink,
} from '../src/links.js';
import type { BglKeyPair, BglPayload } from '../src/links.js';

const ROUNDS = 7;
const ROUND_MILLISECONDS = 500;
const WARM_UP_MILLISECONDS = 1_000;
const BATCH = 500;

/** Results go here so the optimiser cannot drop the work. */
let sink = 0;

function runFor(milliseconds: number, work: () => unknown): number {
  let operations = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(milliseconds) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let index = 0; index < BATCH; index++) {
      if (work()) sink++;
    }
    operations += BATCH;
    now = process.hrtime.bigint();
  }
  return operations / (Number(now - start) / 1e9);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Rounds alternate between the contenders, so drift in CPU speed hits all of them alike. */
function compare(contenders: Readonly<Record<string, () => unknown>>): Map<string, number> {
  const samples = new Map<string, number[]>(Object.keys(contenders).map((name) => [name, []]));
  for (const work of Object.values(contenders)) runFor(WARM_UP_MILLISECONDS, work);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, work] of Object.entries(contenders))
      samples.get(name)?.push(runFor(ROUND_MILLISECONDS, work));
  }
  return new Map([...samples].map(([name, values]) => [name, median(values)]));
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`Benchmark setup is wrong: ${what}`);
}

// Unique Link: a realistic query, as a server framework hands it over, one secret.
const secret = generateUniqueLinkSecret();
const email = 'jane.doe@example.com';
const reference = 'ORD-2024-000123';
const uniqueQuery = Object.fromEntries(
  new URL(
    buildUniqueLink({
      baseUrl: 'https://reviews.example.com',
      domain: 'shop.example',
      secret,
      email,
      reference,
      name: 'Jane Doe',
    }),
  ).searchParams,
);
const expectedHash = uniqueQuery['e'] ?? '';

// Two baselines: createHash, the classic API, and the one-shot crypto.hash (Node ≥ 20.12), three times faster.
const uniqueResults = compare({
  createHash: () =>
    createHash('sha1')
      .update(secret + email + reference)
      .digest('hex') === expectedHash,
  oneShot: () => hash('sha1', secret + email + reference, 'hex') === expectedHash,
  verifyUniqueLink: () => verifyUniqueLink(uniqueQuery, [secret]).ok,
});
check(verifyUniqueLink(uniqueQuery, [secret]).ok, 'the Unique Link does not verify');

// BGL: a ~200-byte payload, one key pair.
const keys: BglKeyPair = { encryptKey: generateBglKey(), authKey: generateBglKey() };
const payload: BglPayload = {
  email: 'jane.doe@example.com',
  name: 'Jane Doe',
  ref: 'ORD-2024-000123',
  skus: ['SKU-100234', 'SKU-100235', 'SKU-200871'],
  tags: ['summer-sale', 'newsletter'],
  locale: 'de-DE',
  orderTotal: '129.90',
};
const token =
  new URL(
    buildBglLink({ baseUrl: 'https://reviews.example.com', domain: 'shop.example', keys, payload }),
  ).searchParams.get('p') ?? '';
// The baseline gets the same head start as the library: keys decoded once, as KeyObjects.
const rawEncryptKey = createSecretKey(Buffer.from(keys.encryptKey, 'base64'));
const rawAuthKey = createSecretKey(Buffer.from(keys.authKey, 'base64'));
const preparedKeys = prepareBglKeys(keys);

/** The straightforward way: a new CBC decipher per token. */
function rawBglDecrypt(): Buffer | undefined {
  const bytes = Buffer.from(token, 'base64');
  const signedEnd = bytes.length - 32;
  const tag = createHmac('sha256', rawAuthKey).update(bytes.subarray(0, signedEnd)).digest();
  if (!timingSafeEqual(tag, bytes.subarray(signedEnd))) return undefined;
  const decipher = createDecipheriv('aes-256-cbc', rawEncryptKey, bytes.subarray(0, 16));
  return Buffer.concat([decipher.update(bytes.subarray(16, signedEnd)), decipher.final()]);
}

check(rawBglDecrypt()?.toString('utf8') === JSON.stringify(payload), 'the raw BGL decryption is wrong');
check(decryptBglToken(token, [keys]).ok, 'the BGL token does not decrypt');

const bglResults = compare({
  raw: () => rawBglDecrypt() !== undefined,
  // What any real use must add to the raw crypto: reading the payload it decrypted.
  rawAndJson: () => {
    const plaintext = rawBglDecrypt();
    return plaintext !== undefined && JSON.parse(plaintext.toString('utf8')) !== null;
  },
  keyPair: () => decryptBglToken(token, [keys]).ok,
  prepared: () => decryptBglToken(token, [preparedKeys]).ok,
});

function row(name: string, opsPerSecond: number, baseline?: number): string {
  const ops = Math.round(opsPerSecond).toLocaleString('en-US').padStart(12);
  const ratio = baseline === undefined ? '' : (opsPerSecond / baseline).toFixed(2);
  return `| ${name.padEnd(44)} | ${ops} | ${ratio.padStart(9)} |`;
}

const result = (results: Map<string, number>, name: string): number => results.get(name) ?? 0;
const uniqueCreateHash = result(uniqueResults, 'createHash');
const uniqueOneShot = result(uniqueResults, 'oneShot');
const uniqueLibrary = result(uniqueResults, 'verifyUniqueLink');
const bglRaw = result(bglResults, 'raw');
const bglLibrary = result(bglResults, 'keyPair');
const lines = [
  `Node ${process.version}, ${ROUNDS} alternating rounds of ${ROUND_MILLISECONDS} ms each, median ops/sec.`,
  `Unique query a=${uniqueQuery['a']}, one secret; BGL payload ${JSON.stringify(payload).length} bytes ` +
    `(token ${token.length} characters), one key pair.`,
  '',
  `| ${'operation'.padEnd(44)} | ${'ops/sec'.padStart(12)} | ${'lib / raw'.padStart(9)} |`,
  `|${'-'.repeat(46)}|${'-'.repeat(14)}|${'-'.repeat(11)}|`,
  row('Unique raw: createHash sha1 + ===', uniqueCreateHash),
  row('Unique raw: one-shot crypto.hash sha1 + ===', uniqueOneShot),
  row('Unique: verifyUniqueLink / createHash', uniqueLibrary, uniqueCreateHash),
  row('Unique: verifyUniqueLink / crypto.hash', uniqueLibrary, uniqueOneShot),
  row('BGL raw: base64, HMAC, timingSafeEqual, AES', bglRaw),
  row('BGL: decryptBglToken (keys as text) / raw', bglLibrary, bglRaw),
  row('BGL: decryptBglToken (prepared) / raw', result(bglResults, 'prepared'), bglRaw),
  row('BGL raw and JSON.parse of the payload', result(bglResults, 'rawAndJson')),
  row('BGL: decryptBglToken (keys as text) / raw+JSON', bglLibrary, result(bglResults, 'rawAndJson')),
  '',
  'Targets: Unique ≥ 0.50, BGL ≥ 0.85 (each against the first baseline of its kind).',
];
console.log(lines.join('\n'));
if (sink < 0) console.log(sink);

const opsBaseline = (name: string, figure: number) => ({ name, figure: Math.round(figure), unit: 'ops/s' });
const bglRawAndJson = result(bglResults, 'rawAndJson');
emitResult({
  bench: 'links',
  rerun: 'npx tsx bench/links.ts',
  measures: [
    {
      name: 'verifyUniqueLink',
      figure: Math.round(uniqueLibrary),
      unit: 'ops/s',
      baseline: opsBaseline('createHash sha1 + ===', uniqueCreateHash),
      ratio: uniqueLibrary / uniqueCreateHash,
      target: 'ratio ≥ 0.5',
      met: uniqueLibrary / uniqueCreateHash >= 0.5,
    },
    {
      name: 'decryptBglToken (keys as text)',
      figure: Math.round(bglLibrary),
      unit: 'ops/s',
      baseline: opsBaseline('base64, HMAC, timingSafeEqual, AES', bglRaw),
      ratio: bglLibrary / bglRaw,
      target: 'ratio ≥ 0.85',
      met: bglLibrary / bglRaw >= 0.85,
    },
    {
      name: 'decryptBglToken (keys as text)',
      figure: Math.round(bglLibrary),
      unit: 'ops/s',
      baseline: opsBaseline('the same and JSON.parse of the payload', bglRawAndJson),
      ratio: bglLibrary / bglRawAndJson,
    },
  ],
});

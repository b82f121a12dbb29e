import { Command } from 'commander';
import {
  buildBglLink,
  buildUniqueLink,
  diagnoseLink,
  LinkInputError,
  LinkKeyError,
  type BglKeyPair,
  type BglPayload,
  type LinkDoctorContext,
} from '../links.js';
import { CliExit, printJson, readConfig, withRuntime, type CliIo } from './output.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Builders throw for input that would make a link Vouch refuses; say so plainly instead of a stack. */
function buildOrExplain(io: CliIo, build: () => string): string {
  try {
    return build();
  } catch (error) {
    if (error instanceof LinkInputError || error instanceof LinkKeyError) {
      io.err(`error [${error.code}]: ${error.message}`);
      throw new CliExit(1);
    }
    throw error;
  }
}

/** The business's stored domain (as registered, whatever form the flag took) and the secrets it accepts now. */
async function businessSecrets(io: CliIo, domainOrId: string) {
  return withRuntime(io, async (runtime) => ({
    domain: (await runtime.businesses.get(domainOrId)).domain,
    ...(await runtime.businesses.secretsOf(domainOrId)),
  }));
}

export function linkCommand(io: CliIo): Command {
  const link = new Command('link').description(
    'build invitation links and say exactly what is wrong with one',
  );

  link
    .command('unique')
    .description('build a Unique Link (signed with SHA-1)')
    .requiredOption('--email <email>', "the customer's email")
    .requiredOption('--name <name>', "the customer's name")
    .requiredOption('--reference <ref>', 'the order reference')
    .option('--business <domain>', "use this business's domain and current secret")
    .option('--domain <domain>', 'the business domain (without --business)')
    .option('--secret <secret>', 'the Unique Link secret (without --business)')
    .option('--base-url <url>', 'the base of the link (default: VOUCH_PUBLIC_URL)')
    .option('--country <cc>', 'a country host, such as de or fr-be, for the page language')
    .option('--embed', 'link to the embeddable form')
    .action(
      async (options: {
        email: string;
        name: string;
        reference: string;
        business?: string;
        domain?: string;
        secret?: string;
        baseUrl?: string;
        country?: string;
        embed?: boolean;
      }) => {
        const baseUrl = options.baseUrl ?? readConfig(io).publicUrl.origin;
        let { domain, secret } = options;
        if (options.business) {
          const secrets = await businessSecrets(io, options.business);
          domain ??= secrets.domain;
          secret ??= secrets.uniqueLinkSecret;
        }
        if (!domain || !secret) {
          io.err('error: give --business DOMAIN, or both --domain and --secret');
          throw new CliExit(1);
        }
        const url = buildOrExplain(io, () =>
          buildUniqueLink({
            baseUrl,
            domain,
            secret,
            email: options.email,
            reference: options.reference,
            name: options.name,
            ...(options.country ? { country: options.country } : {}),
            ...(options.embed ? { embed: true } : {}),
          }),
        );
        io.out(url);
      },
    );

  link
    .command('bgl')
    .description('build a Business Generated Link (AES-256-CBC with HMAC-SHA256)')
    .option('--payload <json>', 'the whole payload as JSON: {"email","name","ref","skus","tags"}')
    .option('--email <email>', "the customer's email")
    .option('--name <name>', "the customer's name")
    .option('--ref <ref>', 'the order reference')
    .option('--sku <sku>', 'a product SKU (repeatable)', collect, [])
    .option('--tag <tag>', 'a tag without spaces (repeatable)', collect, [])
    .option('--business <domain>', "use this business's domain and current keys")
    .option('--domain <domain>', 'the business domain (without --business)')
    .option('--encrypt-key <base64>', 'the encryption key (without --business)')
    .option('--auth-key <base64>', 'the authentication key (without --business)')
    .option('--base-url <url>', 'the base of the link (default: VOUCH_PUBLIC_URL)')
    .option('--country <cc>', 'a country host, such as de or fr-be, for the page language')
    .option('--embed', 'link to the embeddable form')
    .action(
      async (options: {
        payload?: string;
        email?: string;
        name?: string;
        ref?: string;
        sku: string[];
        tag: string[];
        business?: string;
        domain?: string;
        encryptKey?: string;
        authKey?: string;
        baseUrl?: string;
        country?: string;
        embed?: boolean;
      }) => {
        let payload: BglPayload;
        if (options.payload !== undefined) {
          try {
            payload = JSON.parse(options.payload) as BglPayload;
          } catch {
            io.err('error: --payload is not valid JSON; write it as \'{"email":"…","name":"…","ref":"…"}\'');
            throw new CliExit(1);
          }
        } else {
          if (!options.email || !options.name || !options.ref) {
            io.err('error: give --email, --name and --ref, or the whole payload with --payload JSON');
            throw new CliExit(1);
          }
          payload = {
            email: options.email,
            name: options.name,
            ref: options.ref,
            ...(options.sku.length ? { skus: options.sku } : {}),
            ...(options.tag.length ? { tags: options.tag } : {}),
          };
        }
        const baseUrl = options.baseUrl ?? readConfig(io).publicUrl.origin;
        let domain = options.domain;
        let keys: BglKeyPair | undefined =
          options.encryptKey && options.authKey
            ? { encryptKey: options.encryptKey, authKey: options.authKey }
            : undefined;
        if (options.business) {
          const secrets = await businessSecrets(io, options.business);
          domain ??= secrets.domain;
          keys ??= { encryptKey: secrets.bglEncryptKey, authKey: secrets.bglAuthKey };
        }
        if (!domain || !keys) {
          io.err('error: give --business DOMAIN, or --domain with both --encrypt-key and --auth-key');
          throw new CliExit(1);
        }
        const linkKeys = keys;
        const linkDomain = domain;
        io.out(
          buildOrExplain(io, () =>
            buildBglLink({
              baseUrl,
              domain: linkDomain,
              keys: linkKeys,
              payload,
              ...(options.country ? { country: options.country } : {}),
              ...(options.embed ? { embed: true } : {}),
            }),
          ),
        );
      },
    );

  link
    .command('check')
    .description('check a link and name each mistake in it; exits 0 when valid, 1 when not')
    .argument('<url>', 'the link to check (quote it in the shell)')
    .option('--secret <secret>', 'a Unique Link secret (repeatable)', collect, [])
    .option('--encrypt-key <base64>', 'the BGL encryption key')
    .option('--auth-key <base64>', 'the BGL authentication key')
    .option('--business <domain>', "check against this business's domain and every secret it accepts now")
    .option('--domain <domain>', 'the business domain the link should name')
    .option('--json', 'print { valid, kind, findings: [ { code, message } ] }')
    .action(
      async (
        url: string,
        options: {
          secret: string[];
          encryptKey?: string;
          authKey?: string;
          business?: string;
          domain?: string;
          json?: boolean;
        },
      ) => {
        const context: LinkDoctorContext & { uniqueLinkSecrets: string[]; bglKeys: BglKeyPair[] } = {
          uniqueLinkSecrets: [...options.secret],
          bglKeys:
            options.encryptKey && options.authKey
              ? [{ encryptKey: options.encryptKey, authKey: options.authKey }]
              : [],
          ...(options.domain ? { domain: options.domain.toLowerCase() } : {}),
        };
        if ((options.encryptKey === undefined) !== (options.authKey === undefined)) {
          io.err('error: give both --encrypt-key and --auth-key');
          throw new CliExit(1);
        }
        if (options.business) {
          const secrets = await businessSecrets(io, options.business);
          context.uniqueLinkSecrets.push(...secrets.uniqueLinkSecrets);
          context.bglKeys.push(...secrets.bglKeys);
          context.domain ??= secrets.domain;
        }
        const diagnosis = diagnoseLink(url, context);
        if (options.json) {
          printJson(io, {
            valid: diagnosis.valid,
            kind: diagnosis.kind,
            findings: diagnosis.findings.map(({ code, message, severity }) => ({ code, message, severity })),
            ...(diagnosis.consumer ? { consumer: diagnosis.consumer } : {}),
          });
        } else {
          io.out(diagnosis.valid ? `valid ${diagnosis.kind} link` : `invalid ${diagnosis.kind} link`);
          if (diagnosis.consumer) {
            io.out(
              `  for ${diagnosis.consumer.name} <${diagnosis.consumer.email}>, reference ${diagnosis.consumer.reference}`,
            );
          }
          for (const finding of diagnosis.findings)
            io.out(`  ${finding.severity} ${finding.code}: ${finding.message}`);
        }
        if (!diagnosis.valid) throw new CliExit(1);
      },
    );

  return link;
}

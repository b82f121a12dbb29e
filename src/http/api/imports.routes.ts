import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { Readable, Transform } from 'node:stream';
import { z } from 'zod';
import { VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { authenticateBusiness } from './auth.js';
import { BEARER, problemResponses } from './openapi.js';
import { idempotencyHeaders, replayOrClaim } from './idempotency.js';

/** Uploads beyond this are refused before they fill the disk: 1M product rows fit well inside. */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const RAW_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/octet-stream',
  'text/tab-separated-values',
];

export interface ImportRouteOptions {
  /** The largest upload accepted, in bytes; 512 MB unless set (tests set it small). */
  maxUploadBytes?: number;
}

/**
 * `POST /api/v1/imports` takes a CSV or TXT file (as the body, or as the `file` field of a multipart
 * form), spools it under the data folder, answers 202 with the import's id at once, and imports it in the
 * background. `GET /api/v1/imports/{id}` is its report; `…/rejected.csv` the rows it refused.
 */
export async function registerImportRoutes(
  app: FastifyInstance,
  runtime: Runtime,
  options: ImportRouteOptions = {},
): Promise<void> {
  const spoolDir = path.join(runtime.config.dataDir, 'imports');
  const maxBytes = options.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  await removeLeftoverUploads(spoolDir);

  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: maxBytes, files: 1, fields: 10 } });
    // A raw file body is streamed to disk, not buffered: the route reads `request.body` as a stream.
    scoped.addContentTypeParser(RAW_TYPES, { bodyLimit: maxBytes }, (_request, payload, done) =>
      done(null, payload),
    );

    scoped.post<{ Querystring: { type?: string; dryRun?: string; name?: string } }>(
      '/api/v1/imports',
      {
        bodyLimit: maxBytes,
        schema: {
          tags: ['Imports'],
          summary: 'Import a CSV or TXT file of invitations',
          description:
            'The file as the body (Content-Type text/csv) or as the `file` field of a multipart form. Answers 202 at once with the import id; the rows are read in the background. With an Idempotency-Key, the same file again answers the first import instead of starting another. See docs/imports.md.',
          security: BEARER,
          headers: idempotencyHeaders,
          querystring: z.object({
            type: z.string().optional().describe('service or product; guessed from the header when absent'),
            dryRun: z.string().optional().describe('`true` decides every row and writes nothing'),
            name: z.string().optional().describe("The file's name, for a raw body"),
          }),
          response: problemResponses(400, 401, 413, 415),
        },
      },
      async (request, reply) => {
        const business = await authenticateBusiness(runtime, request);
        const declared = Number(request.headers['content-length']);
        // A body announced larger than the limit is refused before a byte of it is written.
        if (declared > maxBytes) throw tooLarge(maxBytes);
        const type =
          request.query.type === 'service' || request.query.type === 'product'
            ? request.query.type
            : undefined;
        await fs.promises.mkdir(spoolDir, { recursive: true });
        const spooled = path.join(spoolDir, `${runtime.random.uuid()}.upload`);
        try {
          const fileName = await spool(request, spooled, request.query.name, maxBytes);
          // An upload is not parsed JSON: the file's digest stands for the body.
          const upload = { sha256: await sha256Of(spooled), fileName };
          if (await replayOrClaim(runtime, request, reply, business.id, upload)) {
            await fs.promises.rm(spooled, { force: true });
            return reply;
          }
          // The job is opened, and its id known, before answering; the rows are read after.
          const { importId, done } = await runtime.imports.start(business.id, spooled, {
            type,
            fileName,
            dryRun: request.query.dryRun === 'true',
          });
          void done
            .catch((error: unknown) => request.log.error({ err: error }, 'import failed'))
            .finally(() => fs.promises.rm(spooled, { force: true }));
          return reply
            .status(202)
            .header('location', `/api/v1/imports/${importId}`)
            .send({
              id: importId,
              status: 'running',
              report: `/api/v1/imports/${importId}`,
              rejectedRows: `/api/v1/imports/${importId}/rejected.csv`,
            });
        } catch (error) {
          await fs.promises.rm(spooled, { force: true });
          throw error;
        }
      },
    );
  });

  const importParams = z.object({ id: z.string() });
  app.get<{ Params: { id: string } }>(
    '/api/v1/imports/:id',
    {
      schema: {
        tags: ['Imports'],
        summary: "An import's report: rows, decisions and errors",
        security: BEARER,
        params: importParams,
        response: problemResponses(401, 404),
      },
    },
    async (request) => {
      const business = await authenticateBusiness(runtime, request);
      return runtime.imports.get(business.id, request.params.id);
    },
  );

  const rejectedSchema = {
    schema: {
      tags: ['Imports'],
      summary: 'The rows an import refused, as CSV with the reason of each',
      security: BEARER,
      params: importParams,
      response: problemResponses(401, 404),
    },
  };
  app.get<{ Params: { id: string } }>(
    '/api/v1/imports/:id/rejected.csv',
    rejectedSchema,
    async (request, reply) => {
      const business = await authenticateBusiness(runtime, request);
      const lines = runtime.imports.rejectedRowsCsv(business.id, request.params.id);
      // Read the first piece before answering, so an unknown import is a 404 and not half a download.
      const first = await lines.next();
      async function* rest() {
        if (!first.done) yield first.value;
        yield* lines;
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="rejected-rows-${request.params.id}.csv"`)
        .send(Readable.from(rest()));
    },
  );

  const samples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/samples');
  for (const name of ['service-invitations.csv', 'product-invitations.csv']) {
    app.get(`/samples/${name}`, async (_request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(await fs.promises.readFile(path.join(samples, name))),
    );
  }
}

/**
 * Deletes the `.upload` files a stopped server left half-written: no import reads them again, and an
 * import that was running when it stopped is resumed from its own file by `vouch import`, not from these.
 */
async function removeLeftoverUploads(spoolDir: string): Promise<void> {
  let names: string[];
  try {
    names = await fs.promises.readdir(spoolDir);
  } catch {
    return;
  }
  // Another server sharing the data folder may be writing one right now: a live upload's file changes
  // every moment, so only one untouched for an hour is a leftover.
  const before = Date.now() - LEFTOVER_AGE_MS;
  await Promise.all(
    names
      .filter((name) => name.endsWith('.upload'))
      .map(async (name) => {
        const file = path.join(spoolDir, name);
        const stat = await fs.promises.stat(file).catch(() => undefined);
        if (stat && stat.mtimeMs < before) await fs.promises.rm(file, { force: true });
      }),
  );
}

const LEFTOVER_AGE_MS = 60 * 60 * 1000;

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function cutOff(): VouchError {
  return new VouchError(
    'import_upload_invalid',
    'The upload ended before the file did: send the whole form again, or the file itself as the body with Content-Type text/csv.',
  );
}

function tooLarge(max: number): VouchError {
  return new VouchError(
    'import_file_too_large',
    `The file is larger than ${max / 1024 / 1024} MB; split it and import the parts.`,
  );
}

/**
 * An AbortSignal that fires when the client goes away before its body is complete. Without it a
 * connection cut mid-upload could leave the spool file open and the handler waiting on a stream that
 * will never end.
 */
function whenClientGone(request: FastifyRequest): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const raw = request.raw;
  const socket = raw.socket as Socket | null | undefined;
  const onClose = () => {
    if (!raw.complete) {
      controller.abort(cutOff());
    }
  };
  raw.once('close', onClose);
  socket?.once('close', onClose);
  if (raw.destroyed || socket?.destroyed) onClose();
  return {
    signal: controller.signal,
    dispose: () => {
      raw.off('close', onClose);
      socket?.off('close', onClose);
    },
  };
}

/** Rejects as soon as `signal` fires, whatever `promise` does later. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** What went wrong with an upload, as the caller can fix it; disk and other server faults stay 500s. */
function uploadProblem(error: unknown, max: number): unknown {
  if (error instanceof VouchError) return error;
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(max);
  if (code === 'ERR_STREAM_PREMATURE_CLOSE') return cutOff();
  // An upload stopped from outside (the client gone, the form broken) carries why as its cause.
  if (error.name === 'AbortError' && error.cause !== undefined) return uploadProblem(error.cause, max);
  // busboy's own refusals of a malformed form carry no code; system errors (a full disk) always do.
  if (code === undefined && /multipart|^Overflow\.$|^Unsupported Content-Type/i.test(error.message)) {
    return new VouchError(
      'import_upload_invalid',
      `The multipart form could not be read (${error.message}). Send multipart/form-data as your HTTP client builds it (curl -F file=@rows.csv), or the file itself as the body with Content-Type text/csv.`,
    );
  }
  return error;
}

/** Writes the upload to `target` and answers the file's name as the client gave it. */
async function spool(
  request: FastifyRequest,
  target: string,
  nameFromQuery: string | undefined,
  max: number,
): Promise<string> {
  const gone = whenClientGone(request);
  try {
    return await spoolUntilGone(request, target, nameFromQuery, max, gone.signal);
  } catch (error) {
    throw uploadProblem(error, max);
  } finally {
    gone.dispose();
  }
}

async function spoolUntilGone(
  request: FastifyRequest,
  target: string,
  nameFromQuery: string | undefined,
  max: number,
  signal: AbortSignal,
): Promise<string> {
  if (request.isMultipart()) {
    if (!/;\s*boundary=/i.test(request.headers['content-type'] ?? '')) {
      throw new VouchError(
        'import_upload_invalid',
        'The Content-Type multipart/form-data has no boundary. Let your HTTP client build the form (curl -F file=@rows.csv), or send the file itself as the body with Content-Type text/csv.',
      );
    }
    const files = request.files();
    const first = await unlessAborted(files.next(), signal);
    if (first.done)
      throw new VouchError('import_file_missing', 'Send the file as the "file" field of the form.');
    const part = first.value;
    // A form that ended inside the file leaves its stream destroyed before the handler sees it, and a
    // pipeline from it would wait forever.
    if (part.file.readableAborted) throw cutOff();
    // The rest of the form is read beside the file: a form cut off inside the file ends there with an
    // error, which the parser may raise before the file stream has a reader and so never on the stream.
    const failed = new AbortController();
    const rest = (async () => {
      for (let next = await files.next(); !next.done; next = await files.next()) next.value.file.resume();
    })();
    rest.catch((error: unknown) => failed.abort(error));
    await writeFile(target, (file) =>
      pipeline(part.file, limitBytes(max), file, { signal: AbortSignal.any([signal, failed.signal]) }),
    );
    await rest;
    if (part.file.truncated) throw tooLarge(max);
    return part.filename || 'upload.csv';
  }
  const body = request.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function') {
    throw new VouchError(
      'import_file_missing',
      'Send the file as the body with Content-Type text/csv, or as multipart/form-data.',
    );
  }
  await writeFile(target, (file) => pipeline(body, limitBytes(max), file, { signal }));
  return nameFromQuery?.slice(0, 255) || 'upload.csv';
}

/**
 * Runs `write` into a new file and returns only once the file is closed, whether the write succeeded or
 * not: a write stream aborted while it is still opening its file creates the file afterwards, so deleting
 * the file before the stream has closed could leave an empty one behind.
 */
async function writeFile(target: string, write: (file: fs.WriteStream) => Promise<void>): Promise<void> {
  const file = fs.createWriteStream(target);
  const closed = new Promise<void>((resolve) => file.once('close', () => resolve()));
  try {
    await write(file);
  } finally {
    if (!file.closed) {
      // pipeline() destroys its streams on failure; make sure of it, so the close comes.
      if (!file.destroyed && !file.writableFinished) file.destroy();
      await closed;
    }
  }
}

/** Stops an upload at `max` bytes: a raw body streamed to disk is not held to Fastify's bodyLimit. */
function limitBytes(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) {
        callback(tooLarge(max));
      } else {
        callback(null, chunk);
      }
    },
  });
}

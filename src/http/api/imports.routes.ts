import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Readable, Transform } from 'node:stream';
import { VouchError } from '../../errors.js';
import type { Runtime } from '../../runtime.js';
import { authenticateBusiness } from './auth.js';

/** Uploads beyond this are refused before they fill the disk: 1M product rows fit well inside. */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
const RAW_TYPES = [
  'text/csv',
  'text/plain',
  'application/csv',
  'application/octet-stream',
  'text/tab-separated-values',
];

/**
 * `POST /api/v1/imports` takes a CSV or TXT file (as the body, or as the `file` field of a multipart
 * form), spools it under the data folder, answers 202 with the import's id at once, and imports it in the
 * background. `GET /api/v1/imports/{id}` is its report; `…/rejected.csv` the rows it refused.
 */
export async function registerImportRoutes(app: FastifyInstance, runtime: Runtime): Promise<void> {
  const spoolDir = path.join(runtime.config.dataDir, 'imports');

  await app.register(async (scoped) => {
    await scoped.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 10 } });
    // A raw file body is streamed to disk, not buffered: the route reads `request.body` as a stream.
    scoped.addContentTypeParser(RAW_TYPES, { bodyLimit: MAX_UPLOAD_BYTES }, (_request, payload, done) =>
      done(null, payload),
    );

    scoped.post<{ Querystring: { type?: string; dryRun?: string; name?: string } }>(
      '/api/v1/imports',
      { bodyLimit: MAX_UPLOAD_BYTES },
      async (request, reply) => {
        const business = await authenticateBusiness(runtime, request);
        const type =
          request.query.type === 'service' || request.query.type === 'product'
            ? request.query.type
            : undefined;
        await fs.promises.mkdir(spoolDir, { recursive: true });
        const spooled = path.join(spoolDir, `${runtime.random.uuid()}.upload`);
        try {
          const fileName = await spool(request, spooled, request.query.name);
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

  app.get<{ Params: { id: string } }>('/api/v1/imports/:id', async (request) => {
    const business = await authenticateBusiness(runtime, request);
    return runtime.imports.get(business.id, request.params.id);
  });

  app.get<{ Params: { id: string } }>('/api/v1/imports/:id/rejected.csv', async (request, reply) => {
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
  });

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

/** Writes the upload to `target` and answers the file's name as the client gave it. */
async function spool(
  request: FastifyRequest,
  target: string,
  nameFromQuery: string | undefined,
): Promise<string> {
  if (request.isMultipart()) {
    const part = await request.file();
    if (!part) throw new VouchError('import_file_missing', 'Send the file as the "file" field of the form.');
    await pipeline(part.file, limitBytes(MAX_UPLOAD_BYTES), fs.createWriteStream(target));
    if (part.file.truncated)
      throw new VouchError(
        'import_file_too_large',
        `The file is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB.`,
      );
    return part.filename || 'upload.csv';
  }
  const body = request.body as Readable | undefined;
  if (!body || typeof body.pipe !== 'function') {
    throw new VouchError(
      'import_file_missing',
      'Send the file as the body with Content-Type text/csv, or as multipart/form-data.',
    );
  }
  await pipeline(body, limitBytes(MAX_UPLOAD_BYTES), fs.createWriteStream(target));
  return nameFromQuery?.slice(0, 255) || 'upload.csv';
}

/** Stops an upload at `max` bytes: a raw body streamed to disk is not held to Fastify's bodyLimit. */
function limitBytes(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > max) {
        callback(
          new VouchError(
            'import_file_too_large',
            `The file is larger than ${max / 1024 / 1024} MB; split it and import the parts.`,
          ),
        );
      } else {
        callback(null, chunk);
      }
    },
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

const assetsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../assets');

const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.csv': 'text/csv; charset=utf-8',
};

/** The few static files pages use, read once at start and served from memory. */
export function registerAssets(app: FastifyInstance): void {
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const name of fs.readdirSync(assetsDir)) {
    const type = contentTypes[path.extname(name)];
    if (type) files.set(name, { body: fs.readFileSync(path.join(assetsDir, name)), type });
  }
  app.get<{ Params: { name: string } }>('/assets/:name', async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.callNotFound();
    return reply.type(file.type).header('cache-control', 'public, max-age=3600').send(file.body);
  });
  // Browsers ask every site for /favicon.ico unless a page names its icon (every page of Vouch's does).
  app.get('/favicon.ico', async (_request, reply) => reply.redirect('/assets/favicon.svg', 301));
}

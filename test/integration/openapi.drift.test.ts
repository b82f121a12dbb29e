import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatOpenApiDocument, generateOpenApiDocument, OPENAPI_FILE } from '../../scripts/openapi.js';

/** docs/openapi.json is committed (Immich's habit): it must say what the routes say, or the check fails. */
describe('docs/openapi.json', () => {
  it('matches the OpenAPI document the routes generate (run `npm run openapi` after changing a route)', async () => {
    const generated = await generateOpenApiDocument();
    const committed = JSON.parse(fs.readFileSync(OPENAPI_FILE, 'utf8')) as unknown;
    expect(committed, 'docs/openapi.json is stale: run `npm run openapi` and commit it').toEqual(generated);
    // Byte for byte too, so the committed file is exactly what the script writes.
    expect(fs.readFileSync(OPENAPI_FILE, 'utf8')).toBe(await formatOpenApiDocument(generated));
  });

  it('documents the native API with its schemas, security and problem answers', async () => {
    const document = (await generateOpenApiDocument()) as {
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown; responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    };
    expect(document.openapi).toBe('3.1.0');
    const create = document.paths['/api/v1/invitations']?.post;
    expect(create?.security).toEqual([{ bearerAuth: [] }, { apiKeyHeader: [] }]);
    expect(Object.keys(create?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '201', '400', '401', '409', '413', '415']),
    );
    expect(Object.keys(document.components.schemas)).toEqual(
      expect.arrayContaining(['Problem', 'Invitation', 'InvitationCreate', 'InvitationDecision']),
    );
  });
});

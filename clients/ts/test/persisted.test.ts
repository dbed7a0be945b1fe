// Persisted documents: the manifest codegen writes (src/gql/persisted-documents.json) registered
// with `gongzhi documents add`, then run by id.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { AreasPageDocument, AreaTreeDocument, createClient, GongzhiError, ViewerDocument } from '../src';
import { gongzhi, recording, server } from './gongzhi';

const manifest = fileURLToPath(new URL('../src/gql/persisted-documents.json', import.meta.url));

const idOf = (document: object) => (document as { __meta__: { documentId: string } }).__meta__.documentId;

describe('persisted documents', () => {
  it('runs the documents registered by `gongzhi documents add` by their id', async () => {
    const { url, bin, databaseUrl, tokens } = server();
    const texts = JSON.parse(await readFile(manifest, 'utf8')) as Record<string, string>;
    expect(texts[idOf(AreaTreeDocument)]).toMatch(/^query AreaTree /);

    // Before the registration, an id alone is PERSISTED_QUERY_NOT_FOUND (404) ...
    const byId = recording();
    const client = createClient({ url, token: tokens.admin, fetch: byId.fetch, documentMode: 'id' });
    const error = await client.request(AreaTreeDocument).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(GongzhiError);
    expect((error as GongzhiError).code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((error as GongzhiError).status).toBe(404);

    // ... and `id-then-text` sends the text when the id is unknown.
    const fallback = recording();
    const lenient = createClient({ url, token: tokens.admin, fetch: fallback.fetch, documentMode: 'id-then-text' });
    const byText = await lenient.request(AreaTreeDocument);
    expect(fallback.exchanges.map((e) => [e.status, Object.keys(e.body).sort()])).toEqual([
      [404, ['documentId', 'operationName']],
      [200, ['operationName', 'query']],
    ]);

    const printed = await gongzhi(bin, ['documents', 'add', manifest, '--database-url', databaseUrl]);
    for (const id of Object.keys(texts)) expect(printed).toContain(id);

    byId.exchanges.length = 0;
    expect(await client.request(AreaTreeDocument)).toEqual(byText);
    const { viewer } = await client.request(ViewerDocument);
    expect(viewer?.subject).toBe('ts-admin');
    const page = await client.request(AreasPageDocument, { kind: 'COMMUNITY', first: 2 });
    expect(page.areas.nodes).toHaveLength(2);
    // Only ids went: no text.
    expect(byId.exchanges.map((e) => [e.status, e.body['documentId']])).toEqual([
      [200, idOf(AreaTreeDocument)],
      [200, idOf(ViewerDocument)],
      [200, idOf(AreasPageDocument)],
    ]);
    expect(byId.exchanges.every((e) => !('query' in e.body))).toBe(true);
  });
});

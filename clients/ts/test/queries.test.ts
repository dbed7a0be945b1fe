// Typed queries and Relay pagination, against the demo data of `gongzhi serve --demo`.
import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  AreaTreeDocument,
  AreasPageDocument,
  createClient,
  ServicePointsDocument,
  type AreaKind,
} from '../src';
import { recording, server } from './gongzhi';

describe('typed queries', () => {
  it('reads the area tree as typed data (no token: public data)', async () => {
    const client = createClient({ url: server().url });
    const data = await client.request(AreaTreeDocument);

    const [district, ...others] = data.areas.nodes;
    expect(others).toEqual([]);
    expectTypeOf(district!.kind).toEqualTypeOf<AreaKind>();
    expect(district).toMatchObject({ name: '八公山区', kind: 'DISTRICT' });
    const streetsAndTowns = district!.children.nodes;
    expect(district!.children.totalCount).toBe(streetsAndTowns.length);
    expect(new Set(streetsAndTowns.map((a) => a.kind))).toEqual(new Set(['STREET', 'TOWN']));
    for (const area of streetsAndTowns) {
      expect(area.children.nodes).toHaveLength(area.children.totalCount);
      for (const below of area.children.nodes) expect(['COMMUNITY', 'VILLAGE']).toContain(below.kind);
    }

    // The tree holds every community and village the flat list of each kind counts.
    const counted = async (kind: AreaKind) =>
      (await client.request(AreasPageDocument, { kind, first: 1 })).areas.totalCount;
    const inTree = streetsAndTowns.reduce((sum, area) => sum + area.children.totalCount, 0);
    expect(inTree).toBe((await counted('COMMUNITY')) + (await counted('VILLAGE')));
    expect(inTree).toBeGreaterThan(0);
  });
});

describe('Relay pagination', () => {
  it('walks a connection forwards page by page, each page one request after the last cursor', async () => {
    const { fetch, exchanges } = recording();
    const client = createClient({ url: server().url, fetch });
    const whole = (await client.request(AreasPageDocument, { kind: 'COMMUNITY', first: 100 })).areas;
    expect(whole.pageInfo.hasNextPage).toBe(false);
    exchanges.length = 0;

    const pages = [];
    for await (const page of client.pages(AreasPageDocument, { kind: 'COMMUNITY' }, (d) => d.areas, { pageSize: 7 })) {
      pages.push(page);
    }
    expect(pages).toHaveLength(Math.ceil(whole.totalCount / 7));
    expect(pages.flatMap((p) => p.nodes)).toEqual(whole.nodes);
    expect(pages.slice(0, -1).every((p) => p.nodes.length === 7 && p.pageInfo.hasNextPage)).toBe(true);
    // The first request has no cursor; each next one continues from the page before's endCursor.
    expect(exchanges.map((e) => (e.body['variables'] as { after?: string }).after)).toEqual([
      undefined,
      ...pages.slice(0, -1).map((p) => p.pageInfo.endCursor),
    ]);
  });

  it('walks backwards with last/before, the last page first', async () => {
    const client = createClient({ url: server().url });
    const forwards = [];
    for await (const area of client.nodes(AreasPageDocument, { kind: 'VILLAGE' }, (d) => d.areas, { pageSize: 3 })) {
      forwards.push(area);
    }
    const pages = [];
    for await (const page of client.pages(AreasPageDocument, { kind: 'VILLAGE' }, (d) => d.areas, {
      pageSize: 3,
      direction: 'backward',
    })) {
      pages.push(page.nodes);
    }
    expect(pages.length).toBe(Math.ceil(forwards.length / 3));
    expect(pages.reverse().flat()).toEqual(forwards);
  });

  it('iterates the nodes of an edges-only connection, and stops at maxPages', async () => {
    const client = createClient({ url: server().url });
    const { servicePoints } = await client.request(ServicePointsDocument, { first: 1 });
    const points = [];
    for await (const point of client.nodes(ServicePointsDocument, {}, (d) => d.servicePoints, { pageSize: 40 })) {
      expectTypeOf(point.name).toEqualTypeOf<string>();
      points.push(point);
    }
    expect(points).toHaveLength(servicePoints.totalCount);
    expect(new Set(points.map((p) => p.id)).size).toBe(points.length);

    const firstTwo = [];
    for await (const point of client.nodes(ServicePointsDocument, {}, (d) => d.servicePoints, {
      pageSize: 40,
      maxPages: 2,
    })) {
      firstTwo.push(point);
    }
    expect(firstTwo).toEqual(points.slice(0, 80));
  });
});

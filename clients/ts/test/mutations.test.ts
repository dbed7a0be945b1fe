// A mutation's userErrors as a typed result: ok with the payload, or not ok with every bad field.
import { describe, expect, expectTypeOf, it } from 'vitest';

import {
  AreasPageDocument,
  createClient,
  CreateServicePointDocument,
  errorsAt,
  ServicePointsDocument,
  type UserErrorCode,
} from '../src';
import { server } from './gongzhi';

describe('mutations', () => {
  const admin = () => createClient({ url: server().url, token: server().tokens.admin });

  const aCommunity = async () => {
    const { areas } = await admin().request(AreasPageDocument, { kind: 'COMMUNITY', first: 1 });
    return areas.nodes[0]!;
  };

  it('gives bad input back as typed userErrors, every bad field at once, writing nothing', async () => {
    const community = await aCommunity();
    const client = admin();
    const count = async () =>
      (await client.request(ServicePointsDocument, { within: community.id, first: 1 })).servicePoints.totalCount;
    const before = await count();
    const result = await client.mutate(CreateServicePointDocument, {
      input: {
        name: '   ',
        kind: 'HEALTH_STATION',
        areaId: community.id,
        address: '',
        location: { latitude: 32.63, longitude: 116.83 },
        phone: 'call me maybe',
      },
    });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expectTypeOf(result.userErrors[0].code).toEqualTypeOf<UserErrorCode>();
    expect(result.userErrors.every((e) => e.code === 'BAD_USER_INPUT')).toBe(true);
    for (const field of ['name', 'address', 'phone']) {
      expect(errorsAt(result.userErrors, 'input', field), field).toHaveLength(1);
    }
    expect(await count()).toBe(before);
  });

  it('gives the payload of a mutation that succeeds', async () => {
    const community = await aCommunity();
    const client = admin();
    const name = '客户端测试健康站';
    const result = await client.mutate(CreateServicePointDocument, {
      input: {
        name,
        kind: 'HEALTH_STATION',
        areaId: community.id,
        address: '八公山区测试路 1 号',
        location: { latitude: 32.63, longitude: 116.83 },
      },
    });

    if (!result.ok) throw new Error(`unexpected userErrors: ${JSON.stringify(result.userErrors)}`);
    expect(result.payload.point).toMatchObject({ name, kind: 'HEALTH_STATION' });
    expect(result.payload).not.toHaveProperty('userErrors');
    const { servicePoints } = await client.request(ServicePointsDocument, {
      within: community.id,
      kind: 'HEALTH_STATION',
      first: 100,
    });
    expect(servicePoints.edges.map((e) => e.node.id)).toContain(result.payload.point!.id);
  });
});

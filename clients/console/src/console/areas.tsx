// 区域 — the area tree from the district down to the buildings: each area's children, its roles
// (grid workers, building leader), and the residents and party members at or below it. ID-card
// numbers and phones are masked by the server; a reveal asks again for one person.
import { useState } from 'react';
import { Link, useParams } from 'react-router';

import {
  ConsoleAreaDocument,
  ConsoleResidentsDocument,
  ConsoleRevealPersonDocument,
  ConsoleRootsDocument,
  type ConsoleResidentsQuery,
} from '../../../ts/src';
import { AREA_KIND, GENDER, MEMBER_CATEGORY, MEMBER_STATUS, ROLE } from './labels';
import { useSession } from './session';
import { ErrorBox, L, Loading, T, useQuery } from './ui';

export function AreasPage() {
  const { id } = useParams();
  return id ? <AreaView id={id} /> : <Roots />;
}

function Roots() {
  const { client } = useSession();
  const q = useQuery(() => client.request(ConsoleRootsDocument), []);
  return (
    <section>
      <h2>
        <T en="Area tree">区域</T>
      </h2>
      <ErrorBox error={q.error} />
      {q.data ? (
        <ul className="cards">
          {q.data.areas.nodes.map((a) => (
            <li key={a.id}>
              <Link to={`/areas/${encodeURIComponent(a.id)}`}>{a.name}</Link> <L map={AREA_KIND} v={a.kind} />
            </li>
          ))}
        </ul>
      ) : q.loading ? (
        <Loading />
      ) : null}
    </section>
  );
}

const areaLink = (id: string) => `/areas/${encodeURIComponent(id)}`;

function AreaView({ id }: { id: string }) {
  const { client } = useSession();
  const q = useQuery(() => client.request(ConsoleAreaDocument, { id }), [id]);
  const area = q.data?.node?.__typename === 'Area' ? q.data.node : undefined;
  if (q.error && !area) return <ErrorBox error={q.error} />;
  if (!area) {
    return q.loading ? <Loading /> : <ErrorBox error={{ code: 'NOT_FOUND', message: '没有这个区域 (no such area)' }} />;
  }
  const childKind = area.children.nodes[0]?.kind;
  return (
    <section data-testid="area" data-area-kind={area.kind}>
      <nav className="crumbs" aria-label="breadcrumbs">
        <Link to="/areas">
          <T en="Area tree">区域</T>
        </Link>
        {area.ancestors.map((a) => (
          <span key={a.id}>
            {' › '}
            <Link to={areaLink(a.id)}>{a.name}</Link>
          </span>
        ))}
      </nav>
      <h2>
        {area.name} <L map={AREA_KIND} v={area.kind} />
      </h2>
      <ErrorBox error={q.error} />

      {area.children.totalCount > 0 ? (
        <div className="panel" data-testid="children">
          <h3>
            {childKind ? <L map={AREA_KIND} v={childKind} /> : <T en="Areas below">下级区域</T>}{' '}
            <span className="count">（{area.children.totalCount}）</span>
          </h3>
          <ul className="chips">
            {area.children.nodes.map((c) => (
              <li key={c.id} data-kind={c.kind}>
                <Link to={areaLink(c.id)}>{c.name}</Link>
              </li>
            ))}
          </ul>
        </div>
      ) : null}

      {area.kind === 'GRID' ? (
        <div className="panel" data-testid="grid-workers">
          <h3>
            <T en="Grid workers">网格员</T> <span className="count">（{area.gridWorkers.totalCount}）</span>
          </h3>
          <ul>
            {area.gridWorkers.nodes.map((w) => (
              <li key={w.id}>
                {w.person?.name ?? '—'} <small>自 {w.fromOn}</small>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {area.kind === 'BUILDING' ? (
        <div className="panel" data-testid="building-leader">
          <h3>
            <T en="Building leader">楼栋长</T>
          </h3>
          <p>
            {area.buildingLeader ? (
              <>
                {area.buildingLeader.person?.name ?? '—'} <small>自 {area.buildingLeader.fromOn}</small>
              </>
            ) : (
              <T en="none">暂无</T>
            )}
          </p>
        </div>
      ) : null}

      <Residents id={area.id} />
    </section>
  );
}

type ResidentsArea = Extract<NonNullable<ConsoleResidentsQuery['node']>, { __typename: 'Area' }>;
type Resident = ResidentsArea['residents']['nodes'][number];

const PAGE = 20;

function Residents({ id }: { id: string }) {
  const { client } = useSession();
  const [pages, setPages] = useState(1);
  const q = useQuery(async () => {
    // As many pages as asked for, each after the last one's end.
    let after: string | null | undefined = undefined;
    let area: ResidentsArea | undefined;
    const residents: Resident[] = [];
    for (let i = 0; i < pages; i++) {
      const d: ConsoleResidentsQuery = await client.request(ConsoleResidentsDocument, { id, first: PAGE, after });
      if (d.node?.__typename !== 'Area') break;
      area = d.node;
      residents.push(...d.node.residents.nodes);
      if (!d.node.residents.pageInfo.hasNextPage) break;
      after = d.node.residents.pageInfo.endCursor;
    }
    return area ? { area, residents } : undefined;
  }, [id, pages]);
  const data = q.data;
  const whole = data?.residents.some((r) => !r.idCardNumber.includes('*'));
  return (
    <>
      <div className="panel" data-testid="residents">
        <h3>
          <T en="Residents">居民</T> <span className="count">（{data?.area.residents.totalCount ?? '…'}）</span>
        </h3>
        <p className="notice" data-testid="audit-notice">
          <T en="ID-card numbers and phones are masked by the server. A whole read (reveal) needs the PERSONAL_DATA permission and is written to the audit log.">
            身份证号和手机号由服务器遮蔽显示。查看完整信息需要个人信息权限（PERSONAL_DATA），每次完整读取都会写入审计日志。
          </T>
        </p>
        {whole ? (
          <p className="warning" role="status">
            <T en="This token reads personal data whole: every whole read in this list was written to the audit log.">
              当前令牌可读取完整个人信息：本列表中的每次完整读取均已写入审计日志。
            </T>
          </p>
        ) : null}
        <ErrorBox error={q.error} />
        {data ? (
          <ul className="people">
            {data.residents.map((p) => (
              <PersonRow key={p.id} person={p} />
            ))}
          </ul>
        ) : q.loading ? (
          <Loading />
        ) : null}
        {data && data.residents.length < data.area.residents.totalCount ? (
          <button type="button" onClick={() => setPages((n) => n + 1)} disabled={q.loading} title="More">
            更多
          </button>
        ) : null}
      </div>
      {data ? (
        <div className="panel" data-testid="party-members">
          <h3>
            <T en="Party members">党员</T> <span className="count">（{data.area.partyMembers.totalCount}）</span>
          </h3>
          <ul>
            {data.area.partyMembers.nodes.map((m) => (
              <li key={m.id}>
                {m.person?.name ?? '—'} · <L map={MEMBER_STATUS} v={m.status} /> · <L map={MEMBER_CATEGORY} v={m.category} /> ·{' '}
                {m.organization.name}
                {m.reported ? (
                  <>
                    {' '}
                    · <T en="Reported in">已报到</T>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </>
  );
}

function PersonRow({ person }: { person: Resident }) {
  const { revealClient, hasPersonalDataToken } = useSession();
  const [reveal, setReveal] = useState<{ idCardNumber: string; phone?: string | null; masked: boolean } | undefined>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const doReveal = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const d = await revealClient.request(ConsoleRevealPersonDocument, { id: person.id });
      if (d.node?.__typename !== 'Person') throw { code: 'NOT_FOUND', message: '看不到这个人 (not visible)' };
      const masked = d.node.idCardNumber.includes('*') || Boolean(d.node.phone?.includes('*'));
      setReveal({ idCardNumber: d.node.idCardNumber, phone: d.node.phone, masked });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const shown = reveal ?? person;
  return (
    <li data-person-id={person.id}>
      <div>
        <strong>{person.name}</strong> <L map={GENDER} v={person.gender} /> · {person.age}岁
        {person.homeArea ? <> · {person.homeArea.name}</> : null}
        {person.partyMember ? (
          <>
            {' '}
            · <L map={MEMBER_STATUS} v={person.partyMember.status} />
          </>
        ) : null}
        {person.roles.nodes.map((r, i) => (
          <span key={i}>
            {' '}
            · <L map={ROLE} v={r.role} />
            {r.area ? `（${r.area.name}）` : ''}
          </span>
        ))}
      </div>
      <div className="personal">
        <span title="ID-card number" data-field="idCardNumber">
          身份证 {shown.idCardNumber}
        </span>{' '}
        <span title="Phone" data-field="phone">
          手机 {shown.phone ?? '—'}
        </span>{' '}
        {reveal ? null : (
          <button type="button" onClick={doReveal} disabled={busy} title="Reveal (audited)">
            显示完整信息
          </button>
        )}
      </div>
      {reveal ? (
        reveal.masked ? (
          <p className="notice" role="status" data-testid="reveal-masked">
            <T en="The server masks these fields: the credentials have no PERSONAL_DATA permission.">
              服务器仍遮蔽显示：{hasPersonalDataToken ? '个人信息令牌' : '当前凭据'}没有个人信息权限（PERSONAL_DATA）。
            </T>
          </p>
        ) : (
          <p className="warning" role="status" data-testid="reveal-audited">
            <T en="Read whole: this read was written to the audit log.">已显示完整信息：本次读取已写入审计日志。</T>
          </p>
        )
      ) : null}
      <ErrorBox error={error} />
    </li>
  );
}

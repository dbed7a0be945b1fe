// 服务阵地 — the service points with their services, and the 15-minute living circle's gaps:
// for each community, the share of its buildings with a point of each kind within a 15-minute
// walk, and the buildings without one.
import { useState } from 'react';
import { Link } from 'react-router';

import { ConsoleCoverageDocument, ConsolePointsDocument, type ServicePointKind } from '../../../ts/src';
import { POINT_KIND } from './labels';
import { useSession } from './session';
import { Choice, ErrorBox, L, Loading, PAGES, Pager, T, useCursors, useQuery } from './ui';

export function PointsPage() {
  return (
    <>
      <Points />
      <Coverage />
    </>
  );
}

function Points() {
  const { client } = useSession();
  const [kind, setKind] = useState<ServicePointKind | ''>('');
  const cursors = useCursors();
  const cursor = cursors.cursor;
  const q = useQuery(
    () => client.request(ConsolePointsDocument, { kind: kind || undefined, first: 20, after: cursor }),
    [kind, cursor],
  );
  const page = q.data?.servicePoints;
  return (
    <section data-testid="points">
      <h2>
        <T en="Service points">服务阵地</T> <span className="count">（{page?.totalCount ?? '…'}）</span>
      </h2>
      <Choice
        label={['类型', 'Kind']}
        name="kind"
        value={kind}
        map={POINT_KIND}
        onChange={(v) => {
          setKind(v as ServicePointKind | '');
          cursors.reset();
        }}
      />
      <ErrorBox error={q.error} />
      {page ? (
        <ul className="cards">
          {page.nodes.map((p) => (
            <li key={p.id} data-point-id={p.id}>
              <strong>{p.name}</strong> <L map={POINT_KIND} v={p.kind} />
              <div className="muted">
                {p.address} · {p.area.name}
              </div>
              {p.services.length > 0 ? (
                <ul className="chips">
                  {p.services.map((s) => (
                    <li key={s.id}>
                      <Link to={`/services/${encodeURIComponent(s.id)}`} title="Service: slots and bookings">
                        {s.name}
                      </Link>
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : q.loading ? (
        <Loading />
      ) : null}
      <Pager
        cursors={cursors}
        more={page?.pageInfo.hasNextPage ?? false}
        next={page?.pageInfo.endCursor}
        labels={PAGES}
      />
    </section>
  );
}

const pct = (share: number | null | undefined) => (share === null || share === undefined ? '—' : `${Math.round(share * 100)}%`);

function Coverage() {
  const { client } = useSession();
  const cursors = useCursors();
  const cursor = cursors.cursor;
  const q = useQuery(() => client.request(ConsoleCoverageDocument, { first: 10, after: cursor }), [cursor]);
  const page = q.data?.areas;
  return (
    <section data-testid="coverage">
      <h2>
        <T en="15-minute living circle: coverage gaps">15分钟生活圈覆盖缺口</T>
      </h2>
      <p className="muted">
        <T en="For each community: the share of its buildings with a point of each kind within a 15-minute walk (straight line × 1.3 at 80 m/min); open a row for the buildings left out.">
          每个社区中，步行15分钟（直线距离×1.3，每分钟80米）内有该类阵地的楼栋比例；展开可见未覆盖的楼栋。
        </T>
      </p>
      <ErrorBox error={q.error} />
      {page ? (
        <ul className="cards">
          {page.nodes.map((c) => (
            <li key={c.id} data-community-id={c.id}>
              <strong>{c.name}</strong>{' '}
              <span className="muted">
                {c.livingCircle?.buildings ?? 0} <T en="buildings with coordinates">栋</T>
              </span>
              <ul className="coverage">
                {(c.livingCircle?.kinds ?? []).map((k) => (
                  <li key={k.kind} className={k.uncoveredBuildings.length > 0 ? 'gap' : 'ok'}>
                    <details>
                      <summary>
                        <L map={POINT_KIND} v={k.kind} /> {pct(k.share)}
                        {k.uncoveredBuildings.length > 0 ? (
                          <span className="gap-count" title="buildings without one">
                            {' '}
                            缺{k.uncoveredBuildings.length}栋
                          </span>
                        ) : null}
                      </summary>
                      {k.uncoveredBuildings.length > 0 ? (
                        <p className="muted">{k.uncoveredBuildings.map((b) => b.name).join('、')}</p>
                      ) : (
                        <p className="muted">
                          <T en="every building covered">全部覆盖</T>
                        </p>
                      )}
                    </details>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      ) : q.loading ? (
        <Loading />
      ) : null}
      <Pager
        cursors={cursors}
        more={page?.pageInfo.hasNextPage ?? false}
        next={page?.pageInfo.endCursor}
        labels={PAGES}
      />
    </section>
  );
}

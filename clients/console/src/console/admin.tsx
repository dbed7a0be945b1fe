// 接入与审计 — the partner clients and the audit trail, for the district's admins (anyone else is
// shown the server's FORBIDDEN with its code).
import { useState } from 'react';

import { ConsoleAuditLogDocument, ConsolePartnersDocument } from '../../../ts/src';
import { PURPOSE, SCOPE } from './labels';
import { useSession } from './session';
import { Choice, ErrorBox, fmtDateTime, L, Loading, Pager, T, useCursors, useQuery } from './ui';

export function AdminPage() {
  return (
    <>
      <Partners />
      <AuditLog />
    </>
  );
}

function Partners() {
  const { client } = useSession();
  const q = useQuery(() => client.request(ConsolePartnersDocument, { first: 50 }), []);
  const page = q.data?.partnerClients;
  return (
    <section data-testid="partners">
      <h2>
        <T en="Partner clients">合作单位接入</T> <span className="count">（{page?.totalCount ?? '…'}）</span>
      </h2>
      <ErrorBox error={q.error} />
      {page ? (
        page.nodes.length === 0 ? (
          <p>
            <T en="No partner client is registered">尚无合作单位接入</T>
          </p>
        ) : (
          <ul className="cards">
            {page.nodes.map((c) => (
              <li key={c.id} data-client-id={c.clientId}>
                <strong>{c.name}</strong> <code title="client_id">{c.clientId}</code>
                <div className="muted">
                  {c.unit?.name ?? '—'} · {c.area?.name ?? '—'} · <T en="requests a minute">每分钟</T> {c.ratePerMinute}
                  {c.trustedDocumentsOnly ? (
                    <>
                      {' '}
                      · <T en="trusted documents only">仅限可信文档</T>
                    </>
                  ) : null}
                </div>
                <div>
                  {c.scopes.map((s) => (
                    <span key={s} className="tag">
                      <L map={SCOPE} v={s} />
                    </span>
                  ))}
                  {c.purposes.map((p) => (
                    <span key={p} className="tag purpose">
                      <L map={PURPOSE} v={p} />
                    </span>
                  ))}
                </div>
                <small className="muted">
                  <T en="Registered">注册于</T> {fmtDateTime(c.createdAt)} · <T en="Last used">最近使用</T>{' '}
                  {fmtDateTime(c.lastUsedAt)}
                </small>
              </li>
            ))}
          </ul>
        )
      ) : q.loading ? (
        <Loading />
      ) : null}
    </section>
  );
}

const ACTIONS: Record<string, [string, string]> = {
  read_personal_data: ['完整读取个人信息', 'read personal data whole'],
  change_member_status: ['党员状态变更', 'change of a member status'],
  create_partner_client: ['新增合作单位', 'partner client created'],
  rotate_partner_secret: ['更换接入密钥', 'partner secret rotated'],
};

function AuditLog() {
  const { client } = useSession();
  const [action, setAction] = useState('');
  // The newest first: each page goes back in time (`last`/`before`).
  const cursors = useCursors();
  const cursor = cursors.cursor;
  const q = useQuery(
    () => client.request(ConsoleAuditLogDocument, { filter: { action: action || undefined }, last: 50, before: cursor }),
    [action, cursor],
  );
  const page = q.data?.auditLog;
  return (
    <section data-testid="audit">
      <h2>
        <T en="Audit log">审计日志</T> <span className="count">（{page?.totalCount ?? '…'}）</span>
      </h2>
      <p className="muted">
        <T en="Who read whose personal data whole (and why, for a partner client), status changes, partner-client management; newest first.">
          谁完整读取了谁的个人信息（合作单位附用途）、状态变更、接入管理；最新的在前。
        </T>
      </p>
      <Choice
        label={['操作', 'Action']}
        name="action"
        value={action}
        map={ACTIONS}
        onChange={(v) => {
          setAction(v);
          cursors.reset();
        }}
      />
      <ErrorBox error={q.error} />
      {page && page.nodes.length === 0 ? (
        <p>
          <T en="No records">暂无记录</T>
        </p>
      ) : null}
      {page ? (
        <ul className="audit">
          {[...page.nodes].reverse().map((r, i) => (
            <li key={`${r.at}-${i}`} data-action={r.action}>
              <span className="muted">{fmtDateTime(r.at)}</span> <code title="actor">{r.actor}</code>{' '}
              <L map={ACTIONS} v={r.action} /> <span title="detail">{r.detail}</span>
              {r.clientId ? <small> · client {r.clientId}</small> : null}
              {r.purpose ? (
                <small>
                  {' '}
                  · <L map={PURPOSE} v={r.purpose} />
                </small>
              ) : null}
              <small className="muted" title="subject id">
                {' '}
                · {r.subjectId}
              </small>
            </li>
          ))}
        </ul>
      ) : q.loading ? (
        <Loading />
      ) : null}
      <Pager
        cursors={cursors}
        more={page?.pageInfo.hasPreviousPage ?? false}
        next={page?.pageInfo.startCursor}
        labels={[
          ['较新', 'Newer'],
          ['较早', 'Older'],
        ]}
      />
    </section>
  );
}

// 服务项目 — a service's slots over a week with their places, polled every few seconds; a slot's
// bookings (confirmed, offered, the waitlist in order), cancelling one (the place goes to the first
// in line), and booking for a resident (the server refuses one who fails a rule, with the reason).
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useParams, useSearchParams } from 'react-router';

import {
  ConsoleBookDocument,
  ConsoleCancelBookingDocument,
  ConsoleClaimOfferDocument,
  ConsoleEligibilityDocument,
  ConsolePeopleDocument,
  ConsolePointBookingsDocument,
  ConsoleServiceDocument,
  type BookingState,
  type ConsolePointBookingsQuery,
  type GongzhiClient,
} from '../../../ts/src';
import { BOOKING_STATE, GENDER, SERVICE_MODE } from './labels';
import { useSession } from './session';
import { addDays, dayOf, ErrorBox, fmtDateTime, fmtTime, L, Loading, T, today, useQuery, type Coded } from './ui';

/** How often the slots and the bookings are asked again. */
export const POLL_MS = 3000;
const DAYS = 7;

export function ServicePage() {
  const { id = '' } = useParams();
  const { client } = useSession();
  const [params, setParams] = useSearchParams();
  const day = params.get('day') ?? today();
  const slotId = params.get('slot');
  const q = useQuery(
    () => client.request(ConsoleServiceDocument, { id, from: day, to: addDays(day, DAYS - 1) }),
    [id, day],
    POLL_MS,
  );
  const service = q.data?.node?.__typename === 'Service' ? q.data.node : undefined;
  if (!service) {
    if (q.error) return <ErrorBox error={q.error} />;
    return q.loading ? <Loading /> : <ErrorBox error={{ code: 'NOT_FOUND', message: '没有这个服务 (no such service)' }} />;
  }
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const byDay = new Map<string, typeof service.availability>();
  for (const s of service.availability) {
    const d = dayOf(s.startsAt);
    byDay.set(d, [...(byDay.get(d) ?? []), s]);
  }
  const slot = service.availability.find((s) => s.id === slotId);
  return (
    <section data-testid="service">
      <h2>
        {service.name} <small className="muted">{service.point.name}</small>
      </h2>
      <p className="muted">
        <L map={SERVICE_MODE} v={service.mode} /> · <T en="Places per slot">每时段名额</T> {service.capacity} ·{' '}
        <T en="Booking opens days ahead">提前开放</T> {service.opensDaysAhead} 天 · <T en="Cancel until">截止取消</T>{' '}
        {service.cancelHoursBefore} 小时前
        {service.claimMinutes ? (
          <>
            {' '}
            · <T en="An offered place waits">递补保留</T> {service.claimMinutes} 分钟
          </>
        ) : null}
      </p>
      {service.description ? <p>{service.description}</p> : null}
      <div className="panel">
        <h3>
          <T en="Eligibility rules">资格条件</T>
        </h3>
        {service.rules.length > 0 ? (
          <ul>
            {service.rules.map((r) => (
              <li key={r.kind} data-rule={r.kind}>
                {r.description}
              </li>
            ))}
          </ul>
        ) : (
          <p>
            <T en="Anyone may book">不限</T>
          </p>
        )}
      </div>

      <div className="panel" data-testid="slots">
        <h3>
          <T en="Slots">可预约时段</T>{' '}
          <small className="muted live" title="polled every few seconds">
            每{POLL_MS / 1000}秒刷新 · {q.at ? fmtTime(q.at.toISOString()) : ''}
          </small>
        </h3>
        <div className="pager">
          <button type="button" onClick={() => set({ day: addDays(day, -DAYS), slot: null })} title="Previous week">
            上一周
          </button>
          <input
            type="date"
            name="day"
            value={day}
            onChange={(e) => e.target.value && set({ day: e.target.value, slot: null })}
            title="From this day"
          />
          <button type="button" onClick={() => set({ day: addDays(day, DAYS), slot: null })} title="Next week">
            下一周
          </button>
        </div>
        <ErrorBox error={q.error} />
        {byDay.size === 0 ? (
          <p>
            <T en="No slots on these days (closed, holidays, or not open for booking)">这几天没有可预约时段</T>
          </p>
        ) : null}
        {[...byDay].map(([d, slots]) => (
          <div key={d} className="day">
            <h4>{d}</h4>
            <ul className="slots">
              {slots.map((s) => (
                <li key={s.id}>
                  <button
                    type="button"
                    className={`slot${s.id === slotId ? ' selected' : ''}${s.free === 0 ? ' full' : ''}`}
                    data-slot-id={s.id}
                    onClick={() => set({ slot: s.id })}
                    title={`capacity ${s.capacity}, booked ${s.booked}, waitlisted ${s.waitlisted}, free ${s.free}`}
                  >
                    {fmtTime(s.startsAt)}–{fmtTime(s.endsAt)}
                    <span className="places">
                      余<b data-field="free">{s.free}</b>/{s.capacity}
                      {s.waitlisted > 0 ? (
                        <>
                          {' '}
                          候补<b data-field="waitlisted">{s.waitlisted}</b>
                        </>
                      ) : null}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>

      {slot ? (
        <SlotPanel
          key={slot.id}
          serviceId={service.id}
          pointId={service.point.id}
          slot={slot}
          onChange={q.reload}
        />
      ) : slotId ? (
        <p className="notice">
          <T en="That slot is not among these days">所选时段不在这几天内</T>
        </p>
      ) : null}
    </section>
  );
}

type Booking = ConsolePointBookingsQuery['bookings']['nodes'][number];

/** The states of a slot's live bookings, and how far back to read each (pages of 100). */
const LIVE: BookingState[] = ['CONFIRMED', 'OFFERED', 'WAITLISTED', 'CHECKED_IN'];
const MAX_PAGES = 20;

/**
 * A slot's live bookings: the point's bookings in each live state, read backwards from the newest
 * (a slot's bookings are made in the weeks before it), kept if they are the slot's.
 */
async function slotBookings(client: GongzhiClient, pointId: string, slotId: string): Promise<Booking[]> {
  const found: Booking[] = [];
  await Promise.all(
    LIVE.map(async (state) => {
      let before: string | null | undefined = undefined;
      for (let i = 0; i < MAX_PAGES; i++) {
        const { bookings }: ConsolePointBookingsQuery = await client.request(ConsolePointBookingsDocument, { point: pointId, state, last: 100, before });
        found.push(...bookings.nodes.filter((b) => b.slotId === slotId));
        if (!bookings.pageInfo.hasPreviousPage) break;
        before = bookings.pageInfo.startCursor;
      }
    }),
  );
  return found;
}

interface Slot {
  id: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  booked: number;
  waitlisted: number;
  free: number;
}

function SlotPanel({ serviceId, pointId, slot, onChange }: { serviceId: string; pointId: string; slot: Slot; onChange: () => void }) {
  const { client } = useSession();
  const q = useQuery(() => slotBookings(client, pointId, slot.id), [pointId, slot.id], POLL_MS);
  // On a phone the slot's panel is below a week of slots: bring it into view when one is chosen.
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    panel.current?.scrollIntoView({ block: 'start' });
  }, [slot.id]);
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState<string>();
  const act = async (id: string, run: () => Promise<{ ok: true } | { ok: false; userErrors: readonly Coded[] }>) => {
    setBusy(id);
    setActionError(undefined);
    try {
      const r = await run();
      if (!r.ok) setActionError(r.userErrors);
    } catch (e) {
      setActionError(e);
    } finally {
      setBusy(undefined);
      q.reload();
      onChange();
    }
  };
  const cancel = (b: Booking) => act(b.id, () => client.mutate(ConsoleCancelBookingDocument, { id: b.id }));
  const claim = (b: Booking) => act(b.id, () => client.mutate(ConsoleClaimOfferDocument, { id: b.id }));
  const all = q.data ?? [];
  const confirmed = all.filter((b) => b.state === 'CONFIRMED' || b.state === 'CHECKED_IN');
  const offered = all.filter((b) => b.state === 'OFFERED');
  const waiting = all.filter((b) => b.state === 'WAITLISTED').sort((a, b) => (a.waitlistPosition ?? 0) - (b.waitlistPosition ?? 0));
  const row = (b: Booking, actions: ReactNode) => (
    <li key={b.id} data-booking-id={b.id} data-person-id={b.person?.id} data-state={b.state}>
      {b.waitlistPosition ? <span className="position">第{b.waitlistPosition}位 </span> : null}
      <strong>{b.person?.name ?? '—'}</strong> {b.person ? <>{b.person.age}岁 </> : null}
      <L map={BOOKING_STATE} v={b.state} />
      {b.offerExpiresAt ? <small> · 保留至 {fmtDateTime(b.offerExpiresAt)}</small> : null}
      <small className="muted"> · 预约于 {fmtDateTime(b.bookedAt)}</small> {actions}
    </li>
  );
  return (
    <div className="panel" data-testid="slot" ref={panel}>
      <h3>
        {dayOf(slot.startsAt)} {fmtTime(slot.startsAt)}–{fmtTime(slot.endsAt)}{' '}
        <small className="muted">
          <T en="booked">已约</T> {slot.booked}/{slot.capacity} · <T en="free">余</T> {slot.free} · <T en="waitlisted">候补</T>{' '}
          {slot.waitlisted}
        </small>
      </h3>
      <ErrorBox error={q.error} />
      <ErrorBox error={actionError} title="操作未成功" />
      {q.data === undefined && q.loading ? <Loading /> : null}
      <h4>
        <T en="Confirmed">已确认</T>（{confirmed.length}）
      </h4>
      <ul className="bookings" data-testid="confirmed">
        {confirmed.map((b) =>
          row(
            b,
            b.state === 'CONFIRMED' ? (
              <button type="button" onClick={() => cancel(b)} disabled={busy === b.id} title="Cancel: the place goes to the first in line">
                取消预约
              </button>
            ) : null,
          ),
        )}
      </ul>
      {offered.length > 0 ? (
        <>
          <h4>
            <T en="Offered from the waitlist">候补递补待确认</T>（{offered.length}）
          </h4>
          <ul className="bookings" data-testid="offered">
            {offered.map((b) =>
              row(
                b,
                <button type="button" onClick={() => claim(b)} disabled={busy === b.id} title="Claim the offered place">
                  确认递补
                </button>,
              ),
            )}
          </ul>
        </>
      ) : null}
      <h4>
        <T en="Waitlist">候补名单</T>（{waiting.length}）
      </h4>
      <ul className="bookings" data-testid="waitlist">
        {waiting.map((b) =>
          row(
            b,
            <button type="button" onClick={() => cancel(b)} disabled={busy === b.id} title="Cancel">
              取消
            </button>,
          ),
        )}
      </ul>
      <BookForm serviceId={serviceId} slot={slot} onBooked={() => (q.reload(), onChange())} />
    </div>
  );
}

function BookForm({ serviceId, slot, onBooked }: { serviceId: string; slot: Slot; onBooked: () => void }) {
  const { client } = useSession();
  const [name, setName] = useState('');
  const [search, setSearch] = useState<string>();
  const [chosen, setChosen] = useState<{ id: string; name: string }>();
  const [result, setResult] = useState<{ state: string; waitlistPosition?: number | null; name: string }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const people = useQuery(
    () => (search ? client.request(ConsolePeopleDocument, { nameContains: search, first: 20 }) : Promise.resolve(undefined)),
    [search],
  );
  const eligibility = useQuery(
    () =>
      chosen
        ? client.request(ConsoleEligibilityDocument, { service: serviceId, person: chosen.id, on: dayOf(slot.startsAt) })
        : Promise.resolve(undefined),
    [chosen?.id, serviceId, slot.id],
  );
  const elig = eligibility.data?.node?.__typename === 'Service' ? eligibility.data.node.eligibility : undefined;
  const find = (e: FormEvent) => {
    e.preventDefault();
    setChosen(undefined);
    setResult(undefined);
    setError(undefined);
    setSearch(name.trim() || undefined);
  };
  const book = async () => {
    if (!chosen) return;
    setBusy(true);
    setError(undefined);
    setResult(undefined);
    try {
      const r = await client.mutate(ConsoleBookDocument, { input: { slot: slot.id, personId: chosen.id, waitlist: true } });
      if (r.ok && r.payload.booking) {
        setResult({ state: r.payload.booking.state, waitlistPosition: r.payload.booking.waitlistPosition, name: chosen.name });
        onBooked();
      } else if (!r.ok) {
        setError(r.userErrors);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="book" data-testid="book">
      <h4>
        <T en="Book for a resident">为居民预约</T>
      </h4>
      <form onSubmit={find} className="inline">
        <input
          name="person"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="居民姓名 (name)"
          maxLength={50}
          required
        />
        <button type="submit" title="Find residents by name">
          查找
        </button>
      </form>
      <ErrorBox error={people.error} />
      {people.data ? (
        <ul className="people" data-testid="candidates">
          {people.data.people.nodes.length === 0 ? (
            <li>
              <T en="nobody by that name">查无此人</T>
            </li>
          ) : null}
          {people.data.people.nodes.map((p) => (
            <li key={p.id} data-person-id={p.id} className={chosen?.id === p.id ? 'selected' : ''}>
              <label>
                <input
                  type="radio"
                  name="chosen"
                  checked={chosen?.id === p.id}
                  onChange={() => {
                    setChosen({ id: p.id, name: p.name });
                    setResult(undefined);
                    setError(undefined);
                  }}
                />{' '}
                {p.name} <L map={GENDER} v={p.gender} /> · {p.age}岁{p.homeArea ? ` · ${p.homeArea.name}` : ''}
              </label>
            </li>
          ))}
        </ul>
      ) : null}
      {chosen ? (
        <div className="chosen">
          {elig ? (
            elig.eligible ? (
              <p className="ok" data-testid="eligible">
                <T en="Meets every rule">符合资格条件</T>
              </p>
            ) : (
              <div className="notice" data-testid="ineligible">
                <T en="Does not meet">不符合资格条件</T>：
                <ul>
                  {elig.failedRules.map((r) => (
                    <li key={r.kind}>{r.description}</li>
                  ))}
                </ul>
              </div>
            )
          ) : null}
          <ErrorBox error={eligibility.error} />
          <button type="button" onClick={book} disabled={busy} title="Book this slot (joins the waitlist when full)">
            为{chosen.name}预约
          </button>
        </div>
      ) : null}
      {result ? (
        <p className="ok" role="status" data-testid="booked" data-state={result.state}>
          {result.name}：<L map={BOOKING_STATE} v={result.state} />
          {result.waitlistPosition ? `，候补第${result.waitlistPosition}位` : ''}
        </p>
      ) : null}
      <ErrorBox error={error} title="预约未成功" />
    </div>
  );
}

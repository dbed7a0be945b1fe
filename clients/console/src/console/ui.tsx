// Small pieces every page uses: Chinese terms with their English in `title`, errors with their
// code, loading, dates in the district's time zone, and a polling query hook.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';

import { GongzhiError } from '../../../ts/src';

/** A Chinese term, its English name in the `title` attribute. */
export function T({ en, children }: { en: string; children: ReactNode }) {
  return <span title={en}>{children}</span>;
}

export interface Coded {
  code: string;
  message: string;
  field?: readonly string[];
  requestId?: string;
}

/** Any error as message and code: a GongzhiError, a userError, or anything thrown. */
export function coded(e: unknown): Coded {
  if (e instanceof GongzhiError) {
    return { code: e.code, message: e.message, field: e.field ? [e.field] : undefined, requestId: e.requestId };
  }
  if (e && typeof e === 'object' && 'code' in e && 'message' in e) {
    const u = e as { code: unknown; message: unknown; field?: readonly string[] };
    return { code: String(u.code), message: String(u.message), field: u.field };
  }
  return { code: 'UNKNOWN', message: e instanceof Error ? e.message : String(e) };
}

/** Every error shows its message and its code. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (error === null || error === undefined) return null;
  const list = Array.isArray(error) ? error : [error];
  return (
    <div className="error" role="alert">
      <strong>
        <T en="Error">{title ?? '出错了'}</T>
      </strong>
      <ul>
        {list.map((e, i) => {
          const c = coded(e);
          return (
            <li key={i}>
              <code className="code" title="error code">
                {c.code}
              </code>{' '}
              <span className="message">{c.message}</span>
              {c.field && c.field.length > 0 ? <span className="field"> （字段 {c.field.join('.')}）</span> : null}
              {c.requestId ? <small className="request-id"> 请求号 {c.requestId}</small> : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function Loading() {
  return (
    <p className="loading">
      <T en="Loading">加载中…</T>
    </p>
  );
}

const TZ = 'Asia/Shanghai';
const dateTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: TZ,
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});
const time = new Intl.DateTimeFormat('zh-CN', { timeZone: TZ, hour: '2-digit', minute: '2-digit', hour12: false });
const isoDay = new Intl.DateTimeFormat('en-CA', { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });

export const fmtDateTime = (s: string | null | undefined) => (s ? dateTime.format(new Date(s)) : '—');
export const fmtTime = (s: string) => time.format(new Date(s));
/** The local date (Asia/Shanghai) of an instant, as YYYY-MM-DD. */
export const dayOf = (d: Date | string) => isoDay.format(typeof d === 'string' ? new Date(d) : d);
export const today = () => dayOf(new Date());
export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export interface QueryState<D> {
  data: D | undefined;
  error: unknown;
  loading: boolean;
  /** Asks again now. */
  reload: () => void;
  /** When the data was last fetched. */
  at: Date | undefined;
}

/**
 * Runs `load` when `deps` change, and again `pollMs` after each answer if given (never two at
 * once, so a slow server is not asked faster than it answers), keeping the last data while it asks
 * again; a failed poll shows its error next to the data it had.
 */
export function useQuery<D>(load: () => Promise<D>, deps: readonly unknown[], pollMs?: number): QueryState<D> {
  const [state, setState] = useState<{ data?: D; error?: unknown; loading: boolean; at?: Date }>({ loading: true });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const key = JSON.stringify(deps);
  useEffect(() => {
    setState({ loading: true });
  }, [key]);
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const again = () => {
      if (live && pollMs) timer = setTimeout(() => setTick((t) => t + 1), pollMs);
    };
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => {
        if (live) setState({ data, loading: false, at: new Date() });
        again();
      },
      (error: unknown) => {
        if (live) setState((s) => ({ data: s.data, error, loading: false, at: s.at }));
        again();
      },
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key, tick, pollMs]);
  return { data: state.data, error: state.error, loading: state.loading, reload, at: state.at };
}

/** An enum value in Chinese, its English name (and the value) in `title`. */
export function L({ map, v }: { map: Record<string, [string, string]>; v: string }) {
  const [zh, en] = map[v] ?? [v, v];
  return (
    <span title={`${en} (${v})`} data-value={v}>
      {zh}
    </span>
  );
}

/**
 * The cursors of the pages visited, the first page's `undefined`: `cursor` is the current page's.
 * `reset` goes back to the first page (when a filter changes).
 */
export function useCursors() {
  const [stack, setStack] = useState<(string | null | undefined)[]>([undefined]);
  return {
    cursor: stack[stack.length - 1],
    canGoBack: stack.length > 1,
    back: () => setStack((s) => s.slice(0, -1)),
    forward: (to: string | null | undefined) => setStack((s) => [...s, to]),
    reset: () => setStack([undefined]),
  };
}

/** The way back and on through a connection's pages; `next` is the cursor onward, when there is more. */
export function Pager({
  cursors,
  more,
  next,
  labels,
}: {
  cursors: ReturnType<typeof useCursors>;
  more: boolean;
  next: string | null | undefined;
  /** [back, onward], each in Chinese and English. */
  labels: [[string, string], [string, string]];
}) {
  const [[backZh, backEn], [onZh, onEn]] = labels;
  return (
    <div className="pager">
      {cursors.canGoBack ? (
        <button type="button" onClick={cursors.back} title={backEn}>
          {backZh}
        </button>
      ) : null}
      {more ? (
        <button type="button" onClick={() => cursors.forward(next)} title={onEn}>
          {onZh}
        </button>
      ) : null}
    </div>
  );
}

/** The labels of pages forward, in order. */
export const PAGES: [[string, string], [string, string]] = [
  ['上一页', 'Previous page'],
  ['下一页', 'Next page'],
];

/** A filter by one enum: a select of its values in Chinese (English in `title`), or all of them. */
export function Choice<V extends string>({
  label,
  name,
  value,
  map,
  onChange,
}: {
  label: [string, string];
  name: string;
  value: V | '';
  map: Record<V, [string, string]>;
  onChange: (v: V | '') => void;
}) {
  return (
    <label className="inline">
      <T en={label[1]}>{label[0]}</T>{' '}
      <select name={name} value={value} onChange={(e) => onChange(e.target.value as V | '')}>
        <option value="">全部 (all)</option>
        {(Object.entries(map) as [V, [string, string]][]).map(([v, [zh, en]]) => (
          <option key={v} value={v} title={en}>
            {zh}
          </option>
        ))}
      </select>
    </label>
  );
}

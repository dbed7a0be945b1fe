// 登录 — the OAuth2 login of the server where one is configured (/auth/login, then the session
// cookie), or a pasted token (a demo token from `gongzhi token`).
import { useEffect, useState, type FormEvent } from 'react';

import { ConsoleViewerDocument, hasBrowserLogin, loginUrl } from '../../../ts/src';
import { clientFor, graphqlUrl, type Credentials } from './session';
import { ErrorBox, T } from './ui';

export function LoginPage({ onSignIn, previousError }: { onSignIn: (c: Credentials) => void; previousError?: unknown }) {
  const [token, setToken] = useState('');
  const [personalDataToken, setPersonalDataToken] = useState('');
  const [error, setError] = useState<unknown>(previousError);
  const [busy, setBusy] = useState(false);
  const [oauth, setOauth] = useState<boolean | undefined>(undefined);

  useEffect(() => {
    hasBrowserLogin(graphqlUrl()).then(setOauth, () => setOauth(false));
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const t = token.trim();
      const { viewer } = await clientFor(t).request(ConsoleViewerDocument);
      if (!viewer) throw { code: 'UNAUTHENTICATED', message: '令牌没有登录任何人 (the token signs nobody in)' };
      onSignIn({ token: t, personalDataToken: personalDataToken.trim() || null });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <h1>
        <T en="Gongzhi console">共治 · 工作台</T>
      </h1>
      {oauth ? (
        <p>
          <a className="button" href={loginUrl(graphqlUrl())} title="Sign in with the district's identity provider (OAuth2)">
            统一身份认证登录
          </a>
        </p>
      ) : null}
      <form onSubmit={submit}>
        <label>
          <T en="Access token">访问令牌</T>
          <textarea
            name="token"
            rows={4}
            value={token}
            onChange={(e) => setToken(e.target.value)}
            placeholder="gongzhi token --role DISTRICT_ADMIN --area 八公山区"
            required
          />
        </label>
        <label>
          <T en="Personal-data token (optional, for reveals only; every whole read is audited)">
            个人信息令牌（可选，仅用于显示完整信息，每次完整读取均记入审计日志）
          </T>
          <textarea
            name="personalDataToken"
            rows={2}
            value={personalDataToken}
            onChange={(e) => setPersonalDataToken(e.target.value)}
            placeholder="gongzhi token --role DISTRICT_ADMIN --area 八公山区 --permission PERSONAL_DATA"
          />
        </label>
        <button type="submit" disabled={busy} title="Sign in">
          登录
        </button>
      </form>
      <ErrorBox error={error} title="登录失败" />
      <p className="hint">
        <T en="The token stays in this tab only (sessionStorage).">令牌只保存在本标签页中。</T>
      </p>
    </main>
  );
}

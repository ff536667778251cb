/**
 * First run and sign-in (issue 11). A fresh server offers to create the first admin account at
 * the top of the home page (the anonymous owner-token flow keeps working meanwhile); after that
 * the home page shows who is signed in, or a link to /signin.
 */
import type { ApiErrorBody } from '@stratus/api';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { csrfHeader } from './csrf.ts';

async function post<T>(path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...csrfHeader() },
      body: JSON.stringify(body),
    });
  } catch {
    throw new Error('Cannot reach the Stratus server. Check that it is running, then retry.');
  }
  if (res.status === 204) return undefined as T;
  const json = (await res.json().catch(() => null)) as (T & Partial<ApiErrorBody>) | null;
  if (!res.ok) {
    const issues = json?.error?.issues?.map((i) => `${i.path.replace(/^\$\./, '')} ${i.message}`).join('; ');
    throw new Error(
      (json?.error?.message ?? `The server answered ${res.status}.`) + (issues ? ` (${issues})` : ''),
    );
  }
  return json as T;
}

export type AccountState =
  | { kind: 'loading' }
  | { kind: 'setup' }
  | { kind: 'signed-in'; email: string }
  | { kind: 'signed-out' };

export function useAccount(): [AccountState, () => void] {
  const [state, setState] = useState<AccountState>({ kind: 'loading' });
  const load = useCallback(() => {
    (async () => {
      const setup = await fetch('/api/setup').then((r) => (r.ok ? r.json() : null));
      // A server without accounts (older, or its API unreachable) behaves as before.
      if (!setup) return setState({ kind: 'signed-out' });
      if (setup.needed) return setState({ kind: 'setup' });
      const me = await fetch('/api/auth/me');
      if (me.ok) setState({ kind: 'signed-in', email: (await me.json()).account.email });
      else setState({ kind: 'signed-out' });
    })().catch(() => setState({ kind: 'signed-out' }));
  }, []);
  useEffect(load, [load]);
  return [state, load];
}

function Credentials({
  submit,
  label,
  withWorkspace,
  newPassword,
  testid,
}: {
  submit: (v: { email: string; password: string; workspaceName?: string }) => Promise<void>;
  label: string;
  withWorkspace?: boolean;
  /** Choosing a password (setup, sign-up): at least 10 characters. */
  newPassword?: boolean;
  testid: string;
}) {
  const choosing = newPassword ?? withWorkspace;
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [workspaceName, setWorkspaceName] = useState('My workspace');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await submit({ email, password, ...(withWorkspace ? { workspaceName } : {}) });
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
    setBusy(false);
  };
  return (
    <form className="account-form" onSubmit={(e) => void onSubmit(e)} data-testid={testid}>
      <div className="field">
        <label htmlFor={`${testid}-email`}>Email</label>
        <input
          id={`${testid}-email`}
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${testid}-password`}>Password</label>
        <input
          id={`${testid}-password`}
          type="password"
          autoComplete={choosing ? 'new-password' : 'current-password'}
          required
          minLength={choosing ? 10 : undefined}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
      </div>
      {withWorkspace ? (
        <div className="field">
          <label htmlFor={`${testid}-workspace`}>Workspace name</label>
          <input
            id={`${testid}-workspace`}
            type="text"
            required
            value={workspaceName}
            onChange={(e) => setWorkspaceName(e.target.value)}
          />
        </div>
      ) : null}
      {error ? <div className="banner banner-error">{error}</div> : null}
      <button type="submit" className="btn btn-primary" disabled={busy}>
        {label}
      </button>
    </form>
  );
}

/** The first-run form: creates the first admin account, signs in, and opens a new board. */
export function SetupPanel({ onDone }: { onDone: () => Promise<void> }) {
  return (
    <section className="account-panel" data-testid="setup-panel">
      <h2>Set up this server</h2>
      <p className="muted small">
        No account exists yet. Create the first one: it is the admin of a first workspace. Boards opened with
        their links keep working without an account.
      </p>
      <Credentials
        testid="setup-form"
        label="Create admin account"
        withWorkspace
        submit={async (v) => {
          await post('/api/setup', v);
          await onDone();
        }}
      />
    </section>
  );
}

export function AccountBar({ state, onChange }: { state: AccountState; onChange: () => void }) {
  if (state.kind === 'signed-in') {
    return (
      <span className="account-bar small" data-testid="account-bar">
        Signed in as {state.email}{' '}
        <button
          type="button"
          className="link-btn"
          onClick={() => void post('/api/auth/signout', {}).finally(onChange)}
        >
          Sign out
        </button>
      </span>
    );
  }
  if (state.kind === 'signed-out') {
    return (
      <a className="account-bar small" href="/signin" data-testid="signin-link">
        Sign in
      </a>
    );
  }
  return null;
}

/** The invite token of an /invite#token=… link (kept out of server logs by the fragment). */
function inviteToken(): string | null {
  return /^#token=(si_[A-Za-z0-9_-]{43})$/.exec(location.hash)?.[1] ?? null;
}

const SSO_ERRORS: Record<string, string> = {
  state:
    'Single sign-on did not complete: it was started in another browser or tab, or took too long. Try again.',
  refused: 'Single sign-on was refused: the identity provider’s answer did not check out. Try again.',
  email: 'Single sign-on did not give a verified email address, so no account could be matched.',
  provider: 'The identity provider did not sign you in.',
  unavailable:
    'The identity provider cannot be reached right now. Try again later or sign in with a password.',
};

/** "Sign in with …" when the server has single sign-on configured (GET /api/auth/providers). */
function SsoButton({ next }: { next: string }) {
  // undefined: still asking; null: no single sign-on on this server.
  const [sso, setSso] = useState<{ label: string; start: string } | null | undefined>(undefined);
  useEffect(() => {
    fetch('/api/auth/providers')
      .then((r) => (r.ok ? r.json() : null))
      .then((j: { oidc: { label: string; start: string } | null } | null) => setSso(j?.oidc ?? null))
      .catch(() => setSso(null));
  }, []);
  if (sso === undefined) return null;
  if (sso === null) return <span hidden data-testid="sso-none" />;
  return (
    <a
      className="btn sso-btn"
      data-testid="sso-signin"
      href={`${sso.start}?next=${encodeURIComponent(next)}`}
    >
      Sign in with {sso.label}
    </a>
  );
}

/**
 * /signin, and /invite#token=… (a workspace invite link: accepted once signed in). "Create an
 * account" signs up and then signs in with the same details; an email invite is matched then.
 */
export function SignInPage({ onDone }: { onDone: () => void }) {
  const [mode, setMode] = useState<'signin' | 'signup'>('signin');
  const [error, setError] = useState<string | null>(() => {
    const code = new URLSearchParams(location.search).get('sso_error');
    return code ? (SSO_ERRORS[code] ?? 'Single sign-on did not complete.') : null;
  });
  const invite = inviteToken();
  const finish = useCallback(async () => {
    if (invite) await post('/api/invites/accept', { token: invite });
    onDone();
  }, [invite, onDone]);
  useEffect(() => {
    // Already signed in and holding an invite: accept it straight away.
    if (!invite) return;
    fetch('/api/auth/me')
      .then((r) => (r.ok ? finish() : undefined))
      .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  }, [invite, finish]);
  return (
    <div className="home">
      <main className="home-main account-page">
        <section className="account-panel">
          <h2>{mode === 'signin' ? 'Sign in to Stratus' : 'Create a Stratus account'}</h2>
          {invite ? (
            <p className="muted small">Sign in (or create an account) to accept the invite.</p>
          ) : null}
          {error ? <div className="banner banner-error">{error}</div> : null}
          <Credentials
            key={mode}
            testid={mode === 'signin' ? 'signin-form' : 'signup-form'}
            label={mode === 'signin' ? 'Sign in' : 'Create account'}
            withWorkspace={false}
            newPassword={mode === 'signup'}
            submit={async (v) => {
              if (mode === 'signup') await post('/api/auth/signup', v);
              await post('/api/auth/signin', v);
              await finish();
            }}
          />
          <SsoButton next={invite ? `/invite#token=${invite}` : '/'} />
          <button
            type="button"
            className="link-btn small"
            onClick={() => setMode(mode === 'signin' ? 'signup' : 'signin')}
          >
            {mode === 'signin' ? 'No account yet? Create one' : 'Have an account? Sign in'}
          </button>
        </section>
      </main>
    </div>
  );
}

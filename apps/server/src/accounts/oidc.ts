// Optional single sign-on through OpenID Connect (issue 11): authorization code flow with PKCE,
// state and nonce (openid-client). Configured by OIDC_* environment variables (config.ts); when
// they are unset these routes say so and the web app shows no SSO button. See ./README.md.
import { clientOf } from '../http/client-address.ts';
import express, { type Request, type Response } from 'express';
import * as client from 'openid-client';
import type { OidcConfig } from '../config.ts';
import type { Logger } from '../log.ts';
import { type AccountService, parseCookies } from './service.ts';

/** Short-lived, HttpOnly: binds the provider's answer to the browser that started the flow. */
export const OIDC_COOKIE = 'stratus_oidc';
const FLOW_TTL_MS = 10 * 60_000;
const COOKIE_PATH = '/api/auth/oidc';

interface Flow {
  /** state, nonce, PKCE code verifier, where to land afterwards */
  s: string;
  n: string;
  v: string;
  next: string;
}

/** Only same-site paths: never an open redirect. */
function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])/.test(v) && v.length <= 500 ? v : '/';
}

export class OidcClient {
  private discovered: Promise<client.Configuration> | undefined;
  constructor(readonly cfg: OidcConfig) {}

  /** Discovery once; a failure is retried on the next sign-in. */
  configuration(): Promise<client.Configuration> {
    if (!this.discovered) {
      const url = new URL(this.cfg.issuer);
      this.discovered = client
        .discovery(
          url,
          this.cfg.clientId,
          this.cfg.clientSecret,
          this.cfg.clientSecret ? undefined : client.None(),
          // Plain http only for a provider on this machine or when the operator asked for it
          // with an http:// issuer URL (tests, local development).
          url.protocol === 'http:'
            ? { execute: [client.allowInsecureRequests], timeout: 10 }
            : { timeout: 10 },
        )
        .catch((e) => {
          this.discovered = undefined;
          throw e;
        });
    }
    return this.discovered;
  }
}

export type SessionCookieWriter = (req: Request, res: Response, token: string, csrf: string) => void;

export function oidcRouter(
  accounts: AccountService,
  oidc: OidcClient | undefined,
  log: Logger,
  setSessionCookies: SessionCookieWriter,
) {
  const r = express.Router();

  r.get('/auth/providers', (_req, res) => {
    res.json({ oidc: oidc ? { label: oidc.cfg.label, start: `${COOKIE_PATH}/start` } : null });
  });
  if (!oidc) {
    r.all(/^\/auth\/oidc\//, (_req, res) => {
      res
        .status(404)
        .json({ error: { code: 'sso_off', message: 'Single sign-on is not configured on this server.' } });
    });
    return r;
  }

  const refuse = (res: Response, code: string, why: unknown) => {
    const msg = (e: unknown): string =>
      e instanceof Error ? e.message + (e.cause instanceof Error ? `: ${msg(e.cause)}` : '') : String(e);
    log.warn('accounts.sso_refused', { code, error: msg(why) });
    res.clearCookie(OIDC_COOKIE, { path: COOKIE_PATH });
    res.redirect(303, `/signin?sso_error=${code}`);
  };

  r.get('/auth/oidc/start', async (req: Request, res: Response) => {
    let config: client.Configuration;
    try {
      config = await oidc.configuration();
    } catch (e) {
      return refuse(res, 'unavailable', e);
    }
    const flow: Flow = {
      s: client.randomState(),
      n: client.randomNonce(),
      v: client.randomPKCECodeVerifier(),
      next: safeNext(req.query.next),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: oidc.cfg.redirectUrl,
      scope: 'openid email',
      code_challenge: await client.calculatePKCECodeChallenge(flow.v),
      code_challenge_method: 'S256',
      state: flow.s,
      nonce: flow.n,
    });
    res.cookie(OIDC_COOKIE, Buffer.from(JSON.stringify(flow)).toString('base64url'), {
      path: COOKIE_PATH,
      httpOnly: true,
      // Lax: the provider's redirect back is a top-level GET navigation, which carries it.
      sameSite: 'lax',
      secure: req.secure,
      maxAge: FLOW_TTL_MS,
    });
    res.redirect(303, url.href);
  });

  r.get('/auth/oidc/callback', async (req: Request, res: Response) => {
    let flow: Flow;
    try {
      const raw = parseCookies(req.headers.cookie)[OIDC_COOKIE];
      if (!raw) throw new Error('no sign-in was started in this browser (or it expired)');
      flow = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Flow;
      if (![flow.s, flow.n, flow.v].every((x) => typeof x === 'string' && x.length >= 20))
        throw new Error('malformed flow cookie');
    } catch (e) {
      return refuse(res, 'state', e);
    }
    if (typeof req.query.error === 'string') return refuse(res, 'provider', req.query.error);
    if (req.query.state !== flow.s)
      return refuse(res, 'state', 'state does not match the sign-in started here');
    let config: client.Configuration;
    try {
      config = await oidc.configuration();
    } catch (e) {
      return refuse(res, 'unavailable', e);
    }
    // The URL the provider redirected to, rebuilt from configuration (not from the Host header).
    const current = new URL(oidc.cfg.redirectUrl);
    current.search = new URL(req.originalUrl, 'http://x').search;
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.v,
        expectedState: flow.s,
        expectedNonce: flow.n,
        idTokenExpected: true,
      });
      const id = tokens.claims();
      if (!id) throw new Error('no ID token');
      claims = { ...id };
      if (typeof claims.email !== 'string' || claims.email_verified === undefined) {
        // Many providers put email in the UserInfo response only.
        const info = await client.fetchUserInfo(config, tokens.access_token, id.sub);
        claims = { ...info, ...id, email: info.email, email_verified: info.email_verified };
      }
    } catch (e) {
      return refuse(res, 'refused', e);
    }
    const email = claims.email;
    if (
      typeof email !== 'string' ||
      !email.includes('@') ||
      email.length > 254 ||
      claims.email_verified !== true
    )
      return refuse(res, 'email', 'the provider did not vouch for a verified email address');
    const ok = await accounts.signinVerifiedEmail(
      email,
      { issuer: String(claims.iss), subject: String(claims.sub) },
      clientOf(req),
    );
    const s = await accounts.createSession(ok.accountId, req.headers['user-agent']);
    res.clearCookie(OIDC_COOKIE, { path: COOKIE_PATH });
    setSessionCookies(req, res, s.token, s.csrfToken);
    res.redirect(303, flow.next);
  });
  return r;
}

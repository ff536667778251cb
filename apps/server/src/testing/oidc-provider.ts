// A real OpenID provider for tests: the `oidc-provider` package with its own login and consent
// pages on 127.0.0.1, one confidential client (code flow, PKCE required). Used by the server's
// single sign-on tests and the Chromium e2e test.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** The claims the provider vouches for about one login name. */
export interface OidcPerson {
  email: string;
  email_verified: boolean;
}

/** The client the Stratus server under test is configured with (OIDC_CLIENT_ID/_SECRET). */
export const OIDC_TEST_CLIENT = {
  id: 'stratus',
  secret: 'stratus-test-secret-0123456789abcdef',
} as const;

/**
 * Starts the provider; `person` answers for a login name (undefined: unknown). Resolves with its
 * issuer URL and a close function.
 */
export async function startOidcProvider(
  redirectUri: string,
  person: (login: string) => OidcPerson | undefined,
) {
  const http: Server = createServer();
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: OIDC_TEST_CLIENT.id,
        client_secret: OIDC_TEST_CLIENT.secret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    findAccount: async (_ctx, id) => {
      const p = person(id);
      if (!p) return undefined;
      return { accountId: id, claims: async () => ({ sub: id, ...p }) };
    },
  });
  http.on('request', provider.callback());
  return { issuer, close: () => new Promise((r) => http.close(r)) };
}

// Tokens: 256 bits of randomness, shown once, stored only as SHA-256 hashes.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Owner tokens start with `so_`, link tokens with `sl_`: 32 random bytes, base64url. */
export const newToken = (kind: 'owner' | 'link') =>
  `${kind === 'owner' ? 'so' : 'sl'}_${randomBytes(32).toString('base64url')}`;

/** Hex SHA-256 of a token: what the database stores and is searched by. */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Constant-time comparison of two hex hashes. */
export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** Short random ids for links and comments. */
export const newReviewId = (prefix: 'lnk' | 'cmt' | 'own') =>
  `${prefix}_${randomBytes(9).toString('base64url')}`;

/** Tokens look like this; anything else is refused before touching the database. */
export const TOKEN_SHAPE = /^s[ol]_[A-Za-z0-9_-]{43}$/;

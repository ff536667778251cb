// Awareness clientID bindings (issue 10, item 5). The first socket that announces a clientID on a
// board owns it for as long as it is connected and for a grace period after it leaves; during
// the grace period only a socket holding the same credential (the same owner token or share
// link: the user reconnecting) may take it back. Any other socket that announces the id is
// ignored, so nobody can take over someone else's cursor while they reconnect.
//
// With REDIS_URL the binding lives in Redis (`SET` under a Lua compare, TTL refreshed while
// the socket is connected), so it holds across instances: a socket on instance B cannot take
// the id of a user connected to instance A.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../log.ts';

export interface BindingOwner {
  connId: string;
  /** Who the socket is, as far as the server knows (token/link); sockets of one user share it. */
  credential: string;
}

interface LocalBinding {
  connId: string;
  credential: string;
  live: boolean;
  /** When a released binding lapses (ms since epoch). */
  expires: number;
}

export interface ClientIdBindings {
  /** True when `owner` may use `clientId` on `boardId` (and now holds it). */
  claim(boardId: string, clientId: number, owner: BindingOwner): boolean | Promise<boolean>;
  /** The socket left: the id stays reserved for its credential for the grace period. */
  release(boardId: string, clientId: number, owner: BindingOwner): void;
  close(): Promise<void>;
}

/** The credential part of a ConnectionContext userId (`u_<credential>~<random>`). */
export function credentialOf(userId: string): string {
  return userId.split('~')[0] ?? userId;
}

export class LocalBindings implements ClientIdBindings {
  private readonly map = new Map<string, LocalBinding>();
  private sweep: NodeJS.Timeout;
  constructor(private readonly graceMs: number) {
    this.sweep = setInterval(
      () => {
        const now = Date.now();
        for (const [k, b] of this.map) if (!b.live && b.expires < now) this.map.delete(k);
      },
      Math.max(1000, graceMs),
    );
    this.sweep.unref?.();
  }
  claim(boardId: string, clientId: number, owner: BindingOwner): boolean {
    const key = `${boardId}:${clientId}`;
    const b = this.map.get(key);
    const free =
      !b ||
      b.connId === owner.connId ||
      (!b.live && (b.expires < Date.now() || b.credential === owner.credential));
    if (!free) return false;
    this.map.set(key, { connId: owner.connId, credential: owner.credential, live: true, expires: 0 });
    return true;
  }
  release(boardId: string, clientId: number, owner: BindingOwner) {
    const key = `${boardId}:${clientId}`;
    const b = this.map.get(key);
    if (b && b.connId === owner.connId) {
      b.live = false;
      b.expires = Date.now() + this.graceMs;
    }
  }
  async close() {
    clearInterval(this.sweep);
  }
}

// KEYS[1] binding key; ARGV: 1 owner (instance:conn), 2 credential, 3 ttl ms (live).
// Takes the key when it is free, already ours, or released by the same credential.
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v then
  local o = cjson.decode(v)
  if o.o ~= ARGV[1] and not (o.live == 0 and o.c == ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], cjson.encode({o = ARGV[1], c = ARGV[2], live = 1}), 'PX', ARGV[3])
return 1`;
// ARGV: 1 owner, 2 grace ms. Marks our live binding as released (kept for the grace period).
const RELEASE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local o = cjson.decode(v)
if o.o ~= ARGV[1] then return 0 end
o.live = 0
redis.call('SET', KEYS[1], cjson.encode(o), 'PX', ARGV[2])
return 1`;
// ARGV: 1 owner, 2 ttl ms. Extends our live binding.
const REFRESH = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local o = cjson.decode(v)
if o.o ~= ARGV[1] or o.live ~= 1 then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Bindings shared by every instance through Redis. */
export class RedisBindings implements ClientIdBindings {
  private readonly redis: Redis;
  private readonly instanceId = randomUUID();
  /** Live bindings held by sockets of this instance: key -> owner tag. */
  private readonly live = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;
  private readonly liveTtlMs: number;

  constructor(
    url: string,
    private readonly graceMs: number,
    private readonly log: Logger,
  ) {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    this.redis.on('error', () => {});
    // A live binding outlives a dead instance by at most this long.
    this.liveTtlMs = Math.max(3 * graceMs, 15_000);
    this.timer = setInterval(() => this.refresh(), this.liveTtlMs / 3);
    this.timer.unref?.();
  }

  private key(boardId: string, clientId: number) {
    return `stratus:cid:${boardId}:${clientId}`;
  }
  private tag(owner: BindingOwner) {
    return `${this.instanceId}:${owner.connId}`;
  }

  async claim(boardId: string, clientId: number, owner: BindingOwner): Promise<boolean> {
    const key = this.key(boardId, clientId);
    const tag = this.tag(owner);
    try {
      const r = await this.redis.eval(CLAIM, 1, key, tag, owner.credential, this.liveTtlMs);
      if (r === 1) this.live.set(key, tag);
      return r === 1;
    } catch (e) {
      // Without Redis nobody can be sure the id is free: refuse (presence only; edits go on).
      this.log.warn('presence.binding_unavailable', { error: e });
      return false;
    }
  }

  release(boardId: string, clientId: number, owner: BindingOwner) {
    const key = this.key(boardId, clientId);
    const tag = this.tag(owner);
    if (this.live.get(key) !== tag) return;
    this.live.delete(key);
    this.redis.eval(RELEASE, 1, key, tag, this.graceMs).catch(() => {});
  }

  private refresh() {
    for (const [key, tag] of this.live) {
      this.redis.eval(REFRESH, 1, key, tag, this.liveTtlMs).catch(() => {});
    }
  }

  async close() {
    clearInterval(this.timer);
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

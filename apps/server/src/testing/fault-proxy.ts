// A fault-injection TCP proxy (node:net only) between a server and its database or Redis, or
// between clients and a server. Faults:
//   reset()      every open connection is reset (RST); new ones are accepted as usual
//   refuse()     reset, and new connections are refused until restore() (an outage)
//   pause()      nothing is forwarded (data is held, TCP back-pressure) until resume()
//   blackhole()  the path stops answering without closing anything: bytes in both directions
//                are dropped, new connections are accepted and then ignored. After restore()
//                new connections work; those opened before stay dead, as behind a middlebox
//                that lost its state.
// setTarget() points new connections elsewhere (a failover).
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

interface Pipe {
  client: Socket;
  upstream: Socket | undefined;
  dead: boolean;
}

export class FaultProxy {
  private server: Server | undefined;
  private pipes = new Set<Pipe>();
  private holing = false;
  private paused = false;
  port = 0;
  /** Connections accepted since start (for test output). */
  accepted = 0;

  constructor(
    private targetHost: string,
    private targetPort: number,
  ) {}

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  setTarget(host: string, port: number) {
    this.targetHost = host;
    this.targetPort = port;
  }

  async start(port = this.port) {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  private accept(client: Socket) {
    this.accepted++;
    const pipe: Pipe = { client, upstream: undefined, dead: this.holing };
    this.pipes.add(pipe);
    const end = () => {
      client.destroy();
      pipe.upstream?.destroy();
      this.pipes.delete(pipe);
    };
    client.on('error', end).on('close', end);
    client.on('data', (d) => {
      if (!pipe.dead) pipe.upstream?.write(d);
    });
    if (pipe.dead) return; // accepted into the void
    client.pause();
    const upstream = connect(this.targetPort, this.targetHost);
    pipe.upstream = upstream;
    upstream.on('error', end).on('close', end);
    upstream.on('data', (d) => {
      if (!pipe.dead) client.write(d);
    });
    upstream.on('connect', () => {
      if (!this.paused) client.resume();
    });
    if (this.paused) upstream.pause();
  }

  /** Resets every open connection. */
  reset() {
    for (const p of this.pipes) {
      p.client.resetAndDestroy();
      p.upstream?.destroy();
    }
    this.pipes.clear();
  }

  /** An outage: resets every connection and refuses new ones until restore(). */
  async refuse() {
    const s = this.server;
    this.server = undefined;
    const closed = s ? new Promise<void>((r) => s.close(() => r())) : undefined;
    this.reset();
    await closed;
  }

  pause() {
    this.paused = true;
    for (const p of this.pipes) {
      p.client.pause();
      p.upstream?.pause();
    }
  }

  resume() {
    this.paused = false;
    for (const p of this.pipes) {
      p.client.resume();
      p.upstream?.resume();
    }
  }

  /** Stops forwarding without closing anything, on every connection, open or new. */
  blackhole() {
    this.holing = true;
    for (const p of this.pipes) p.dead = true;
  }

  /** Ends an outage or black-hole: new connections are forwarded again. */
  async restore() {
    this.holing = false;
    if (!this.server) await this.start(this.port);
  }

  async close() {
    await this.refuse();
    for (const p of this.pipes) p.client.destroy();
  }
}

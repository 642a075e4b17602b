import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the gate knows of a request when it decides what to do with it. */
export interface GateRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** The request body as text (bodies here are SIF messages, forms and JSON: small). */
  body: string;
}

/** An answer the target gave and the gate holds back: the target acted, the caller has not heard. */
export interface HeldAnswer {
  request: GateRequest;
  status: number;
  /** Delivers the answer (if the caller still listens). */
  release(): void;
  /** Drops the caller's connection instead: the answer is lost. */
  drop(): void;
}

interface Hold {
  match: (request: GateRequest, status: number, body: string) => boolean;
  resolve: (held: HeldAnswer) => void;
}

/**
 * An HTTP proxy in front of a simulator that lets a chaos scenario choose the moment of a fault
 * by what is on the wire, not by a clock: hold the answer to one request (the target has done
 * the work, the caller has not heard it: then kill the caller), stop answering altogether (a zone
 * that hangs mid-pull), or rewrite an answer (a SIF_Error where data was). The Host header is
 * passed on unchanged, so absolute URLs the target builds (Canvas's `Link` pages) point back here.
 */
export class HttpGate {
  private readonly holds: Hold[] = [];
  private readonly silenced = new Set<ServerResponse>();
  private silent = false;
  private rewrite?: (request: GateRequest, status: number, body: string) => string | undefined;
  private readonly sockets = new Set<Socket>();
  /** Requests forwarded, per `METHOD path`. */
  readonly counts = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    private readonly target: URL,
  ) {}

  url = '';

  static async start(target: string): Promise<HttpGate> {
    const holder: { gate?: HttpGate } = {};
    const server = createServer((incoming, outgoing) => void holder.gate?.handle(incoming, outgoing));
    holder.gate = new HttpGate(server, new URL(target));
    server.on('connection', (socket) => {
      holder.gate?.sockets.add(socket);
      socket.on('close', () => holder.gate?.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.gate.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return holder.gate;
  }

  /**
   * Resolves with the first answer after now to a request `match` accepts, held: the caller
   * waits until the scenario releases or drops it. `match` sees the target's status and body.
   * Resolves with undefined if `signal` aborts first (the moment never came).
   */
  holdNext(match: (request: GateRequest, status: number, body: string) => boolean, signal?: AbortSignal): Promise<HeldAnswer | undefined> {
    // A night already over never comes to the moment (and an aborted signal fires no more events).
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const hold: Hold = { match, resolve };
      this.holds.push(hold);
      signal?.addEventListener(
        'abort',
        () => {
          const index = this.holds.indexOf(hold);
          if (index >= 0) this.holds.splice(index, 1);
          resolve(undefined);
        },
        { once: true },
      );
    });
  }

  /** From now on requests get no answer at all (their connections stay open) until `answerAgain()`. */
  stopAnswering(): void {
    this.silent = true;
  }

  /** Answers again; the requests left hanging lose their connection (the caller has long given up or will retry). */
  answerAgain(): void {
    this.silent = false;
    for (const response of this.silenced) response.socket?.destroy();
    this.silenced.clear();
  }

  /** Replaces answers: `rewrite` returns the new body, or undefined to leave one as it is. */
  rewriteAnswers(rewrite: ((request: GateRequest, status: number, body: string) => string | undefined) | undefined): void {
    this.rewrite = rewrite;
  }

  async close(): Promise<void> {
    for (const response of this.silenced) response.socket?.destroy();
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  private async handle(incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const gateRequest: GateRequest = {
      method: incoming.method ?? 'GET',
      path: (incoming.url ?? '').split('?')[0] ?? '',
      body: body.toString('utf8'),
    };
    if (this.silent) {
      this.silenced.add(outgoing);
      outgoing.on('close', () => this.silenced.delete(outgoing));
      return;
    }
    const key = `${gateRequest.method} ${gateRequest.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    const forwarded = request(
      {
        host: this.target.hostname,
        port: this.target.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, 'content-length': String(body.length) },
      },
      (answer) => void this.answer(gateRequest, answer, outgoing),
    );
    forwarded.on('error', () => outgoing.destroy());
    forwarded.end(body);
  }

  private async answer(gateRequest: GateRequest, answer: IncomingMessage, outgoing: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of answer) chunks.push(chunk as Buffer);
    } catch {
      outgoing.destroy();
      return;
    }
    const status = answer.statusCode ?? 502;
    let body = Buffer.concat(chunks);
    const rewritten = this.rewrite?.(gateRequest, status, body.toString('utf8'));
    if (rewritten !== undefined) body = Buffer.from(rewritten, 'utf8');
    const headers = { ...answer.headers, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    const deliver = () => {
      if (!outgoing.destroyed) outgoing.writeHead(status, headers).end(body);
    };
    const text = body.toString('utf8');
    const index = this.holds.findIndex((hold) => hold.match(gateRequest, status, text));
    if (index < 0) return deliver();
    const [hold] = this.holds.splice(index, 1);
    hold?.resolve({ request: gateRequest, status, release: deliver, drop: () => outgoing.destroy() });
  }
}

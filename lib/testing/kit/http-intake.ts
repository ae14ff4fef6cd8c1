/**
 * The dialect-free front of a simulator's HTTP server: reads the body, reports the request, and applies
 * the injected faults (slow answers, failed answers) before the venue's own handler sees it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { HostileAnswer, HttpFailure } from './faults.js'

/**
 * One request as the venue's handler gets it.
 *
 * @example
 * const answer = (r: SimHttpRequest, res: ServerResponse) => (r.path === '/v5/market/time' ? sendTime(res) : notFound(res))
 */
export interface SimHttpRequest {
  readonly req: IncomingMessage
  readonly method: string
  /** The path without the query. */
  readonly path: string
  /** The query string exactly as sent, without `?`. */
  readonly rawQuery: string
  readonly body: string
  readonly ip: string
}

/**
 * What {@link SimHttpIntake} needs of a simulator.
 *
 * @example
 * const ctx: SimHttpIntakeContext = { emit: (e) => events.next(e), faults }
 * new SimHttpIntake(ctx, answer, failed)
 */
export interface SimHttpIntakeContext {
  emit(event: { readonly type: 'received'; readonly method: string; readonly path: string }): void
  readonly faults: {
    takeDelay(): number | undefined
    takeFailure(): HttpFailure | undefined
    takeHostile(): HostileAnswer | undefined
  }
}

/**
 * Reads each request, then either answers an injected failure (and calls `failed`) or hands the request
 * to `answer`, after an injected delay when one is due.
 *
 * @example
 * const intake = new SimHttpIntake(ctx, (r, res) => route(r, res), (r, status) => log(r.path, status))
 * http.createServer((req, res) => intake.handle(req, res))
 */
export class SimHttpIntake {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>()

  constructor(
    private readonly ctx: SimHttpIntakeContext,
    private readonly answer: (request: SimHttpRequest, res: ServerResponse) => void,
    private readonly failed: (request: SimHttpRequest, status: number) => void,
  ) {}

  /** Takes one request. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('error', () => undefined)
    req.on('end', () => {
      const rawUrl = req.url ?? '/'
      const at = rawUrl.indexOf('?')
      const request: SimHttpRequest = {
        req,
        method: req.method ?? 'GET',
        path: at < 0 ? rawUrl : rawUrl.slice(0, at),
        rawQuery: at < 0 ? '' : rawUrl.slice(at + 1),
        body: Buffer.concat(chunks).toString('utf8'),
        ip: req.socket.remoteAddress ?? '',
      }
      this.ctx.emit({ type: 'received', method: request.method, path: request.path })
      const delay = this.ctx.faults.takeDelay()
      if (delay === undefined) return this.serve(request, res)
      const timer = setTimeout(() => {
        this.timers.delete(timer)
        this.serve(request, res)
      }, delay)
      this.timers.add(timer)
    })
  }

  /** Stops answering late requests. */
  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer)
    this.timers.clear()
  }

  private serve(request: SimHttpRequest, res: ServerResponse): void {
    const hostile = this.ctx.faults.takeHostile()
    if (hostile !== undefined) return this.hostile(hostile, request, res)
    const failure = this.ctx.faults.takeFailure()
    if (failure === undefined) return this.answer(request, res)
    this.failPage(failure, request, res)
  }

  /** A failure as a proxy in front of a venue answers it: an HTML page with the status. */
  private failPage(failure: HttpFailure, request: SimHttpRequest, res: ServerResponse): void {
    const headers: Record<string, string> = { 'Content-Type': 'text/html' }
    if (failure.retryAfterSec !== undefined) headers['Retry-After'] = String(failure.retryAfterSec)
    res.writeHead(failure.status, headers)
    res.end(`<html><body><h1>${failure.status}</h1></body></html>`)
    this.failed(request, failure.status)
  }

  /** Answers as a hostile venue; a request never answered is reported with status 0. */
  private hostile(kind: HostileAnswer, request: SimHttpRequest, res: ServerResponse): void {
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'Content-Type': type })
      res.end(body)
      this.failed(request, status)
    }
    const echo = () => echoOf(request)
    switch (kind) {
      case 'not-json':
        return send(200, 'application/json', 'this is not JSON {')
      case 'wrong-shape':
        return send(200, 'application/json', '[{"unexpected":true}]')
      case 'html-502':
        return this.failPage({ status: 502, retryAfterSec: undefined }, request, res)
      case 'no-answer':
        return this.failed(request, 0)
      case 'echo-200':
        return send(200, 'application/json', echo())
      case 'echo-400': {
        const text = echo()
        const fields = { code: -1, retCode: 10001, msg: text, message: text, retMsg: text, error: text }
        return send(400, 'application/json', JSON.stringify(fields))
      }
      case 'echo-502':
        return send(502, 'text/html', `<html><body><pre>${echo()}</pre></body></html>`)
    }
  }
}

/** The request as a careless venue repeats it: method and URL, every header, the body. */
function echoOf(request: SimHttpRequest): string {
  const { req } = request
  const headers = Object.entries(req.headers).map(([name, value]) => `${name}: ${String(value)}`)
  return [`${request.method} ${req.url ?? '/'}`, ...headers, '', request.body].join('\n')
}

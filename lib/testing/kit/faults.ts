/**
 * Fault injection shared by the loopback simulators: what a flaky venue and network do to a client,
 * on demand. Each venue adds its own faults on top.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

/**
 * What the simulator does when a fault is injected.
 *
 * @internal
 */
export interface SimFaultHooks {
  /** Terminates every WebSocket and drops idle HTTP connections. */
  dropSockets(): void
  /** The next book message of every book stream skips one update id. */
  skipUpdateId(): void
  /** Moves the simulator's clock. */
  shiftClock(ms: number): void
  /** Tells listeners a silence ended. */
  silenceEnded(): void
  /** Resets new connections while `on`. */
  refuseConnections(on: boolean): void
}

/**
 * A canned failure for the next HTTP request(s), as `faults.failNext(n, status)` queues it.
 *
 * @example
 * const failure: HttpFailure = { status: 429, retryAfterSec: 2 }
 * faults.failNext(1, failure.status, { retryAfterSec: failure.retryAfterSec })
 */
export interface HttpFailure {
  readonly status: number
  /** Seconds for the `Retry-After` header of a 429. */
  readonly retryAfterSec: number | undefined
}

/**
 * How the next public data frame is spoiled: `garbage` is not JSON at all, `wrong-shape` is JSON the
 * client's codec must refuse. Both must surface as a `decode-error` event, never as a wrong value.
 *
 * @example
 * const kind: MalformedKind = 'wrong-shape'
 * sim.venue('bybit').faults.malformedFrame(kind)
 */
export type MalformedKind = 'garbage' | 'wrong-shape'

/**
 * A data frame as `kind` spoils it: `garbage` cuts it in half; `wrong-shape` is what the venue's
 * `wrongShape` makes of it (valid JSON its client's codec must refuse); `undefined` leaves it whole.
 *
 * @internal
 */
export function spoilFrame(text: string, kind: MalformedKind | undefined, wrongShape: () => string): string {
  if (kind === 'garbage') return text.slice(0, Math.floor(text.length / 2))
  return kind === 'wrong-shape' ? wrongShape() : text
}

/**
 * How the answer to an order placement is spoiled after the order was placed: `html` is an HTML page
 * (as a proxy in front of a venue sends), `truncated` is the JSON cut in half, `no-id` is valid JSON
 * without the order id. The client cannot read any of them, and must not lose the order.
 *
 * @example
 * const kind: SpoiledAnswer = 'truncated'
 * sim.venue('bybit').faults.spoilNextOrderAnswer(kind)
 */
export type SpoiledAnswer = 'html' | 'truncated' | 'no-id'

/**
 * Sends the status-200 answer of an order placement the venue carried out: whole, or lost (the
 * connection destroyed) or spoiled (see {@link SpoiledAnswer}) when a fault asks for it. `withoutId` is
 * the answer without its order id. Returns the status sent, 0 when lost.
 *
 * @internal
 */
export function sendPlacement(
  faults: SimFaults,
  req: IncomingMessage,
  res: ServerResponse,
  headers: Readonly<Record<string, string>>,
  answer: unknown,
  withoutId: unknown,
): number {
  if (faults.takeLostResponse()) {
    req.socket.destroy()
    return 0
  }
  const spoil = faults.takeSpoiledAnswer()
  const text = JSON.stringify(spoil === 'no-id' ? withoutId : answer)
  const body = spoil === 'truncated' ? text.slice(0, Math.floor(text.length / 2)) : text
  if (spoil === 'html') {
    res.writeHead(200, { ...headers, 'Content-Type': 'text/html' })
    res.end('<html><body><h1>OK</h1></body></html>')
  } else {
    res.writeHead(200, headers)
    res.end(body)
  }
  return 200
}

/**
 * How the next REST answer(s) come from a hostile venue, whatever was asked, before the venue's handler
 * sees the request:
 *
 * - `not-json`: HTTP 200 with a body that is not JSON.
 * - `wrong-shape`: HTTP 200 with JSON no answer of any venue has (`[{"unexpected":true}]`).
 * - `html-502`: HTTP 502 with an HTML page, as a proxy in front of a venue sends.
 * - `no-answer`: the request is read and never answered (until the simulator closes).
 * - `echo-200`, `echo-400`, `echo-502`: the request echoed back (method, URL with its query, every
 *   header, the body) as a status-200 text that is not JSON, as a status-400 JSON error whose every
 *   message field holds it, and as a status-502 HTML page.
 *
 * @example
 * const kind: HostileAnswer = 'echo-400'
 * sim.venue('bybit').faults.hostileNext(kind)
 */
export type HostileAnswer =
  'not-json' | 'wrong-shape' | 'html-502' | 'no-answer' | 'echo-200' | 'echo-400' | 'echo-502'

/**
 * The faults every simulated venue has, as `sim.venue(id).faults`.
 *
 * @example
 * const faults = sim.venue(id).faults
 * faults.failNext(2, 503)        // the next two HTTP requests answer 503
 * faults.failNext(1, 429)        // then one 429 with Retry-After: 1
 * faults.skipUpdateId()          // the next book delta skips a `u`
 * await faults.silence(200)      // nothing is sent on any socket for 200 ms (no pongs either)
 */
export class SimFaults {
  private failures: HttpFailure[] = []
  private delays: number[] = []
  private malformed: MalformedKind[] = []
  private loseResponses = 0
  private spoiled: SpoiledAnswer[] = []
  private hostile: HostileAnswer[] = []
  private silenceTimer: ReturnType<typeof setTimeout> | undefined
  private silenceDone: (() => void) | undefined
  private quiet = false

  /**
   * Each simulator makes its own; tests reach it as `sim.venue(id).faults`.
   *
   * @internal
   */
  constructor(private readonly hooks: SimFaultHooks) {}

  /** Terminates every open WebSocket (public and private) without a close handshake. */
  dropSockets(): void {
    this.hooks.dropSockets()
  }

  /**
   * Sends nothing on any WebSocket, pongs included, for `ms` (or until {@link resume}), without closing
   * anything; what would have been sent meanwhile is lost. Resolves when the silence ends.
   */
  silence(ms?: number): Promise<void> {
    if (ms !== undefined && !(ms >= 0)) throw new RangeError(`silence needs ms >= 0, got ${ms}`)
    this.resume()
    this.quiet = true
    const ended = new Promise<void>((resolve) => (this.silenceDone = resolve))
    if (ms !== undefined) this.silenceTimer = setTimeout(() => this.resume(), ms)
    return ended
  }

  /** Ends a silence now. */
  resume(): void {
    if (this.silenceTimer !== undefined) clearTimeout(this.silenceTimer)
    this.silenceTimer = undefined
    const done = this.silenceDone
    this.silenceDone = undefined
    if (!this.quiet) return
    this.quiet = false
    done?.()
    this.hooks.silenceEnded()
  }

  /** True while sockets are silenced. */
  get silenced(): boolean {
    return this.quiet
  }

  /**
   * The next public data frame (book, trades, ticker or kline) is sent spoiled: `garbage` cuts the
   * JSON in half, `wrong-shape` sends valid JSON of the same topic with `data: null` and `ts` as text.
   */
  malformedFrame(kind: MalformedKind = 'garbage'): void {
    this.malformed.push(kind)
  }

  /** The next book message of every book stream skips one `u`, as if a message had been lost. */
  skipUpdateId(): void {
    this.hooks.skipUpdateId()
  }

  /**
   * The next `n` HTTP requests fail with `status` without being carried out: a 429 carries
   * `Retry-After` (`retryAfterSec`, default 1); 5xx bodies are HTML, as a proxy in front of a venue sends.
   */
  failNext(n: number, status: number, options: { readonly retryAfterSec?: number | undefined } = {}): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`failNext needs n >= 1, got ${n}`)
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new RangeError(`failNext needs an HTTP error status, got ${status}`)
    }
    const retryAfterSec = status === 429 ? (options.retryAfterSec ?? 1) : options.retryAfterSec
    for (let i = 0; i < n; i++) this.failures.push({ status, retryAfterSec })
  }

  /**
   * The next `n` HTTP requests are answered as a hostile venue would (see {@link HostileAnswer}),
   * without being carried out.
   */
  hostileNext(kind: HostileAnswer, n = 1): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`hostileNext needs n >= 1, got ${n}`)
    for (let i = 0; i < n; i++) this.hostile.push(kind)
  }

  /** The next `n` HTTP requests are carried out and answered `ms` late. */
  slowNext(n: number, ms: number): void {
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`slowNext needs n >= 1, got ${n}`)
    if (!(ms >= 0)) throw new RangeError(`slowNext needs ms >= 0, got ${ms}`)
    for (let i = 0; i < n; i++) this.delays.push(ms)
  }

  /**
   * Resets every new connection (HTTP or WebSocket) as soon as it is accepted, as a venue that is down
   * or unreachable, until {@link acceptConnections}. Connections already open stay open.
   */
  refuseConnections(): void {
    this.hooks.refuseConnections(true)
  }

  /** Takes new connections again after {@link refuseConnections}. */
  acceptConnections(): void {
    this.hooks.refuseConnections(false)
  }

  /** Moves the venue's clock by `ms` (negative: back), so client timestamps look skewed. */
  shiftClock(ms: number): void {
    this.hooks.shiftClock(ms)
  }

  /**
   * The next order placement is carried out, matched and reported on the private streams, but its
   * HTTP response is lost: the connection is destroyed instead.
   */
  loseNextResponse(): void {
    this.loseResponses++
  }

  /**
   * The next successful order placement is carried out, matched and reported on the private streams,
   * but its status-200 answer is spoiled (see {@link SpoiledAnswer}).
   */
  spoilNextOrderAnswer(kind: SpoiledAnswer = 'html'): void {
    this.spoiled.push(kind)
  }

  /** @internal How the answer of the order placement being answered now is spoiled, if it is. */
  takeSpoiledAnswer(): SpoiledAnswer | undefined {
    return this.spoiled.shift()
  }

  /** @internal The failure for the HTTP request arriving now, if one is queued. */
  takeFailure(): HttpFailure | undefined {
    return this.failures.shift()
  }

  /** @internal The hostile answer to the HTTP request arriving now, if one is queued. */
  takeHostile(): HostileAnswer | undefined {
    return this.hostile.shift()
  }

  /** @internal The delay for the HTTP request arriving now, if one is queued. */
  takeDelay(): number | undefined {
    return this.delays.shift()
  }

  /** @internal Whether the order placement being answered now loses its response. */
  takeLostResponse(): boolean {
    if (this.loseResponses === 0) return false
    this.loseResponses--
    return true
  }

  /** @internal How the public data frame being sent now is spoiled, if it is. */
  takeMalformed(): MalformedKind | undefined {
    return this.malformed.shift()
  }

  /** @internal Stops timers when the simulator closes. */
  dispose(): void {
    this.resume()
  }
}

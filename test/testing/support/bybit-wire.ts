/**
 * A minimal, independent Bybit client for testing the simulator: signs with node:crypto straight from
 * the documented rule, and reads WebSocket frames in order.
 */
import { createHmac } from 'node:crypto'
import WebSocket from 'ws'

/** Where the simulator is and whose account it is. */
export interface Target {
  readonly restUrl: string
  readonly apiKey: string
  readonly secret: string
  now(): number
}

/** A parsed REST answer. */
export interface Answer {
  readonly status: number
  readonly headers: Headers
  readonly body: Record<string, unknown>
  readonly text: string
}

/** hex(HMAC_SHA256(secret, text)). */
export function sign(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex')
}

/** A GET without credentials. */
export async function get(target: Pick<Target, 'restUrl'>, path: string, query = ''): Promise<Answer> {
  const res = await fetch(`${target.restUrl}${path}${query === '' ? '' : `?${query}`}`)
  return read(res)
}

/** Options of a signed request. */
export interface SignOptions {
  /** Default: the simulator's now. */
  readonly timestamp?: number
  /** Header value; `null` leaves the header out. Default `'5000'`. */
  readonly recvWindow?: string | null
  /** Replaces the computed signature. */
  readonly signature?: string
  readonly apiKey?: string
  readonly secret?: string
}

/** A signed GET: the signature covers the query string exactly as sent. */
export async function signedGet(target: Target, path: string, query: string, opts: SignOptions = {}) {
  const res = await fetch(`${target.restUrl}${path}${query === '' ? '' : `?${query}`}`, {
    headers: headers(target, query, opts),
  })
  return read(res)
}

/** A signed POST of a JSON body: the signature covers the body exactly as sent. */
export async function signedPost(target: Target, path: string, body: unknown, opts: SignOptions = {}) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  const res = await fetch(`${target.restUrl}${path}`, {
    method: 'POST',
    body: text,
    headers: { ...headers(target, text, opts), 'Content-Type': 'application/json' },
  })
  return read(res)
}

function headers(target: Target, payload: string, opts: SignOptions): Record<string, string> {
  const timestamp = String(opts.timestamp ?? target.now())
  const apiKey = opts.apiKey ?? target.apiKey
  const recvWindow = opts.recvWindow === undefined ? '5000' : opts.recvWindow
  const out: Record<string, string> = {
    'X-BAPI-API-KEY': apiKey,
    'X-BAPI-TIMESTAMP': timestamp,
    'X-BAPI-SIGN':
      opts.signature ??
      sign(opts.secret ?? target.secret, `${timestamp}${apiKey}${recvWindow ?? ''}${payload}`),
  }
  if (recvWindow !== null) out['X-BAPI-RECV-WINDOW'] = recvWindow
  return out
}

async function read(res: Response): Promise<Answer> {
  const text = await res.text()
  let body: Record<string, unknown> = {}
  try {
    body = JSON.parse(text) as Record<string, unknown>
  } catch {
    // Non-JSON bodies (injected 5xx, 403) are checked through `text`.
  }
  return { status: res.status, headers: res.headers, body, text }
}

/** The `result` of a successful envelope, asserting it succeeded. */
export function resultOf<T = Record<string, unknown>>(answer: Answer): T {
  if (answer.body.retCode !== 0) throw new Error(`expected retCode 0, got ${answer.text}`)
  return answer.body.result as T
}

/** A WebSocket whose frames are read one at a time, in order. */
export class Frames {
  private readonly queue: string[] = []
  private readonly waiters: { resolve: (text: string) => void; reject: (e: Error) => void }[] = []
  private closedWith: number | undefined
  readonly opened: Promise<void>
  readonly closed: Promise<number>

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const text = String(data)
      const waiter = this.waiters.shift()
      if (waiter) waiter.resolve(text)
      else this.queue.push(text)
    })
    this.opened = new Promise((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    this.closed = new Promise((resolve) =>
      ws.once('close', (code) => {
        this.closedWith = code
        for (const w of this.waiters.splice(0)) w.reject(new Error(`socket closed (${code})`))
        resolve(code)
      }),
    )
    ws.on('error', () => undefined)
  }

  /** Opens a socket and waits until it is open. */
  static async open(url: string): Promise<Frames> {
    const frames = new Frames(new WebSocket(url))
    await frames.opened
    return frames
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message))
  }

  /** The next frame as text. */
  nextText(): Promise<string> {
    const text = this.queue.shift()
    if (text !== undefined) return Promise.resolve(text)
    if (this.closedWith !== undefined) return Promise.reject(new Error(`socket closed (${this.closedWith})`))
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  /** The next frame, parsed. */
  async next<T = Record<string, unknown>>(): Promise<T> {
    return JSON.parse(await this.nextText()) as T
  }

  /** Frames until one matches, returning it; the skipped ones are returned too. */
  async until<T = Record<string, unknown>>(match: (msg: T) => boolean): Promise<{ found: T; skipped: T[] }> {
    const skipped: T[] = []
    for (;;) {
      const msg = await this.next<T>()
      if (match(msg)) return { found: msg, skipped }
      skipped.push(msg)
    }
  }

  /** Frames already received and not read yet. */
  get buffered(): number {
    return this.queue.length
  }

  close(): Promise<number> {
    this.ws.close()
    return this.closed
  }
}

/** Authenticates a private socket with `GET/realtime` + expires. */
export async function auth(frames: Frames, target: Target, expires = target.now() + 10_000) {
  frames.send({
    req_id: 'a1',
    op: 'auth',
    args: [target.apiKey, expires, sign(target.secret, `GET/realtime${expires}`)],
  })
  return frames.next()
}

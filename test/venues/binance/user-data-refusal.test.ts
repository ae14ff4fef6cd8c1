/**
 * A refused user data subscription fails the account streams with the kind of Binance's error code:
 * a bad signature or API key (-1022, -2014, -2015) is `auth`, as on REST and on the other venues,
 * never `invalid-request`.
 */
import { expect } from 'chai'
import { asyncScheduler, defer, firstValueFrom, identity, of } from 'rxjs'
import { WebSocketServer } from 'ws'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { SecretList } from '../../../lib/core/secret-list.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import { ClockSync } from '../../../lib/transport/clock.js'
import { resolveBinanceOptions } from '../../../lib/venues/binance/options.js'
import { createBinanceTrading, type BinanceTradingContext } from '../../../lib/venues/binance/private.js'
import { API_KEY, BTCUSDT, SECRET } from './private-fake.js'

/** Binance's answers to `userDataStream.subscribe.signature` (WebSocket API error codes). */
const REFUSALS = [
  { status: 400, code: -1022, msg: 'Signature for this request is not valid.', kind: 'auth' },
  { status: 401, code: -2014, msg: 'API-key format invalid.', kind: 'auth' },
  { status: 401, code: -2015, msg: 'Invalid API-key, IP, or permissions for action.', kind: 'auth' },
  {
    status: 400,
    code: -1100,
    msg: "Illegal characters found in parameter 'recvWindow'.",
    kind: 'invalid-request',
  },
] as const

describe('binance user data subscription refused (loopback server)', () => {
  let server: WebSocketServer
  let url: string
  let answer: (typeof REFUSALS)[number] = REFUSALS[0]
  let subscribes = 0

  beforeEach(async () => {
    subscribes = 0
    server = new WebSocketServer({ host: '127.0.0.1', port: 0 })
    await new Promise<void>((resolve) => server.once('listening', () => resolve()))
    const address = server.address()
    url = `ws://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}/ws-api/v3`
    server.on('connection', (ws) => {
      ws.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { id: string | number; method: string }
        if (msg.method !== 'userDataStream.subscribe.signature') return
        subscribes += 1
        ws.send(
          JSON.stringify({
            id: msg.id,
            status: answer.status,
            error: { code: answer.code, msg: answer.msg },
          }),
        )
      })
    })
  })

  afterEach(async () => {
    for (const c of server.clients) c.terminate()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  })

  function trading() {
    const clock = new ClockSync({ fetchServerTime: () => defer(() => of(Date.now())), venue: 'binance' })
    const closers: (() => void | Promise<void>)[] = []
    const ctx: BinanceTradingContext = {
      venue: 'binance',
      options: resolveBinanceOptions({
        apiKey: API_KEY,
        secret: SECRET,
        recvWindowMs: 5000,
        wsApiUrl: url,
        backoff: { initialMs: 5, maxMs: 5, jitter: 'none' },
      }),
      closed: false,
      watchSocket: () => () => undefined,
      privateRest: undefined,
      clock,
      scheduler: asyncScheduler,
      logger: silentLogger,
      secrets: new SecretList([API_KEY, SECRET]),
      symbols: () => of(new SymbolMap('binance', [BTCUSDT])),
      emit: () => undefined,
      untilClosed: () => identity,
      onClose: (release) => void closers.push(release),
    }
    // a REST client is required for trading; the streams never use it here
    const rest = { request$: () => of(undefined) } as unknown as NonNullable<
      BinanceTradingContext['privateRest']
    >
    return {
      t: createBinanceTrading({ ...ctx, privateRest: rest }),
      close: () => closers.forEach((c) => void c()),
    }
  }

  for (const refusal of REFUSALS) {
    it(`${refusal.code} fails the order stream ${refusal.kind}, subscribing once`, async () => {
      answer = refusal
      const { t, close } = trading()
      const error = await firstValueFrom(t.orderUpdates$()).then(
        () => undefined,
        (e: unknown) => e,
      )
      close()
      expect(error).to.be.instanceOf(VenueError)
      const { kind, code, message } = error as VenueError
      expect({ kind, code }).to.deep.equal({ kind: refusal.kind, code: refusal.code })
      expect(message).to.include(refusal.msg)
      expect(subscribes, 'subscriptions sent').to.equal(1)
    })
  }
})

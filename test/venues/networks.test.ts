import { expect } from 'chai'
import { filter, firstValueFrom, of, ReplaySubject, type Subscription } from 'rxjs'
import { silentLogger } from '../../lib/core/logging.js'
import type { HttpRequest, HttpTransport } from '../../lib/transport/http.js'
import type { WebSocketCtor } from '../../lib/transport/socket.js'
import { createBinanceVenue, type BinanceOptions } from '../../lib/venues/binance/index.js'
import { createBybitVenue, type BybitOptions } from '../../lib/venues/bybit/index.js'
import type { UnifiedSymbol } from '../../lib/core/model.js'
import type { Venue } from '../../lib/venues/contract/index.js'
import { exchangeInfo } from './binance/public-fakes.js'
import { instrumentsAnswer } from './bybit/public-fakes.js'

/** Where a driver connected: every REST request and every WebSocket it opened (none of them go anywhere). */
class Dialled {
  readonly rest: string[] = []
  readonly sockets: string[] = []
  private readonly dialled$ = new ReplaySubject<number>()

  /** Answers the instrument listings (so streams can start) and nothing else. */
  readonly transport: HttpTransport = {
    request: (request: HttpRequest) => {
      const url = new URL(request.url)
      this.rest.push(`${url.origin}${url.pathname}`)
      if (url.pathname === '/v5/market/instruments-info')
        return of({ status: 200, headers: {}, body: JSON.stringify(instrumentsAnswer()) })
      if (url.pathname === '/api/v3/exchangeInfo')
        return of({ status: 200, headers: {}, body: JSON.stringify(exchangeInfo()) })
      return of({ status: 404, headers: {}, body: '' })
    },
  }

  // a socket that never opens: its URL is all the test needs
  readonly WebSocketCtor: WebSocketCtor = (() => {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const dialled = this
    return class {
      readyState = 0
      constructor(url: string) {
        dialled.dialled$.next(dialled.sockets.push(url.split('?')[0] as string))
      }
      close(): void {
        this.readyState = 3
      }
    }
  })()

  /** Resolves once `n` sockets were opened. */
  socketsOpened(n: number): Promise<unknown> {
    return firstValueFrom(this.dialled$.pipe(filter((count) => count >= n)))
  }

  hosts(): string[] {
    return [...new Set([...this.rest.map((u) => new URL(u).origin), ...this.sockets])].sort()
  }
}

/** Opens REST (the listing), the public stream and the private connection of a driver, then closes it. */
async function dial(venue: Venue, symbol: UnifiedSymbol, dialled: Dialled): Promise<void> {
  const subs: Subscription[] = []
  try {
    await firstValueFrom(venue.instruments())
    subs.push(venue.trades$(symbol).subscribe({ error: () => undefined }))
    subs.push(venue.trading?.orderUpdates$().subscribe({ error: () => undefined }) as Subscription)
    await dialled.socketsOpened(2)
  } finally {
    for (const s of subs) s.unsubscribe()
    await venue.close()
  }
}

const KEYS = { apiKey: 'key', secret: 'secret', logger: silentLogger }

describe('venue networks: testnet and demo switch every connection together', () => {
  const bybit = async (options: BybitOptions): Promise<Dialled> => {
    const d = new Dialled()
    await dial(
      createBybitVenue({ ...KEYS, ...options, transport: d.transport, WebSocketCtor: d.WebSocketCtor }),
      'BTC/USDT',
      d,
    )
    return d
  }
  const binance = async (options: BinanceOptions): Promise<Dialled> => {
    const d = new Dialled()
    await dial(
      createBinanceVenue({ ...KEYS, ...options, transport: d.transport, WebSocketCtor: d.WebSocketCtor }),
      'ETH/BTC',
      d,
    )
    return d
  }

  it('bybit: mainnet by default, testnet with testnet: true', async () => {
    expect((await bybit({})).hosts()).to.deep.equal([
      'https://api.bybit.com',
      'wss://stream.bybit.com/v5/private',
      'wss://stream.bybit.com/v5/public/spot',
    ])
    expect((await bybit({ testnet: true })).hosts()).to.deep.equal([
      'https://api-testnet.bybit.com',
      'wss://stream-testnet.bybit.com/v5/private',
      'wss://stream-testnet.bybit.com/v5/public/spot',
    ])
  })

  it('bybit: demo trading sends REST and the private stream to the demo service, market data to mainnet', async () => {
    expect((await bybit({ demo: true })).hosts()).to.deep.equal([
      'https://api-demo.bybit.com',
      'wss://stream-demo.bybit.com/v5/private',
      'wss://stream.bybit.com/v5/public/spot',
    ])
  })

  it('bybit: a URL given explicitly wins over the network; testnet and demo together are refused', async () => {
    expect(
      (await bybit({ testnet: true, wsUrl: 'wss://mirror.example/v5/public/spot' })).hosts(),
    ).to.deep.equal([
      'https://api-testnet.bybit.com',
      'wss://mirror.example/v5/public/spot',
      'wss://stream-testnet.bybit.com/v5/private',
    ])
    expect(() => createBybitVenue({ testnet: true, demo: true }))
      .to.throw(/choose one/)
      .with.property('kind', 'invalid-request')
  })

  it('binance: mainnet by default, the Spot Test Network with testnet: true', async () => {
    expect((await binance({})).hosts()).to.deep.equal([
      'https://api.binance.com',
      'wss://stream.binance.com:9443/stream',
      'wss://ws-api.binance.com:443/ws-api/v3',
    ])
    expect((await binance({ testnet: true })).hosts()).to.deep.equal([
      'https://testnet.binance.vision',
      'wss://stream.testnet.binance.vision/stream',
      'wss://ws-api.testnet.binance.vision/ws-api/v3',
    ])
  })

  it('binance: a URL given explicitly wins over the testnet', async () => {
    expect((await binance({ testnet: true, restUrl: 'https://api1.binance.com' })).hosts()).to.deep.equal([
      'https://api1.binance.com',
      'wss://stream.testnet.binance.vision/stream',
      'wss://ws-api.testnet.binance.vision/ws-api/v3',
    ])
  })
})

/**
 * A new venue is its own folder and one registration: the example venue (test/fixtures/venues/example,
 * a module over a scripted in-process driver) works through the public client API once a client is
 * given its module, reads its settings from the environment like the built-in venues, and needs no
 * file outside its folder.
 */
import { expect } from 'chai'
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { filter, firstValueFrom, lastValueFrom, take, toArray, type Observable } from 'rxjs'
import {
  VENUE_MODULES,
  createClient,
  isVenueError,
  silentLogger,
  type Client,
  type OrderBook,
  type VenueSettings,
} from 'rxvenue'
import { settingsFromEnv } from '../../lib/venues/registry.js'
import { EXAMPLE_MODULE, ExampleFeed, type ExampleOptions } from '../fixtures/venues/example/module.js'
import { record } from './support.js'

const FOLDER = fileURLToPath(new URL('../fixtures/venues/example/', import.meta.url))
const SYMBOL = 'BTC/USDT'

/** Prices and sizes of one side of a view, as text. */
const side = (levels: OrderBook['bids']) => levels.map((l) => [l.price.toFixed(), l.size.toFixed()])

describe('a new venue: one module, registered in one place', () => {
  let feed: ExampleFeed
  let client: Client

  beforeEach(() => {
    feed = new ExampleFeed()
    const example: ExampleOptions = { feed }
    // a venue module's settings sit under its id, beside the built-in venues'
    const venues: VenueSettings = { example, mock: { seed: 7, intervalMs: 20 } }
    client = createClient({ modules: [EXAMPLE_MODULE], venues, logger: silentLogger })
  })

  afterEach(async () => {
    await client.close()
  })

  it('is made from its module by id, with the capabilities it declares', async () => {
    const venue = client.venue('example')
    expect(venue.id).to.equal('example')
    expect(venue.capabilities).to.equal(EXAMPLE_MODULE.capabilities)
    const listed = await lastValueFrom(client.instruments$('example'))
    expect(listed.map((i) => i.symbol)).to.deep.equal([SYMBOL])
    // without the module, a client does not know the venue
    const plain = createClient({ logger: silentLogger })
    expect(() => plain.venue('example')).to.throw(/unknown venue "example"/)
    await plain.close()
  })

  it('orderBook$ and trades$ deliver its book and trades exactly', async () => {
    feed.book(SYMBOL, {
      bids: [
        ['99.5', '2'],
        ['100', '1.25'],
      ],
      asks: [['100.5', '3']],
    })
    const views = record(client.orderBook$('example', SYMBOL))
    const trades = record(client.trades$('example', SYMBOL))
    const first = await views.until(() => true, 'the first book view')
    expect(side(first.bids)).to.deep.equal([
      ['100', '1.25'],
      ['99.5', '2'],
    ])
    expect(side(first.asks)).to.deep.equal([['100.5', '3']])

    feed.change(SYMBOL, { bids: [['100', '0']], asks: [['100.25', '0.001']] })
    const changed = await views.until((v) => v.sequence === 2, 'the view after the change')
    expect(side(changed.bids)).to.deep.equal([['99.5', '2']])
    expect(side(changed.asks)).to.deep.equal([
      ['100.25', '0.001'],
      ['100.5', '3'],
    ])

    feed.trade(SYMBOL, 'sell', '99.5', '0.123456789')
    const trade = await trades.until(() => true, 'a trade')
    expect([trade.venue, trade.side, trade.price.toFixed(), trade.size.toFixed()]).to.deep.equal([
      'example',
      'sell',
      '99.5',
      '0.123456789',
    ])
    views.stop()
    trades.stop()
  })

  it('bestBidAsk$ compares it with another venue (the mock)', async () => {
    // a bid above anything the mock quotes (it starts at 65 000), an ask above its asks
    feed.book(SYMBOL, { bids: [['1000000', '1']], asks: [['1000001', '1']] })
    const best = await firstValueFrom(
      client
        .bestBidAsk$([
          ['example', SYMBOL],
          ['mock', SYMBOL],
        ])
        // both venues quoting (the mock's first book comes after the example's)
        .pipe(filter((q) => q.venues.every((v) => !v.stale))),
    )
    expect(best.bid?.venue).to.equal('example')
    expect(best.bid?.price.toFixed()).to.equal('1000000')
    expect(best.ask?.venue).to.equal('mock')
  })

  it('health$ and events$ report it, a capability it lacks is refused, close() completes its streams', async () => {
    const events = record(client.events$())
    const health = await firstValueFrom(client.health$('example'))
    expect(health.venue).to.equal('example')
    const ticker = await lastValueFrom(client.ticker$('example', SYMBOL)).catch((e: unknown) => e)
    expect(isVenueError(ticker) && ticker.kind).to.equal('invalid-request')

    feed.book(SYMBOL, { bids: [['1', '1']], asks: [['2', '1']] })
    const streams: Observable<unknown>[] = [
      client.orderBook$('example', SYMBOL),
      client.trades$('example', SYMBOL),
      client.health$('example'),
      client.events$(),
    ]
    // each resolves when its stream completes, and rejects if it errors
    const completed = Promise.all(streams.map((s) => lastValueFrom(s.pipe(toArray()))))
    await events.until((e) => e.venue === 'example' && e.type === 'connected', 'its connected event')
    await client.close()
    expect(await completed).to.have.length(streams.length)
    events.stop()
  })

  it('reads its settings from the environment like a built-in venue', async () => {
    const env = { RXVENUE_EXAMPLE_SYMBOLS: 'ETH/USDT, BTC/USDT', RXVENUE_BYBIT_TESTNET: '1' }
    const modules = [...VENUE_MODULES, EXAMPLE_MODULE]
    const venues = settingsFromEnv(modules, env)
    expect(venues).to.deep.equal({
      bybit: { testnet: true },
      example: { symbols: ['ETH/USDT', 'BTC/USDT'] },
    })
    const fromEnv = createClient({ modules: [EXAMPLE_MODULE], venues, logger: silentLogger })
    const listed = await lastValueFrom(fromEnv.instruments$('example').pipe(take(1)))
    expect(listed.map((i) => i.symbol)).to.deep.equal(['ETH/USDT', 'BTC/USDT'])
    await fromEnv.close()
  })

  it('needs no file outside its folder: it imports only the package root, rxjs and its own files', () => {
    const files = readdirSync(FOLDER).filter((f) => f.endsWith('.ts'))
    expect(files).to.include('module.ts')
    const outside = files.flatMap((file) => {
      const text = readFileSync(join(FOLDER, file), 'utf8')
      const specifiers = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] as string)
      return specifiers
        .filter((s) => !['rxvenue', 'rxjs'].includes(s) && !/^\.\/[\w-]+\.js$/.test(s))
        .map((s) => `${file}: ${s}`)
    })
    expect(outside).to.deep.equal([])
  })
})

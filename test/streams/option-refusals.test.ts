import { expect } from 'chai'
import { firstValueFrom, type Observable } from 'rxjs'
import { Decimal } from '../../lib/core/decimal.js'
import type { VenueError } from '../../lib/core/errors.js'
import { createMockVenue } from '../../lib/venues/mock/index.js'
import { createClient, type Client } from '../../streams/client.js'

const failure = (stream: Observable<unknown>): Promise<VenueError> =>
  firstValueFrom(stream).then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e as VenueError,
  )

describe('stream option refusals', () => {
  let client: Client
  beforeEach(() => {
    client = createClient({ drivers: { mock: createMockVenue({ seed: 1 }) } })
  })
  afterEach(() => client.close())

  it('staleAfterMs: one rule (a number of ms > 0) and one message, with the stream named', async () => {
    const pairs = [['mock', 'BTC/USDT']] as const
    for (const [value, shown] of [
      [-1, '-1'],
      [0, '0'],
    ] as const) {
      const e = await failure(client.bestBidAsk$(pairs, { staleAfterMs: value }))
      expect(e.kind).to.equal('invalid-request')
      expect(e.message).to.equal(`bestBidAsk$: staleAfterMs must be a number of ms > 0, got ${shown}`)
    }
    const merged = await failure(client.mergedBook$(pairs, { staleAfterMs: 0 }))
    expect(merged.message).to.equal('mergedBook$: staleAfterMs must be a number of ms > 0, got 0')
    const spread = await failure(client.spread$(pairs[0], pairs[0], { staleAfterMs: 0 }))
    expect(spread.message).to.equal('spread$: staleAfterMs must be a number of ms > 0, got 0')
  })

  it('mergedBook$ refuses a fee that is a number, not a Decimal', async () => {
    const e = await failure(
      client.mergedBook$([['mock', 'BTC/USDT']], { fees: { mock: 0.001 as unknown as Decimal } }),
    )
    expect(e.kind).to.equal('invalid-request')
    expect(e.venue).to.equal('mock')
    expect(e.message).to.equal('mergedBook$: the mock fee must be a Decimal, got the number 0.001')
    const fine = await firstValueFrom(
      client.mergedBook$([['mock', 'BTC/USDT']], { fees: { mock: new Decimal('0.001') } }),
    )
    expect(fine.venues).to.have.length(1)
  })

  it('an option refusal of a stream of one venue names the venue', async () => {
    const book = await failure(client.orderBook$('mock', 'BTC/USDT', { depth: 0 }))
    expect(book.message).to.equal('orderBook$: depth must be a whole number > 0, got 0')
    expect(book.venue).to.equal('mock')
    const changes = await failure(client.bookChanges$('mock', 'BTC/USDT', { depth: 0 }))
    expect(changes.venue).to.equal('mock')
    const health = await failure(client.health$('mock', { intervalMs: -1 }))
    expect(health.venue).to.equal('mock')
  })

  it('a stream of a closed client names its venue', async () => {
    const trades = client.trades$('mock', 'BTC/USDT')
    await client.close()
    for (const stream of [trades, client.orderBook$('mock', 'BTC/USDT'), client.instruments$('mock')]) {
      const e = await failure(stream)
      expect(e.message).to.equal('the client is closed')
      expect(e.venue).to.equal('mock')
    }
  })

  it('history refuses a misspelt option by name, before asking the venue', async () => {
    const from = new Date('2024-01-01')
    const e = await failure(
      client.history.candles('mock', 'BTC/USDT', { interval: '1m', form: from, to: new Date() } as never),
    )
    expect(e.kind).to.equal('invalid-request')
    expect(e.venue).to.equal('mock')
    expect(e.message).to.equal('history.candles: unknown option form; did you mean from?')
    const t = await failure(client.history.trades('mock', 'BTC/USDT', { from, too: new Date() } as never))
    expect(t.message).to.equal('history.trades: unknown option too; did you mean to?')
  })
})

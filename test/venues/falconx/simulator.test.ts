/**
 * The FalconX simulator on 127.0.0.1, spoken to with plain HTTP: it checks every signature exactly
 * (the secret base64-decoded, the query signed) and answers with the shapes of FalconX's published
 * examples (test/fixtures/falconx): same keys, same JSON types.
 */
import { createHmac } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { FalconxSimulator } from '../../../lib/testing/falconx/index.js'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/falconx/${name}.json`, import.meta.url), 'utf8'))

/** Each key of `sample` with the JSON type of its value (`null` where the example has none). */
function shape(sample: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  const record = (Array.isArray(sample) ? sample[0] : sample) as Record<string, unknown>
  for (const [k, v] of Object.entries(record))
    out[k] = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v
  return out
}

/** Every key of the example is in the answer, with the same JSON type (where both are not null). */
function expectShapeOf(answer: unknown, example: unknown): void {
  const got = shape(answer)
  for (const [k, type] of Object.entries(shape(example))) {
    expect(got, `key ${k}`).to.have.property(k)
    if (type !== 'null' && got[k] !== 'null') expect(got[k], `type of ${k}`).to.equal(type)
  }
}

describe('falconx simulator', () => {
  let sim: FalconxSimulator

  beforeEach(async () => {
    sim = await FalconxSimulator.start({ seed: 4, tickMs: 'manual' })
  })
  afterEach(() => sim.close())

  const call = async (
    method: string,
    pathWithQuery: string,
    body = '',
    options: { key?: Buffer | string; signedPath?: string } = {},
  ) => {
    const timestamp = (Date.now() / 1000).toFixed(3)
    const key = options.key ?? Buffer.from(sim.secret, 'base64')
    const sign = createHmac('sha256', key)
      .update(`${timestamp}${method}${options.signedPath ?? pathWithQuery}${body}`)
      .digest('base64')
    const response = await fetch(`${sim.restUrl}${pathWithQuery}`, {
      method,
      headers: {
        'FX-ACCESS-KEY': sim.apiKey,
        'FX-ACCESS-SIGN': sign,
        'FX-ACCESS-TIMESTAMP': timestamp,
        'FX-ACCESS-PASSPHRASE': sim.passphrase,
        'Content-Type': 'application/json',
      },
      ...(body === '' ? {} : { body }),
    })
    return { status: response.status, body: (await response.json()) as Record<string, unknown> }
  }

  it('refuses a signature made with the secret undecoded, or without the query, with 401', async () => {
    const ok = await call('GET', '/v1/balances?platform=api')
    expect(ok.status).to.equal(200)
    const undecoded = await call('GET', '/v1/balances?platform=api', '', { key: sim.secret })
    expect(undecoded.status).to.equal(401)
    expect(undecoded.body).to.deep.include({ status: 'failure' })
    const noQuery = await call('GET', '/v1/balances?platform=api', '', { signedPath: '/v1/balances' })
    expect(noQuery.status).to.equal(401)
  })

  it("answers with the examples' keys and JSON types: pairs, quote, execution, status, executed quotes, balances, order", async () => {
    expectShapeOf((await call('GET', '/v1/pairs')).body, fixture('rest-pairs'))
    const quoteBody = JSON.stringify({
      token_pair: { base_token: 'BTC', quote_token: 'USD' },
      quantity: { token: 'BTC', value: '0.1' },
      side: 'two_way',
      client_order_id: 'c-1',
    })
    const quote = (await call('POST', '/v1/quotes', quoteBody)).body
    expectShapeOf(quote, fixture('rest-quote'))
    expect(quote['buy_price']).to.be.a('number')
    const id = String(quote['fx_quote_id'])
    expectShapeOf((await call('GET', `/v1/quotes/${id}`)).body, fixture('rest-quote-status'))
    const executed = (
      await call('POST', '/v1/quotes/execute', JSON.stringify({ fx_quote_id: id, side: 'buy' }))
    ).body
    expectShapeOf(executed, fixture('rest-quote-execute'))
    expect(executed).to.include({ is_filled: true, side_executed: 'buy' })
    const again = await call('POST', '/v1/quotes/execute', JSON.stringify({ fx_quote_id: id, side: 'buy' }))
    expect(again.body).to.deep.include({ status: 'failure' })
    expect(sim.executions()).to.have.length(1)
    const range = `t_start=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&t_end=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&platform=api`
    expectShapeOf((await call('GET', `/v1/quotes?${range}`)).body, fixture('rest-executed-quotes'))
    expectShapeOf((await call('GET', '/v1/balances?platform=api')).body, fixture('rest-balances'))
    const order = JSON.stringify({
      token_pair: { base_token: 'BTC', quote_token: 'USD' },
      quantity: { token: 'BTC', value: '0.1' },
      side: 'buy',
      order_type: 'limit',
      time_in_force: 'fok',
      limit_price: 1000000,
      slippage_bps: 2,
      client_order_id: 'o-1',
    })
    expectShapeOf((await call('POST', '/v1/order', order)).body, fixture('rest-order'))
  })

  it('prices a quote off the engine book with the spread, and expires it on its clock', async () => {
    const book = sim.book('BTC/USD', 1)
    const body = JSON.stringify({
      token_pair: { base_token: 'BTC', quote_token: 'USD' },
      quantity: { token: 'BTC', value: '1' },
      side: 'two_way',
    })
    const quote = (await call('POST', '/v1/quotes', body)).body
    expect(Number(quote['buy_price'])).to.be.above(Number(book.asks[0]?.price))
    expect(Number(quote['sell_price'])).to.be.below(Number(book.bids[0]?.price))
    sim.advanceClock(5_000)
    const late = await call(
      'POST',
      '/v1/quotes/execute',
      JSON.stringify({ fx_quote_id: quote['fx_quote_id'], side: 'buy' }),
    )
    expect(late.body).to.deep.include({
      status: 'failure',
      error: { code: 'QUOTE_EXPIRED', reason: `quote ${String(quote['fx_quote_id'])} has expired` },
    })
    expect(sim.executions()).to.deep.equal([])
  })
})

/**
 * FalconX's answers decoded from their text: the published examples (test/fixtures/falconx), numbers
 * read exactly whether the venue wrote a JSON number or a string, and the model they map to.
 */
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import type * as t from 'io-ts'
import { decode } from '../../../lib/codec/decode.js'
import { Decimal } from '../../../lib/core/decimal.js'
import {
  FxBalances,
  FxDecimal,
  FxPairs,
  FxQuote,
  FxQuotes,
  quoteJsonNumbers,
} from '../../../lib/venues/falconx/codecs.js'
import {
  pairInstrument,
  toExecution,
  toFill,
  toOrder,
  toRfqQuote,
} from '../../../lib/venues/falconx/mappers.js'

const fixture = (name: string) =>
  readFileSync(new URL(`../../fixtures/falconx/${name}.json`, import.meta.url), 'utf8')
/** An answer as the driver reads it: numbers quoted from the text, then decoded. */
const read = <A>(codec: t.Decoder<unknown, A>, text: string): A =>
  decode(codec, quoteJsonNumbers(text), 'test', 'falconx')

describe('falconx codecs', () => {
  it('reads a number a double would change exactly, as a JSON number and as a string', () => {
    const digits = '0.1000000000000000055511151231257827'
    expect(Number(digits).toString()).not.to.equal(digits)
    const asNumber = read(FxBalances, `[{"balance": ${digits}, "token": "BTC", "platform": "api"}]`)
    const asString = read(FxBalances, `[{"balance": "${digits}", "token": "BTC", "platform": "api"}]`)
    expect(asNumber[0]?.balance.toFixed()).to.equal(digits)
    expect(asString[0]?.balance.toFixed()).to.equal(digits)
    expect(
      read(FxBalances, '[{"balance": -12345678901234567890.5e-3, "token": "X"}]')[0]?.balance.toFixed(),
    ).to.equal('-12345678901234567.8905')
  })

  it('refuses a bare JSON number: it has been through a double already', () => {
    expect(FxDecimal.decode(0.1)._tag).to.equal('Left')
    expect(FxDecimal.decode('1e-7')._tag).to.equal('Right')
    expect(FxDecimal.decode('0x10')._tag).to.equal('Left')
  })

  it('quotes numbers outside strings only, and leaves text that is not JSON alone', () => {
    expect(quoteJsonNumbers('{"a":"1.5","b":[1,-2.5e3],"c":"x\\"9","d":true,"e":null}')).to.equal(
      '{"a":"1.5","b":["1","-2.5e3"],"c":"x\\"9","d":true,"e":null}',
    )
    expect(quoteJsonNumbers('502 Bad Gateway')).to.equal('502 Bad Gateway')
  })

  it('reads the pairs as instruments', () => {
    const pairs = read(FxPairs, fixture('rest-pairs'))
    expect(pairs.map((p) => pairInstrument(p)?.symbol)).to.deep.equal(['BTC/USD', 'ETH/USD'])
    expect(pairInstrument(pairs[0]!)?.venueSymbol).to.equal('BTC-USD')
  })

  it('reads a buy quote: the ask, no bid, the expiry', () => {
    const quote = toRfqQuote(read(FxQuote, fixture('rest-quote')))
    expect(quote).to.include({ id: '00c884b056f949338788dfb59e495377', symbol: 'BTC/USD', side: 'buy' })
    expect(quote.ask?.toFixed()).to.equal('12650')
    expect(quote.bid).to.equal(undefined)
    expect(quote.quantity.toFixed()).to.equal('10')
    expect(quote.expiresAt.toISOString()).to.equal('2019-06-27T11:59:22.875Z')
    expect(quote.clientQuoteId).to.equal('d6f3e1fa-e148-4009-9c07-a87f9ae78d1a')
    expect(toExecution(read(FxQuote, fixture('rest-quote-status')))).to.equal(undefined)
  })

  it('reads an execution: the filled order and its one fill, by the quote id', () => {
    const x = toExecution(read(FxQuote, fixture('rest-quote-execute')))
    expect(x?.order).to.include({ status: 'filled', side: 'buy', id: 'fad0ac687b1e439a92a0bafd92441e48' })
    expect(x?.fill).to.include({
      tradeId: 'fad0ac687b1e439a92a0bafd92441e48',
      side: 'buy',
      symbol: 'ETH/USD',
    })
    expect(x?.fill.price.toFixed()).to.equal('294')
    expect(x?.fill.quantity.toFixed()).to.equal('0.1')
    expect(x?.quote.bid?.toFixed()).to.equal('293.94')
  })

  it('reads an order: a fill-or-kill limit, filled, with its fee', () => {
    const answer = read(FxQuote, fixture('rest-order'))
    const order = toOrder(answer)
    expect(order).to.include({
      type: 'limit',
      timeInForce: 'FOK',
      status: 'filled',
      clientOrderId: 'd6f3e1fa-e148-4009-9c07-a87f9ae78d1a',
    })
    expect(order.price?.toFixed()).to.equal('8547.11')
    expect(order.averagePrice?.toFixed()).to.equal('8545.12')
    const fill = toFill(answer)
    expect(fill?.fee.toFixed()).to.equal('63.25')
    expect(fill?.feeAsset).to.equal('USD')
  })

  it('reads executed quotes and balances (negative ones too)', () => {
    const executed = read(FxQuotes, fixture('rest-executed-quotes'))
    expect(executed.map((q) => toFill(q)?.price.toFixed())).to.deep.equal(['293.1', '293.03'])
    const balances = read(FxBalances, fixture('rest-balances'))
    expect(balances.map((b) => [b.token, b.balance.toFixed()])).to.deep.equal([
      ['BTC', '0'],
      ['ETH', '-1.3772005993291505'],
      ['USD', '187.624207'],
    ])
  })

  it('takes a price that is a string as well', () => {
    const text = fixture('rest-quote').replace(
      '"buy_price": 12650',
      '"buy_price": "12650.000000000000000001"',
    )
    expect(toRfqQuote(read(FxQuote, text)).ask?.eq(new Decimal('12650.000000000000000001'))).to.equal(true)
  })
})

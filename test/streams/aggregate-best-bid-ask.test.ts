import { expect } from 'chai'
import {
  bestBidAsk,
  pairQuote,
  type MarketPair,
  type PairState,
  type StaleReason,
  type VenuePrice,
} from '../../streams/aggregate/index.js'
import { levels, pairState, type Side } from './aggregate-support.js'

const state = (
  pair: MarketPair,
  bids: Side,
  asks: Side,
  options: { stale?: StaleReason; lastBookAt?: number } = {},
) => pairState(pair, levels(bids), levels(asks), options)

const text = (p: VenuePrice | undefined) =>
  p ? `${p.venue} ${p.size.toString()}@${p.price.toString()}` : '-'

describe('bestBidAsk', () => {
  it('takes the highest bid and the lowest ask, each from its own venue', () => {
    const best = bestBidAsk(
      [
        state(['bybit', 'BTC/USDT'], [['65000.1', '1']], [['65000.3', '2']]),
        state(['binance', 'BTC/USDT'], [['65000.2', '0.5']], [['65000.4', '1']]),
        state(['coinbase', 'BTC/USD'], [['64999', '9']], [['65000.25', '0.1']]),
      ],
      10,
    )
    expect(text(best.bid)).to.equal('binance 0.5@65000.2')
    expect(text(best.ask)).to.equal('coinbase 0.1@65000.25')
    expect(best.bid?.symbol).to.equal('BTC/USDT')
    expect(best.ask?.symbol).to.equal('BTC/USD')
    expect(best.spread?.toString()).to.equal('0.05')
    expect(best.at.getTime()).to.equal(10)
  })

  it('gives a negative spread when venues cross', () => {
    const best = bestBidAsk(
      [
        state(['bybit', 'BTC/USDT'], [['101', '1']], [['102', '1']]),
        state(['binance', 'BTC/USDT'], [['99', '1']], [['100.5', '1']]),
      ],
      0,
    )
    expect(best.spread?.toString()).to.equal('-0.5')
  })

  it('never uses a stale pair, and lists it flagged with its last levels and age', () => {
    const best = bestBidAsk(
      [
        state(['bybit', 'BTC/USDT'], [['200', '1']], [['201', '1']], { stale: 'silent', lastBookAt: 1000 }),
        state(['binance', 'BTC/USDT'], [['100', '1']], [['150', '1']], { lastBookAt: 7000 }),
      ],
      7250,
    )
    expect(text(best.bid)).to.equal('binance 1@100')
    expect(text(best.ask)).to.equal('binance 1@150')
    const [bybit, binance] = best.venues
    expect(bybit).to.include({
      venue: 'bybit',
      symbol: 'BTC/USDT',
      stale: true,
      staleReason: 'silent',
      ageMs: 6250,
    })
    expect(bybit?.bid?.price.toString()).to.equal('200')
    expect(bybit?.ask?.price.toString()).to.equal('201')
    expect(binance).to.include({ venue: 'binance', stale: false, staleReason: undefined, ageMs: 250 })
  })

  it('breaks a price tie by the larger size, then by the earlier pair', () => {
    const bySize = bestBidAsk(
      [
        state(['bybit', 'BTC/USDT'], [['100', '1']], [['101', '1']]),
        state(['binance', 'BTC/USDT'], [['100.0', '2']], [['101.00', '0.5']]),
      ],
      0,
    )
    expect(text(bySize.bid)).to.equal('binance 2@100')
    expect(text(bySize.ask)).to.equal('bybit 1@101')

    const byOrder = bestBidAsk(
      [
        state(['binance', 'BTC/USDT'], [['100', '1.0']], [['101', '1']]),
        state(['bybit', 'BTC/USDT'], [['100', '1']], [['101', '1']]),
      ],
      0,
    )
    expect(text(byOrder.bid)).to.equal('binance 1@100')
    expect(text(byOrder.ask)).to.equal('binance 1@101')
  })

  it('leaves a side undefined when no fresh pair has it, and then no spread', () => {
    const best = bestBidAsk(
      [
        state(['bybit', 'BTC/USDT'], [['100', '1']], []),
        state(['binance', 'BTC/USDT'], [['90', '1']], [['95', '1']], { stale: 'disconnected' }),
      ],
      0,
    )
    expect(text(best.bid)).to.equal('bybit 1@100')
    expect(best.ask).to.equal(undefined)
    expect(best.spread).to.equal(undefined)
  })

  it('has nothing to offer before any book', () => {
    const connecting: PairState = {
      pair: ['bybit', 'BTC/USDT'],
      book: undefined,
      stale: true,
      staleReason: 'connecting',
      lastBookAt: undefined,
    }
    const best = bestBidAsk([connecting], 5)
    expect(best.bid).to.equal(undefined)
    expect(best.ask).to.equal(undefined)
    expect(best.venues).to.deep.equal([
      {
        venue: 'bybit',
        symbol: 'BTC/USDT',
        bid: undefined,
        ask: undefined,
        stale: true,
        staleReason: 'connecting',
        ageMs: undefined,
      },
    ])
    expect(bestBidAsk([], 0).venues).to.deep.equal([])
  })
})

describe('pairQuote', () => {
  it("shows the pair's own top levels and the age of its book at the given time", () => {
    const s = state(
      ['bybit', 'BTC/USDT'],
      [
        ['100', '1'],
        ['99', '5'],
      ],
      [['101', '2']],
      { lastBookAt: 40 },
    )
    const q = pairQuote(s, 100)
    expect(q.bid).to.equal(s.book?.bids[0])
    expect(q.ask).to.equal(s.book?.asks[0])
    expect(q).to.include({ venue: 'bybit', symbol: 'BTC/USDT', stale: false, ageMs: 60 })
  })
})

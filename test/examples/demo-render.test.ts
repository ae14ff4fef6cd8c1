import { expect } from 'chai'
import { Decimal, type MergedLevel, type PairQuote } from 'rxvenue'
import {
  BAR_WIDTH,
  depthBar,
  eventLine,
  largestLevel,
  levelLine,
  quoteLine,
  styleFor,
} from '../../examples/support/demo-render.js'

const TTY = styleFor({ isTTY: true }, {})
const PLAIN = styleFor({ isTTY: false }, {})
const ESC = '\x1b['

const level = (price: string, parts: Array<[string, string]>): MergedLevel => ({
  price: new Decimal(price),
  size: parts.reduce((sum, [, s]) => sum.plus(s), new Decimal(0)),
  venues: parts.map(([venue, size]) => ({
    venue,
    symbol: 'BTC/USDT',
    price: new Decimal(price),
    size: new Decimal(size),
  })),
})

const quote = (stale: boolean): PairQuote => ({
  venue: 'bybit',
  symbol: 'BTC/USDT',
  bid: { price: new Decimal('65000.5'), size: new Decimal('1.2') },
  ask: { price: new Decimal('65001'), size: new Decimal('0.4') },
  stale,
  staleReason: stale ? 'disconnected' : undefined,
  ageMs: 10,
})

describe('examples/support/demo-render', () => {
  it('colours only a terminal, and never with NO_COLOR set', () => {
    expect(TTY.colour).to.equal(true)
    expect(PLAIN.colour).to.equal(false)
    expect(styleFor({ isTTY: true }, { NO_COLOR: '1' }).colour).to.equal(false)
    expect(styleFor({ isTTY: true }, { NO_COLOR: '' }).colour).to.equal(true) // set but empty: no effect
    expect(styleFor({}, {}).colour).to.equal(false)
  })

  it('shows a stale venue in red and a recovered one in green on a terminal', () => {
    expect(quoteLine(TTY, quote(true), false)).to.equal(
      `${ESC}31mbybit    STALE (disconnected), last 65000.5 / 65001${ESC}0m`,
    )
    const back = quoteLine(TTY, quote(false), true)
    expect(back.startsWith(`${ESC}32mbybit`) && back.endsWith(`${ESC}0m`)).to.equal(true)
    expect(quoteLine(TTY, quote(false), false)).to.not.contain(ESC)
  })

  it('writes the same lines without any escape in plain text', () => {
    expect(quoteLine(PLAIN, quote(true), false)).to.equal(
      'bybit    STALE (disconnected), last 65000.5 / 65001',
    )
    expect(quoteLine(PLAIN, quote(false), true)).to.equal(
      'bybit             65000.5 x 1.2           65001 x 0.4       0.5',
    )
    for (const line of ['10:00:00.000  fault: bybit drops its sockets', '10:00:01.000  bybit fresh again'])
      expect(eventLine(PLAIN, line)).to.equal(line)
  })

  it('colours faults red, recoveries green and resyncs yellow on a terminal', () => {
    expect(eventLine(TTY, 'fault: bybit drops its sockets')).to.equal(
      `${ESC}31mfault: bybit drops its sockets${ESC}0m`,
    )
    expect(eventLine(TTY, 'bybit connected public (reconnect)')).to.satisfy((l: string) =>
      l.startsWith(`${ESC}32m`),
    )
    expect(eventLine(TTY, 'bybit fresh again')).to.satisfy((l: string) => l.startsWith(`${ESC}32m`))
    expect(eventLine(TTY, 'binance resync BTC/USDT (gap)')).to.satisfy((l: string) =>
      l.startsWith(`${ESC}33m`),
    )
    expect(eventLine(TTY, 'bybit connected public')).to.equal('bybit connected public')
  })

  it('draws a depth bar per level, as long as its size against the largest shown', () => {
    const largest = new Decimal('4')
    expect(depthBar(PLAIN, new Decimal('4'), largest)).to.equal('#'.repeat(BAR_WIDTH))
    expect(depthBar(PLAIN, new Decimal('1'), largest)).to.equal('#'.repeat(BAR_WIDTH / 4))
    expect(depthBar(PLAIN, new Decimal('0.0001'), largest)).to.equal('#') // any size shows
    expect(depthBar(PLAIN, new Decimal('0'), largest)).to.equal('')
    expect(depthBar(TTY, new Decimal('2'), largest)).to.equal('█'.repeat(BAR_WIDTH / 2))
  })

  it('prints a merged level with each venue, its total and its bar, coloured by side on a terminal', () => {
    const levels = [
      level('65001', [
        ['bybit', '1.5'],
        ['binance', '0.5'],
      ]),
      level('65000', [['binance', '1']]),
    ]
    const largest = largestLevel(levels) as Decimal
    expect(largest.toString()).to.equal('2')
    expect(levelLine(PLAIN, 'ask', levels[0] as MergedLevel, ['bybit', 'binance'], largest)).to.equal(
      `  ask              65001         1.5         0.5           2  |${'#'.repeat(20)}`,
    )
    expect(levelLine(PLAIN, 'bid', levels[1] as MergedLevel, ['bybit', 'binance'], largest)).to.equal(
      `  bid              65000           -           1           1  |${'#'.repeat(10)}`,
    )
    expect(levelLine(TTY, 'bid', levels[1] as MergedLevel, ['bybit', 'binance'], largest)).to.contain(
      `|${ESC}32m${'█'.repeat(10)}${ESC}0m`,
    )
    expect(levelLine(TTY, 'ask', levels[1] as MergedLevel, ['bybit', 'binance'], largest)).to.contain(
      `|${ESC}31m`,
    )
  })
})

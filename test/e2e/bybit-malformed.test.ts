import { expect } from 'chai'
import { lastValueFrom } from 'rxjs'
import { DecodeError, type Instrument, type VenueEvent } from '../../index.js'
import type { MalformedKind } from '../../lib/testing/index.js'
import { expectSameBook, record, startRig, watchBook, type BybitRig } from './support.js'

const SYMBOL = 'BTC/USDT'
const DEPTH = 50
const TOPIC = 'orderbook.50.BTCUSDT'

type DecodeEvent = Extract<VenueEvent, { type: 'decode-error' }>
const isDecodeError = (e: VenueEvent): e is DecodeEvent => e.type === 'decode-error'
const isGapResync = (e: VenueEvent) => e.type === 'resync' && e.reason === 'gap'

describe('bybit e2e: malformed frames on the public stream', () => {
  let rig: BybitRig
  let instrument: Instrument

  beforeEach(async () => {
    rig = await startRig({ seed: 7 })
    const listed = await lastValueFrom(rig.client.instruments$('bybit'))
    const btc = listed.find((i) => i.symbol === SYMBOL)
    if (btc === undefined) throw new Error(`${SYMBOL} is not listed`)
    instrument = btc
  })

  afterEach(() => rig.close())

  it('become typed decode-error events, and the book goes on equal to the venue', async () => {
    const { client, bybit } = rig
    const events = record(client.events$())
    const book = watchBook(client, SYMBOL, DEPTH)
    const settle = async (what: string) => {
      const view = await book.reaches(() => bybit.bookUpdateId(SYMBOL, DEPTH), what)
      expectSameBook(view, bybit.book(SYMBOL, DEPTH), instrument)
    }
    const spoil = async (kind: MalformedKind, n: number) => {
      bybit.faults.malformedFrame(kind)
      bybit.step(100, SYMBOL)
      await events.untilCount(isDecodeError, n, 'decode error')
      // the spoiled frame was a delta: losing it is a gap the driver must heal from a snapshot
      await events.untilCount(isGapResync, n, 'gap resync')
      await settle(`the venue after the ${kind} frame`)
    }

    try {
      await bybit.subscribed(TOPIC)
      await settle('the first snapshot')
      await spoil('garbage', 1)
      await spoil('wrong-shape', 2)
      bybit.step(500, SYMBOL)
      await settle('the venue 500 changes later')

      const errors = events.seen.filter(isDecodeError)
      expect(errors).to.have.length(2)
      for (const e of errors) {
        expect(e.venue).to.equal('bybit')
        expect(e.channel).to.equal('public')
        expect(e.error).to.be.instanceOf(DecodeError)
        expect(e.error.kind).to.equal('decode')
        expect(e.error.retryable).to.equal(false)
        expect(e.error.raw, 'the raw frame is kept for diagnosis').to.include(TOPIC)
      }
      const [garbage, wrongShape] = errors
      expect(garbage?.error.paths.join('; ')).to.match(/invalid JSON/)
      expect(wrongShape?.error.context).to.equal(`bybit ${TOPIC}`)
      expect(wrongShape?.error.paths.some((p) => p.startsWith('data'))).to.equal(true)
      expect(book.latest(), 'the stream is still live').to.not.equal(undefined)
    } finally {
      book.stop()
      events.stop()
    }
  })
})

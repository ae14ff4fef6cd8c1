import { expect } from 'chai'
import { of, Subject, throwError, type Observable } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { CustodyTransaction } from '../../../lib/venues/contract/custody.js'
import { fromBaseUnits, toBaseUnits } from '../../../lib/venues/kit/custody/base-units.js'
import {
  watchTransaction,
  type TransactionWatchHost,
} from '../../../lib/venues/kit/custody/transaction-watch.js'
import type { VenueEventBody } from '../../../lib/venues/kit/lifecycle.js'
import { toCustodyTransaction } from '../../../lib/venues/fordefi/mappers.js'
import { FordefiTransaction } from '../../../lib/venues/fordefi/codecs.js'

/** A transaction as Fordefi's JSON has it, decoded. */
function decoded(wire: unknown): FordefiTransaction {
  const r = FordefiTransaction.decode(wire)
  if (r._tag === 'Left') throw new Error('not a Fordefi transaction')
  return r.right
}

describe('custody kit: base units', () => {
  it('converts display amounts of 6, 8 and 18 decimals exactly, beyond float and Decimal precision', () => {
    expect(toBaseUnits(new Decimal('1234.567891'), 6, 'fordefi').toFixed()).to.equal('1234567891')
    expect(toBaseUnits(new Decimal('21000000.12345678'), 8, 'fordefi').toFixed()).to.equal('2100000012345678')
    // 46 significant digits: more than the Decimal clone's 40-digit precision would keep through arithmetic
    const big = '1234567890123456789012345678.123456789012345678'
    expect(toBaseUnits(new Decimal(big), 18, 'fordefi').toFixed()).to.equal(big.replace('.', ''))
    expect(toBaseUnits(new Decimal('0.1'), 18, 'fordefi').toFixed()).to.equal('100000000000000000')
    expect(toBaseUnits(new Decimal('5'), 0, 'fordefi').toFixed()).to.equal('5')
  })

  it('refuses an amount with more decimals than the asset, zero, negative or not finite', () => {
    for (const [amount, decimals] of [
      ['0.0000001', 6],
      ['1.000000001', 8],
      ['0.0000000000000000001', 18],
      ['0.5', 0],
      ['0', 6],
      ['-1', 6],
      ['Infinity', 6],
      ['NaN', 6],
    ] as const) {
      expect(() => toBaseUnits(new Decimal(amount), decimals, 'fordefi'), amount)
        .to.throw(VenueError)
        .with.property('kind', 'invalid-request')
    }
    expect(() => toBaseUnits(new Decimal('1'), 1.5, 'fordefi')).to.throw(/decimals/)
  })

  it('reads base units back to display amounts exactly', () => {
    expect(fromBaseUnits('1', 18, 'fordefi').toFixed()).to.equal('0.000000000000000001')
    expect(fromBaseUnits('1250500000', 6, 'fordefi').toFixed()).to.equal('1250.5')
    expect(fromBaseUnits('123456789', 8, 'fordefi').toFixed()).to.equal('1.23456789')
    expect(fromBaseUnits('7', 0, 'fordefi').toFixed()).to.equal('7')
    expect(() => fromBaseUnits('1.5', 6, 'fordefi')).to.throw(VenueError)
  })
})

/** A Fordefi transaction in `state`, in the common model. */
function tx(state: string, extra: Record<string, unknown> = {}): CustodyTransaction {
  return toCustodyTransaction(decoded({ id: 't-1', state, created_at: '1970-01-01T00:00:00.000Z', ...extra }))
}

function scheduler(): TestScheduler {
  return new TestScheduler((a, b) => {
    expect(a).to.deep.equal(b)
  })
}

describe('custody kit: transaction$', () => {
  const poll = { initialMs: 10, maxMs: 40, multiplier: 2 }

  /** A host whose `get` answers the next of `answers` (the last one again once they run out). */
  function host(
    ts: TestScheduler,
    answers: readonly (CustodyTransaction | VenueError)[],
    events: VenueEventBody[],
    updates$?: Observable<CustodyTransaction>,
  ): TransactionWatchHost & { asked: number[] } {
    const asked: number[] = []
    return {
      asked,
      get: () => {
        asked.push(ts.now())
        const a = answers[Math.min(asked.length - 1, answers.length - 1)] as CustodyTransaction | VenueError
        return a instanceof VenueError ? throwError(() => a) : of(a)
      },
      updates$,
      scheduler: ts,
      poll,
      emit: (e) => events.push(e),
    }
  }

  it('emits each state change once, polls sooner after a change and slower while nothing moves, and completes at a final state', () => {
    const ts = scheduler()
    ts.run(({ expectObservable }) => {
      const events: VenueEventBody[] = []
      const wait = tx('waiting_for_approval')
      const h = host(
        ts,
        [wait, wait, wait, tx('approved'), tx('signed'), tx('signed'), tx('completed')],
        events,
      )
      const states = watchTransaction('t-1', h)
      expectObservable(states).toBe('a 69ms b 9ms c 29ms (d|)', {
        a: wait,
        b: tx('approved'),
        c: tx('signed'),
        d: tx('completed'),
      })
      ts.flush()
      // +10, +20, +40 (no change: slower, at most 40), +10 after each change, +20
      expect(h.asked).to.deep.equal([0, 10, 30, 70, 80, 90, 110])
      expect(events).to.deep.equal([])
    })
  })

  it('shows a state it does not know as pending, with one warning event', () => {
    const ts = scheduler()
    ts.run(({ expectObservable }) => {
      const events: VenueEventBody[] = []
      const odd = tx('pending_signature')
      expectObservable(watchTransaction('t-1', host(ts, [odd, odd, tx('completed')], events))).toBe(
        'a 29ms (b|)',
        {
          a: odd,
          b: tx('completed'),
        },
      )
      ts.flush()
      expect(odd.state).to.equal('pending')
      expect(events).to.have.length(1)
      expect(events[0]).to.include({
        type: 'custody-warning',
        transactionId: 't-1',
        venueState: 'pending_signature',
      })
    })
  })

  it('raises one alert when a transaction is stuck and keeps following it', () => {
    const ts = scheduler()
    ts.run(({ expectObservable }) => {
      const events: VenueEventBody[] = []
      const stuck = tx('stuck')
      expectObservable(
        watchTransaction('t-1', host(ts, [stuck, stuck, stuck, tx('cancelled')], events)),
      ).toBe('a 69ms (b|)', { a: stuck, b: tx('cancelled') })
      ts.flush()
      expect(events).to.deep.equal([
        { type: 'custody-alert', transactionId: 't-1', reason: 'stuck', venueState: 'stuck' },
      ])
    })
  })

  it('tells the caller when approval is overdue, and goes on following the transaction', () => {
    const ts = scheduler()
    ts.run(({ expectObservable }) => {
      const events: VenueEventBody[] = []
      const wait = tx('waiting_for_approval')
      const answers = [...Array<CustodyTransaction>(6).fill(wait), tx('approved'), tx('completed')]
      const h = host(ts, answers, events)
      expectObservable(watchTransaction('t-1', h, { approvalTimeoutMs: 50 })).toBe(
        'a 49ms b 139ms c 9ms (d|)',
        {
          a: wait,
          b: { ...wait, approvalOverdue: true },
          c: tx('approved'),
          d: tx('completed'),
        },
      )
      ts.flush()
      expect(events).to.deep.equal([
        {
          type: 'custody-alert',
          transactionId: 't-1',
          reason: 'approval-timeout',
          venueState: 'waiting_for_approval',
        },
      ])
    })
  })

  it('takes pushed updates into the same stream, each state once whichever way it came', () => {
    const ts = scheduler()
    ts.run(({ cold, expectObservable }) => {
      const wait = tx('waiting_for_approval')
      const pushes = cold('15ms a 5ms b', { a: tx('approved'), b: tx('completed') })
      const h = host(ts, [wait, wait, tx('approved')], [], pushes)
      expectObservable(watchTransaction('t-1', h)).toBe('a 14ms b 5ms (c|)', {
        a: wait,
        b: tx('approved'),
        c: tx('completed'),
      })
    })
  })

  it('drops an update older than the last one seen, as a push and a poll may cross', () => {
    const ts = scheduler()
    ts.run(({ cold, expectObservable }) => {
      const at = (state: string, modified: string) =>
        tx(state, { modified_at: `1970-01-01T00:00:0${modified}.000Z` })
      // the poll at 0 already saw `approved` (modified at 2 s); a late push of `waiting` (1 s) is stale
      const pushes = cold('5ms a 10ms b', { a: at('waiting_for_approval', '1'), b: at('completed', '3') })
      const h = host(ts, [at('approved', '2')], [], pushes)
      expectObservable(watchTransaction('t-1', h)).toBe('a 15ms (b|)', {
        a: at('approved', '2'),
        b: at('completed', '3'),
      })
    })
  })

  it('keeps polling through retryable errors and ends on any other', () => {
    const ts = scheduler()
    ts.run(({ expectObservable }) => {
      const busy = new VenueError({ kind: 'temporary', venue: 'fordefi', message: '503' })
      const wait = tx('waiting_for_approval')
      expectObservable(watchTransaction('t-1', host(ts, [wait, busy, busy, tx('completed')], []))).toBe(
        'a 69ms (b|)',
        { a: wait, b: tx('completed') },
      )
      const gone = new VenueError({ kind: 'not-found', venue: 'fordefi', message: 'no such transaction' })
      expectObservable(watchTransaction('t-1', host(ts, [wait, gone], []))).toBe('a 9ms #', { a: wait }, gone)
    })
  })

  it('stops polling when unsubscribed', () => {
    const ts = scheduler()
    ts.run(({ expectObservable }) => {
      const wait = tx('waiting_for_approval')
      const h = host(ts, [wait], [], new Subject<CustodyTransaction>())
      expectObservable(watchTransaction('t-1', h), '^ 25ms !').toBe('a', { a: wait })
      ts.flush()
      expect(h.asked).to.deep.equal([0, 10])
    })
  })
})

import { expect } from 'chai'
import { map, retry, take, type Observable } from 'rxjs'
import { VenueError } from '../../lib/core/errors.js'
import type { UnifiedSymbol } from '../../lib/core/model.js'
import { createMockVenue, type MockBookStep, type MockVenue } from '../../lib/venues/mock/index.js'
import type { VenueEvent } from '../../lib/venues/contract/index.js'
import { changeText, d, LocalBook, testScheduler } from './support.js'

const T: UnifiedSymbol = 'TST/USD'
const TST = { symbol: T, tickSize: '1', lotSize: '1' }
const START: MockBookStep = { snapshot: true, bids: [['100', '1']], asks: [['101', '1']] }

/** A market whose step i (from 1) sets the bid at 99 to size i: one visible delta per step. */
function steppingVenue(): MockVenue {
  const steps: MockBookStep[] = [START]
  for (let i = 1; i <= 20; i++) steps.push({ bids: [['99', String(i)]] })
  return createMockVenue({ instruments: [TST], balances: { USD: '1000', TST: '10' }, script: { [T]: steps } })
}

/** Outcome of a synchronous request: `ok` or the error kind. */
function outcome(source: Observable<unknown>): string {
  let result = 'pending'
  source.subscribe({ next: () => (result = 'ok'), error: (e: VenueError) => (result = e.kind) })
  return result
}

const eventText = (e: VenueEvent): string => {
  switch (e.type) {
    case 'connected':
      return `connected ${e.channel}${e.reconnect ? ' again' : ''}`
    case 'disconnected':
      return `disconnected ${e.channel} (${e.reason})`
    case 'reconnecting':
      return `reconnecting ${e.channel} in ${e.delayMs}`
    case 'resync':
      return `resync ${e.symbol} (${e.reason})`
    case 'rate-limited':
      return `rate-limited ${e.retryAfterMs}`
    default:
      return e.type
  }
}

describe('mock venue: faults', () => {
  let mock: MockVenue
  afterEach(() => mock?.close())

  describe('failNext', () => {
    it('fails the next n requests with the given kind, then answers again', () => {
      mock = steppingVenue()
      mock.faults.failNext(2, 'temporary')
      const errors: VenueError[] = []
      for (let i = 0; i < 2; i++) mock.instruments().subscribe({ error: (e: VenueError) => errors.push(e) })
      expect(errors.map((e) => [e.kind, e.retryable, e.venue])).to.deep.equal([
        ['temporary', true, 'mock'],
        ['temporary', true, 'mock'],
      ])
      expect(outcome(mock.instruments())).to.equal('ok')
    })

    it('re-requests on every subscription, so retry recovers', () => {
      mock = steppingVenue()
      mock.faults.failNext(2, 'network')
      let names: string[] = []
      mock
        .instruments()
        .pipe(retry(2))
        .subscribe((list) => (names = list.map((i) => i.symbol)))
      expect(names).to.deep.equal([T])
    })

    it('targets one operation when asked, leaving the others alone', () => {
      mock = steppingVenue()
      const events: string[] = []
      mock.events$.subscribe((e) => events.push(eventText(e)))
      mock.faults.failNext(1, 'rate-limit', { operation: 'placeOrder' })
      expect(outcome(mock.trading.balances())).to.equal('ok')
      const order = { symbol: T, side: 'buy', type: 'limit', price: d('99'), quantity: d('1') } as const
      let error: VenueError | undefined
      mock.trading.placeOrder(order).subscribe({ error: (e: VenueError) => (error = e) })
      expect([error?.kind, error?.retryAfterMs]).to.deep.equal(['rate-limit', 1000])
      expect(events).to.deep.equal(['rate-limited 1000'])
      expect(mock.balance('USD').locked.toString()).to.equal('0')
      expect(outcome(mock.trading.placeOrder(order))).to.equal('ok')
    })

    it('throws a given VenueError as it is', () => {
      mock = steppingVenue()
      const custom = new VenueError({ kind: 'auth', message: 'key revoked', code: 10003 })
      mock.faults.failNext(1, custom, { operation: 'balances' })
      let seen: unknown
      mock.trading.balances().subscribe({ error: (e) => (seen = e) })
      expect(seen).to.equal(custom)
    })

    it('can carry a request out and lose only its answer, for reconciliation by client order id', () => {
      mock = steppingVenue()
      mock.faults.failNext(1, 'timeout', { operation: 'placeOrder', applied: true })
      const req = {
        symbol: T,
        side: 'buy',
        type: 'limit',
        price: d('99'),
        quantity: d('2'),
        clientOrderId: 'lost',
      } as const
      expect(outcome(mock.trading.placeOrder(req))).to.equal('timeout')
      let status: string | undefined
      mock.trading.getOrder({ symbol: T, clientOrderId: 'lost' }).subscribe((o) => (status = o.status))
      expect(status).to.equal('new')
      expect(mock.balance('USD').locked.toString()).to.equal('198')
      expect(outcome(mock.trading.placeOrder(req))).to.equal('invalid-request') // a blind resend is a duplicate
    })

    it('forgets pending failures and latency on reset', () => {
      mock = steppingVenue()
      mock.faults.failNext(3, 'temporary')
      mock.faults.latency(100)
      mock.faults.reset()
      expect(mock.faults.latencyMs).to.equal(0)
      expect(outcome(mock.instruments())).to.equal('ok')
      expect(() => mock.faults.failNext(0, 'temporary')).to.throw(VenueError)
      expect(() => mock.faults.latency(-1)).to.throw(VenueError)
    })
  })

  describe('latency', () => {
    it('answers requests later on the scheduler, and an unsubscribed request never arrives', () => {
      testScheduler().run(({ expectObservable, cold }) => {
        mock = steppingVenue()
        mock.faults.latency(250)
        expectObservable(mock.instruments().pipe(map((l) => l.length))).toBe('250ms (a|)', { a: 1 })
        const order = { symbol: T, side: 'buy', type: 'limit', price: d('99'), quantity: d('1') } as const
        expectObservable(mock.trading.placeOrder(order).pipe(map((o) => o.status)), '100ms ^').toBe(
          '350ms (n|)',
          {
            n: 'new',
          },
        )
        expectObservable(mock.trading.placeOrder({ ...order, clientOrderId: 'gone' }), '^ 100ms !').toBe('')
        cold('1s a').subscribe(() => {
          mock.faults.latency(0)
          expect(outcome(mock.trading.getOrder({ symbol: T, clientOrderId: 'gone' }))).to.equal('not-found')
        })
      })
    })
  })

  describe('disconnect', () => {
    it('goes quiet while down, reports it, and restarts the book with a fresh snapshot', () => {
      testScheduler().run(({ expectObservable, cold }) => {
        mock = steppingVenue()
        cold('250ms a').subscribe(() => mock.faults.disconnect({ downMs: 300 }))
        expectObservable(mock.events$.pipe(map(eventText))).toBe('a 249ms (bc) 296ms (de) 197ms f', {
          a: 'connected public',
          b: 'disconnected public (injected disconnect)',
          c: 'reconnecting public in 300',
          d: 'connected public again',
          e: 'resync TST/USD (reconnect)',
          f: 'disconnected public (idle)',
        })
        expectObservable(mock.bookChanges$(T).pipe(map(changeText)), '^ 750ms !').toBe(
          'a 99ms b 99ms c 349ms d 49ms e 99ms f',
          {
            a: 'S1 b[100:1] a[101:1]',
            b: 'D2 b[99:1] a[]',
            c: 'D3 b[99:2] a[]',
            d: 'S4 b[100:1 99:5] a[101:1]',
            e: 'D5 b[99:6] a[]',
            f: 'D6 b[99:7] a[]',
          },
        )
      })
    })

    it('reconnects at once without downtime, the snapshot matching the venue book', () => {
      testScheduler().run(() => {
        mock = createMockVenue({ seed: 5 })
        const local = new LocalBook()
        const snapshots: number[] = []
        const sub = mock.bookChanges$('BTC/USDT').subscribe((c) => {
          if (c.isSnapshot) snapshots.push(c.sequence ?? -1)
          local.apply(c)
        })
        mock.advance('BTC/USDT', 10)
        mock.faults.disconnect()
        mock.advance('BTC/USDT', 10)
        sub.unsubscribe()
        expect(snapshots).to.have.length(2)
        expect(local.levels('bids').map((l) => l.price.toString())).to.deep.equal(
          mock.book('BTC/USDT').bids.map((l) => l.price.toString()),
        )
      })
    })

    it('drops private updates while down; the order is still there to ask for', () => {
      testScheduler().run(({ cold }) => {
        mock = steppingVenue()
        const statuses: string[] = []
        const sub = mock.trading.orderUpdates$().subscribe((o) => statuses.push(o.status))
        mock.faults.disconnect({ downMs: 100 })
        const order = {
          symbol: T,
          side: 'buy',
          type: 'limit',
          price: d('99'),
          quantity: d('1'),
          clientOrderId: 'q',
        } as const
        expect(outcome(mock.trading.placeOrder(order))).to.equal('ok')
        cold('200ms a').subscribe(() => {
          expect(outcome(mock.trading.cancelOrder({ symbol: T, clientOrderId: 'q' }))).to.equal('ok')
          sub.unsubscribe()
        })
        cold('300ms a').subscribe(() => expect(statuses).to.deep.equal(['canceled']))
      })
    })
  })

  describe('gap', () => {
    it('skips one sequence number on the next change of the symbol', () => {
      testScheduler().run(({ expectObservable, cold }) => {
        mock = steppingVenue()
        cold('150ms a').subscribe(() => mock.faults.gap(T))
        expectObservable(
          mock.bookChanges$(T).pipe(
            take(4),
            map((c) => `${c.sequence}/${c.previousSequence ?? '-'}`),
          ),
        ).toBe('a 99ms b 99ms c 99ms (d|)', { a: '1/-', b: '2/1', c: '4/3', d: '5/4' })
      })
    })

    it('is caught by a consumer checking sequences', () => {
      testScheduler().run(() => {
        mock = steppingVenue()
        const local = new LocalBook()
        let failure: unknown
        const sub = mock.bookChanges$(T).subscribe((c) => {
          try {
            local.apply(c)
          } catch (e) {
            failure = e
          }
        })
        mock.advance(T)
        mock.faults.gap()
        mock.advance(T)
        sub.unsubscribe()
        expect(String(failure)).to.match(/consecutive sequence/)
      })
    })
  })
})

import { expect } from 'chai'
import { firstValueFrom, NEVER, of } from 'rxjs'
import { TestScheduler } from 'rxjs/testing'
import type { Order } from '../../../lib/core/model.js'
import { cancelPerSymbol } from '../../../lib/venues/kit/trading/cancel-per-symbol.js'

const order = (symbol: string, created: number) => ({ symbol, createdAt: new Date(created) }) as Order

describe('cancelPerSymbol', () => {
  it('cancels each symbol with open orders once, in turn, and hands the orders out oldest first', async () => {
    const canceled: string[] = []
    const got = await firstValueFrom(
      cancelPerSymbol(undefined, Number.MAX_SAFE_INTEGER, {
        venue: 'binance',
        scheduler: new TestScheduler(() => undefined),
        openOrders: () => of([order('BTC/USDT', 3), order('ETH/USDT', 1), order('BTC/USDT', 2)]),
        cancelSymbol: (symbol) => {
          canceled.push(symbol)
          return of(symbol === 'BTC/USDT' ? [order(symbol, 3), order(symbol, 2)] : [order(symbol, 1)])
        },
      }),
    )
    expect(canceled).to.deep.equal(['BTC/USDT', 'ETH/USDT'])
    expect(got.map((o) => o.createdAt.getTime())).to.deep.equal([1, 2, 3])
  })

  it('cancels the symbol given without asking for open orders', async () => {
    const got = await firstValueFrom(
      cancelPerSymbol('SOL/USDT', 0, {
        venue: 'binance',
        scheduler: new TestScheduler(() => undefined),
        openOrders: () => {
          throw new Error('not asked')
        },
        cancelSymbol: (symbol) => of([order(symbol, 1)]),
      }),
    )
    expect(got.map((o) => o.symbol)).to.deep.equal(['SOL/USDT'])
  })

  it('sends nothing when the open orders are not known by the deadline', () => {
    const scheduler = new TestScheduler(() => undefined)
    const canceled: string[] = []
    let error: unknown
    cancelPerSymbol(undefined, 0, {
      venue: 'binance',
      scheduler,
      openOrders: () => NEVER,
      cancelSymbol: (symbol) => {
        canceled.push(symbol)
        return of([])
      },
    }).subscribe({ error: (e: unknown) => (error = e) })
    scheduler.flush()
    expect(canceled).to.deep.equal([])
    expect(String(error)).to.match(/not sent within its deadline: still waiting for the open orders/)
  })
})

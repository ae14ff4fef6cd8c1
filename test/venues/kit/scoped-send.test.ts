import { expect } from 'chai'
import { firstValueFrom, of } from 'rxjs'
import * as t from 'io-ts'
import { scopedSend } from '../../../lib/venues/kit/trading/scoped-send.js'
import type { Call, SignedCall } from '../../../lib/venues/kit/trading/signed-call.js'

describe('kit: signed requests scoped to one account (scopedSend)', () => {
  const sent: [string, Call | undefined, number | undefined][] = []
  const send: SignedCall = (path, _codec, call, sendBy) => {
    sent.push([path, call, sendBy])
    return of(undefined) as never
  }
  const scoped = scopedSend(
    send,
    () => of('p-1'),
    (id) => `/v1/portfolios/${id}`,
    'portfolio_id',
  )

  beforeEach(() => (sent.length = 0))

  it("puts each path under the account's and names it in a POST body", async () => {
    await firstValueFrom(scoped('/order', t.unknown, { method: 'POST', body: { side: 'BUY' } }, 7))
    expect(sent).to.deep.equal([
      ['/v1/portfolios/p-1/order', { method: 'POST', body: { portfolio_id: 'p-1', side: 'BUY' } }, 7],
    ])
  })

  it('leaves a GET, a PUT and a POST without a body as they are', async () => {
    await firstValueFrom(scoped('/orders', t.unknown, { query: { limit: 1 } }))
    await firstValueFrom(scoped('/orders/1/edit', t.unknown, { method: 'PUT', body: { a: '1' } }))
    await firstValueFrom(scoped('/orders/1/cancel', t.unknown, { method: 'POST' }))
    expect(sent.map(([path, call]) => [path, call?.body])).to.deep.equal([
      ['/v1/portfolios/p-1/orders', undefined],
      ['/v1/portfolios/p-1/orders/1/edit', { a: '1' }],
      ['/v1/portfolios/p-1/orders/1/cancel', undefined],
    ])
  })
})

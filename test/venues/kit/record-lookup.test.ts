import { expect } from 'chai'
import { concat, firstValueFrom, Observable, of, throwError } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { recordLookupSteps, type FamilyRecord } from '../../../lib/venues/kit/trading/record-lookup.js'

type R = FamilyRecord & { readonly id: string }
const record = (id: string, product = 'BTC-USD', client?: string): R => ({
  id,
  product_id: product,
  client_order_id: client,
})
const run = async (step: (() => Observable<R | undefined>) | undefined): Promise<R | undefined> => {
  if (step === undefined) throw new Error('no such step')
  return firstValueFrom(step())
}

describe('kit: an order looked up by id, or by client order id in lists searched in turn', () => {
  const searched: string[] = []
  const steps = recordLookupSteps<R>({
    venue: 'prime',
    notFound: ['NO_SUCH_ORDER'],
    byId: (id) =>
      id === 'gone'
        ? throwError(
            () =>
              new VenueError({
                kind: 'invalid-request',
                venue: 'prime',
                code: 'NO_SUCH_ORDER',
                message: 'x',
              }),
          )
        : id === 'bad'
          ? throwError(() => new VenueError({ kind: 'temporary', venue: 'prime', message: 'down' }))
          : of(record(id, id === 'eth' ? 'ETH-USD' : 'BTC-USD')),
    searches: (product) => [
      new Observable<R>((s) => {
        searched.push(`open ${product}`)
        s.next(record('o-1', product, 'a'))
        s.complete()
      }),
      concat(of(record('o-2', product, 'b')), of(record('o-3', product, 'c'))),
    ],
  })

  it('takes the order of the id, unless it is another product’s; not found as nothing, other errors as they are', async () => {
    expect((await run(steps('BTC-USD', { symbol: 'BTC/USD', id: 'o-9' })[0]))?.id).to.equal('o-9')
    expect(await run(steps('BTC-USD', { symbol: 'BTC/USD', id: 'eth' })[0])).to.equal(undefined)
    expect(await run(steps('BTC-USD', { symbol: 'BTC/USD', id: 'gone' })[0])).to.equal(undefined)
    const failed = await run(steps('BTC-USD', { symbol: 'BTC/USD', id: 'bad' })[0]).catch((e: unknown) => e)
    expect(failed).to.be.instanceOf(VenueError).and.include({ kind: 'temporary' })
  })

  it('searches each list for the client order id, one step a list', async () => {
    const bySearch = steps('BTC-USD', { symbol: 'BTC/USD', clientOrderId: 'c' })
    expect(bySearch).to.have.length(2)
    expect(await run(bySearch[0])).to.equal(undefined)
    expect((await run(bySearch[1]))?.id).to.equal('o-3')
    expect(searched).to.deep.equal(['open BTC-USD'])
  })
})

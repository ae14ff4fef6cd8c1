import { expect } from 'chai'
import { defer, firstValueFrom, Subject, throwError, type Observable } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { soleAccount } from '../../../lib/venues/kit/sole-account.js'

type Accounts = readonly { readonly id: string; readonly name?: string }[]

const failure = async (o: Observable<unknown>): Promise<VenueError> => {
  try {
    await firstValueFrom(o)
  } catch (e) {
    return e as VenueError
  }
  throw new Error('expected a failure')
}

describe('kit: the one account a key reads (soleAccount)', () => {
  const options = (list: () => Observable<Accounts>, given?: string) =>
    soleAccount({ venue: 'prime', noun: 'portfolio', option: 'portfolioId', given, list })

  it('takes the given id without asking', async () => {
    const account = options(() => throwError(() => new Error('asked')), 'p-given')
    expect(await firstValueFrom(account())).to.equal('p-given')
  })

  it("asks once for the key's only account; callers meanwhile join the request in flight", async () => {
    let asked = 0
    const answer = new Subject<Accounts>()
    const account = options(() =>
      defer(() => {
        asked++
        return answer
      }),
    )
    const first = firstValueFrom(account())
    const second = firstValueFrom(account())
    answer.next([{ id: 'p-1', name: 'Main' }])
    expect([await first, await second]).to.deep.equal(['p-1', 'p-1'])
    expect(await firstValueFrom(account())).to.equal('p-1')
    expect(asked).to.equal(1)
  })

  it('refuses none or several with invalid-request naming them, and asks again next time', async () => {
    let answers: Accounts[] = [[], [{ id: 'a', name: 'A' }, { id: 'b' }], [{ id: 'c' }]]
    const account = options(() => {
      const [next, ...rest] = answers
      answers = rest
      const s = new Subject<Accounts>()
      queueMicrotask(() => s.next(next ?? []))
      return s
    })
    const none = await failure(account())
    expect([none.kind, none.message]).to.deep.equal(['invalid-request', 'the prime key reads no portfolio'])
    const several = await failure(account())
    expect(several.message).to.equal(
      'the prime key reads 2 portfolios; choose one with portfolioId: a (A), b ()',
    )
    expect(await firstValueFrom(account())).to.equal('c')
  })

  it('fails with what list throws (a call without a key)', async () => {
    const refusal = new VenueError({ kind: 'auth', venue: 'prime', message: 'no key' })
    const account = options(() => {
      throw refusal
    })
    expect(await failure(account())).to.equal(refusal)
  })
})

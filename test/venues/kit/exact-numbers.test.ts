import { expect } from 'chai'
import { firstValueFrom, from, of } from 'rxjs'
import type { HttpResponse, HttpTransport } from '../../../lib/transport/http.js'
import { exactNumbers, quoteJsonNumbers } from '../../../lib/venues/kit/exact-numbers.js'

const answer = (body: string): HttpResponse => ({ status: 200, headers: {}, body })
const request = { method: 'GET' as const, url: 'http://x/v1/pairs', headers: {} }

describe('kit: answers read with their JSON numbers exact (exactNumbers)', () => {
  it('quotes every number outside a string as its own text, whatever its form', () => {
    const text = '{"p":0.10000000000000000555,"list":[1,-2.5e3,7E+2],"s":"4","n":null,"t":true}'
    expect(JSON.parse(quoteJsonNumbers(text))).to.deep.equal({
      p: '0.10000000000000000555',
      list: ['1', '-2.5e3', '7E+2'],
      s: '4',
      n: null,
      t: true,
    })
  })

  it('leaves digits inside strings alone, escaped quotes and backslashes included', () => {
    const text = ' [{"a":"x\\"9","b":"c:\\\\","c":12}]'
    expect(quoteJsonNumbers(text)).to.equal(' [{"a":"x\\"9","b":"c:\\\\","c":"12"}]')
  })

  it('returns text that is not a JSON object or array as it is', () => {
    expect(quoteJsonNumbers('502 Bad Gateway')).to.equal('502 Bad Gateway')
    expect(quoteJsonNumbers('12.5')).to.equal('12.5')
    expect(quoteJsonNumbers('')).to.equal('')
  })

  it('passes each answer of the inner transport through, a promise or an observable', async () => {
    const inners: HttpTransport[] = [
      { request: () => Promise.resolve(answer('{"price":12650.000000000000000001}')) },
      { request: () => from([answer('{"price":12650.000000000000000001}')]) },
    ]
    for (const inner of inners) {
      const response = await firstValueFrom(
        from(exactNumbers(inner).request(request, new AbortController().signal)),
      )
      expect(response.body).to.equal('{"price":"12650.000000000000000001"}')
    }
  })

  it('hands the request and its signal to the inner transport as they are', async () => {
    const seen: unknown[] = []
    const inner: HttpTransport = {
      request: (r, signal) => {
        seen.push(r, signal)
        return of(answer('{}'))
      },
    }
    const signal = new AbortController().signal
    await firstValueFrom(from(exactNumbers(inner).request(request, signal)))
    expect(seen[0]).to.equal(request)
    expect(seen[1]).to.equal(signal)
  })

  it('closes the inner transport, and closes at once one that has no close', async () => {
    let closed = 0
    const inner: HttpTransport = {
      request: () => of(answer('{}')),
      close: () => Promise.resolve(void closed++),
    }
    await exactNumbers(inner).close?.()
    expect(closed).to.equal(1)
    await exactNumbers({ request: () => of(answer('{}')) }).close?.()
  })
})

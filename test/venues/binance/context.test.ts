import { generateKeyPairSync } from 'node:crypto'
import { expect } from 'chai'
import { firstValueFrom } from 'rxjs'
import * as t from 'io-ts'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { HttpRequest, HttpResponse, HttpTransport } from '../../../lib/transport/http.js'
import { createBinanceContext } from '../../../lib/venues/binance/context.js'

/** Answers the time, and refuses every other request echoing its signature, as a bad one is. */
class EchoingTransport implements HttpTransport {
  readonly signatures: string[] = []
  request(request: HttpRequest): Promise<HttpResponse> {
    const url = new URL(request.url)
    if (url.pathname === '/api/v3/time') {
      return Promise.resolve({ status: 200, headers: {}, body: JSON.stringify({ serverTime: Date.now() }) })
    }
    const signature = url.searchParams.get('signature') ?? ''
    this.signatures.push(signature)
    const body = JSON.stringify({ code: -1022, msg: `Signature ${signature} is not valid.` })
    return Promise.resolve({ status: 400, headers: {}, body })
  }
}

describe('createBinanceContext', () => {
  it('signs with an Ed25519 private key alone, and scrubs each signature it makes from errors', async () => {
    const { privateKey } = generateKeyPairSync('ed25519')
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const transport = new EchoingTransport()
    const ctx = createBinanceContext({
      apiKey: 'key-1',
      privateKey: pem,
      restUrl: 'http://127.0.0.1:1',
      transport,
      logger: silentLogger,
    })
    const rest = ctx.privateRest
    expect(rest).to.not.equal(undefined)
    const error = await firstValueFrom(
      rest!.request$({ path: '/api/v3/account', codec: t.unknown, cost: 1 }),
    ).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).to.be.instanceOf(VenueError)
    const [signature] = transport.signatures
    expect(signature).to.have.length.above(40)
    expect((error as VenueError).message).to.not.include(signature)
    // a log line or a cause holds what an error message's own redaction would not recognize
    expect([...ctx.secrets]).to.include.members([pem, signature])
    await ctx.close?.()
  })
})

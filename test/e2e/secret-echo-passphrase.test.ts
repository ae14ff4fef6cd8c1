/**
 * A venue that echoes every request's headers into its refusal, driven far past the number of
 * signatures a driver remembers: the passphrase (and Prime's service account id) is a credential for as
 * long as the client lives, so no error or log line shows it, or any part of it, however many calls
 * came before.
 */
import { expect } from 'chai'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { inspect } from 'node:util'
import { lastValueFrom } from 'rxjs'
import { createClient, createLogger, type Client, type LogFields } from '../../index.js'
import { REMEMBERED_SIGNATURES } from '../../lib/core/secret-list.js'

const KEY = 'PkEy7Qm2Lp9Vt4Rw8NyZ3'
// base64, as FalconX issues secrets (Prime uses the text as it is)
const SECRET = 'c2VjcmV0LWZvci1lY2hvLXRlc3RzLTQ4MjE5Mw=='
const PASSPHRASE = 'pass-Vt4Rw8Ny-phrase'
const SERVICE_ACCOUNT = 'svc-account-5d2e7f'

/** Refuses every request with 401 and the request's headers, query and body in the answer. */
async function echoingVenue(): Promise<{ server: Server; url: string; requests: () => number }> {
  let requests = 0
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      requests += 1
      const echo = { url: req.url, headers: req.headers, body }
      // the credential headers' values first and unnamed (so only the values can give them away),
      // within the part of the answer an error shows
      const access = Object.entries(req.headers).flatMap(([name, v]) => (name.includes('access') ? [v] : []))
      res.writeHead(401, { 'content-type': 'application/json', date: new Date().toUTCString() })
      res.end(JSON.stringify({ message: `unauthorized: ${access.join(' ')}`, error: echo }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { server, url, requests: () => requests }
}

describe('a passphrase stays hidden after any number of signed calls to a venue that echoes them (e2e)', function () {
  this.timeout(60_000)
  const CALLS = REMEMBERED_SIGNATURES + 16

  for (const venue of ['prime', 'falconx'] as const) {
    it(`${venue}: ${CALLS} refused calls, the passphrase in none of their errors or log lines`, async () => {
      const { server, url, requests } = await echoingVenue()
      const logged: string[] = []
      const capture = (m: string, f: LogFields | undefined): void => {
        logged.push(`${m} ${f === undefined ? '' : `${JSON.stringify(f)} ${inspect(f, { depth: 10 })}`}`)
      }
      const logger = createLogger({
        level: 'trace',
        sink: { trace: capture, debug: capture, info: capture, warn: capture, error: capture },
      })
      const credentials = { restUrl: url, apiKey: KEY, secret: SECRET, passphrase: PASSPHRASE }
      const client: Client = createClient({
        logger,
        venues:
          venue === 'prime'
            ? { prime: { ...credentials, serviceAccountId: SERVICE_ACCOUNT, portfolioId: 'portfolio-1' } }
            : { falconx: credentials },
      })
      const shown: string[] = []
      try {
        for (let i = 0; i < CALLS; i++) {
          const error = await lastValueFrom(client.account(venue).balances()).then(
            () => expect.fail('a venue that refuses everything answered'),
            (e: unknown) => e,
          )
          shown.push(String(error), inspect(error, { depth: 10 }), JSON.stringify(error))
        }
      } finally {
        await client.close()
        await new Promise<void>((resolve) => server.close(() => resolve()))
      }
      expect(requests(), 'every call reached the venue').to.be.at.least(CALLS)
      // the echo did come back: the refusal shows the credential headers the venue echoed, scrubbed
      expect(shown.at(-3)).to.match(/unauthorized: .*\[redacted\]/)
      const everything = [...shown, ...logged].join('\n')
      // not even a part of one: an error's message is cut to 200 characters, never through a secret
      for (const secret of [PASSPHRASE, SECRET, KEY, ...(venue === 'prime' ? [SERVICE_ACCOUNT] : [])]) {
        expect(everything.includes(secret.slice(0, 8)), `${secret} shown`).to.equal(false)
      }
    })
  }
})

import { expect } from 'chai'
import { runExample } from '../examples/run-example.js'

/** Runs log-env-program.ts with `RXVENUE_LOG` as given (unset when undefined); its output and credentials. */
async function run(spec: string | undefined) {
  const env = { ...process.env }
  delete env.RXVENUE_LOG
  if (spec !== undefined) env.RXVENUE_LOG = spec
  const { code, stdout, stderr } = await runExample(['test/e2e/log-env-program.ts'], { env })
  expect(code, stderr).to.equal(0)
  const all = stdout + stderr
  const [, apiKey = '?', secret = '?'] = /^credentials (\S+) (\S+)$/m.exec(all) ?? []
  const log = all.replace(/^credentials .*$/m, '')
  return { log, apiKey, secret }
}

describe('RXVENUE_LOG', function () {
  this.timeout(90_000)

  it('=debug logs every request, signed ones redacted, and the reconnect at info', async () => {
    const { log, apiKey, secret } = await run('debug')
    expect(log).to.match(/\[rxvenue:bybit:rest\] GET http:\/\/127\.0\.0\.1:\d+\/v5\/market\/instruments-info/)
    expect(log).to.match(/\[rxvenue:bybit:rest\] POST http:\/\/127\.0\.0\.1:\d+\/v5\/order\/create/)
    expect(log).to.match(/\[rxvenue:bybit:rest\] 200 POST .*\/v5\/order\/create in \d+ ms/)
    expect(log).to.contain("'x-bapi-sign': '[redacted]'").and.contain("'x-bapi-api-key': '[redacted]'")
    expect(log).to.match(/\[rxvenue:bybit\] public reconnected/)
    // neither the key, nor the secret, nor any HMAC-SHA256 signature (64 hex digits)
    expect(apiKey).to.match(/^simKey/)
    expect(log).to.not.contain(apiKey).and.not.contain(secret)
    expect(log).to.not.match(/[0-9a-f]{64}/i)
  })

  it('per logger: bybit:info shows connection changes but no requests', async () => {
    const { log } = await run('bybit:info')
    expect(log).to.match(/\[rxvenue:bybit\] public connected/)
    expect(log).to.match(/\[rxvenue:bybit\] public disconnected/)
    expect(log).to.match(/\[rxvenue:bybit\] public reconnecting in \d+ ms \(attempt 1\)/)
    expect(log).to.match(/\[rxvenue:bybit\] public reconnected/)
    expect(log).to.not.contain('[rxvenue:bybit:rest]')
  })

  it('unset: the library stays quiet below warn', async () => {
    const { log } = await run(undefined)
    expect(log).to.not.contain('reconnected').and.not.contain('[rxvenue:bybit:rest]')
  })
})

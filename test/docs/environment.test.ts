import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { defaultClientOptions } from '../../streams/default-client.js'
import { VENUE_MODULES } from '../../lib/venues/registry.js'

/** The README's Environment section. */
const section = (() => {
  const readme = readFileSync('README.md', 'utf8')
  const start = readme.indexOf('## Environment')
  return readme.slice(start, readme.indexOf('\n## ', start + 1))
})()
const listed = new Set(section.match(/RXVENUE_[A-Z_]+/g))

/** Every venue's variables that mean something: the common ones, less those a venue has no use for. */
function readByTheCode(): string[] {
  const suffixes = [
    'REST_URL',
    'WS_URL',
    'PRIVATE_WS_URL',
    'WS_API_URL',
    'TESTNET',
    'DEMO',
    'API_KEY',
    'SECRET',
    'PASSPHRASE',
    'SERVICE_ACCOUNT_ID',
    'PORTFOLIO_ID',
  ]
  // read, but without effect: no test network, no WebSocket
  const pointless = new Set([
    'RXVENUE_COINBASE_TESTNET',
    'RXVENUE_PRIME_TESTNET',
    'RXVENUE_FALCONX_TESTNET',
    'RXVENUE_FORDEFI_TESTNET',
    'RXVENUE_FALCONX_WS_URL',
    'RXVENUE_FORDEFI_WS_URL',
  ])
  const out: string[] = []
  for (const m of VENUE_MODULES) {
    for (const suffix of suffixes) {
      const name = `RXVENUE_${m.id.toUpperCase()}_${suffix}`
      let read = true
      try {
        read = m.fromEnv({ [name]: 'x' }) !== undefined
      } catch {
        read = false
      }
      if (read && !pointless.has(name)) out.push(name)
    }
  }
  return out
}

describe('README environment variables', () => {
  it('lists every variable a venue reads, and the client-wide ones', () => {
    const read = readByTheCode()
    expect(read).to.include.members(['RXVENUE_PRIME_PASSPHRASE', 'RXVENUE_FORDEFI_API_KEY'])
    const missing = [...read, 'RXVENUE_CONNECT_TIMEOUT_MS', 'RXVENUE_LOG'].filter((v) => !listed.has(v))
    expect(missing).to.deep.equal([])
  })

  it('lists no variable the default client refuses (but the misspelt example)', () => {
    for (const name of listed) {
      if (name === 'RXVENUE_BYBIT_APIKEY' || name === 'RXVENUE_LOG') continue
      const value = /TESTNET|DEMO/.test(name) ? '1' : /TIMEOUT/.test(name) ? '1000' : 'x'
      expect(() => defaultClientOptions({ [name]: value }), name).to.not.throw()
    }
  })
})

import { inspect } from 'node:util'
import { expect } from 'chai'
import {
  DecodeError,
  ERROR_KINDS,
  type ErrorKind,
  isErrorKind,
  isVenueError,
  RETRYABLE_BY_DEFAULT,
  toVenueError,
  VenueError,
} from '../../lib/core/errors.js'

// Written out from the documented taxonomy, not read from the implementation.
const RETRYABLE: ErrorKind[] = ['rate-limit', 'clock-skew', 'temporary', 'network', 'timeout']
const ALL: ErrorKind[] = [
  'rate-limit',
  'auth',
  'invalid-request',
  'insufficient-funds',
  'not-found',
  'clock-skew',
  'temporary',
  'network',
  'timeout',
  'decode',
  'circuit-open',
  'risk-rejected',
  'expired',
]

describe('errors', () => {
  describe('VenueError', () => {
    it('knows exactly the documented kinds', () => {
      expect([...ERROR_KINDS]).to.deep.equal(ALL)
      expect(Object.keys(RETRYABLE_BY_DEFAULT).sort()).to.deep.equal([...ALL].sort())
    })

    for (const kind of ALL) {
      it(`${kind}: retryable by default = ${RETRYABLE.includes(kind)}`, () => {
        const e = new VenueError({ kind, message: 'm' })
        expect(e.kind).to.equal(kind)
        expect(e.retryable).to.equal(RETRYABLE.includes(kind))
        expect(e).to.be.instanceOf(Error)
        expect(isVenueError(e)).to.equal(true)
        expect(isErrorKind(e, kind)).to.equal(true)
        expect(isErrorKind(e, kind === 'auth' ? 'decode' : 'auth')).to.equal(false)
      })
    }

    it('lets the caller override retryable both ways', () => {
      expect(new VenueError({ kind: 'auth', message: 'm', retryable: true }).retryable).to.equal(true)
      expect(new VenueError({ kind: 'network', message: 'm', retryable: false }).retryable).to.equal(false)
    })

    it('keeps venue, code, status and retryAfterMs', () => {
      const e = new VenueError({
        kind: 'rate-limit',
        message: 'too many requests',
        venue: 'binance',
        code: -1003,
        status: 429,
        retryAfterMs: 1500,
      })
      expect([e.venue, e.code, e.status, e.retryAfterMs]).to.deep.equal(['binance', -1003, 429, 1500])
      expect(new VenueError({ kind: 'rate-limit', message: 'x' }).retryAfterMs).to.equal(undefined)
    })

    it('toString names kind, venue and code', () => {
      expect(
        new VenueError({ kind: 'auth', message: 'invalid api key', venue: 'bybit', code: 10003 }).toString(),
      ).to.equal('VenueError(auth) [bybit 10003]: invalid api key')
      expect(new VenueError({ kind: 'auth', message: 'x', venue: 'bybit' }).toString()).to.equal(
        'VenueError(auth) [bybit]: x',
      )
      expect(new VenueError({ kind: 'timeout', message: 'x' }).toString()).to.equal('VenueError(timeout): x')
    })

    it('scrubs the cause: a copy of the same class without the secrets, the cause itself when clean', () => {
      const secret = 'Zx81-very-secret-value'
      const inner = Object.assign(new TypeError(`socket said ${secret}`), {
        code: 'E_ECHO',
        body: `x=${secret}`,
      })
      const cause = new SyntaxError(`raw response echoing ${secret}`, { cause: inner })
      const e = new VenueError({ kind: 'auth', message: 'refused', cause, secrets: [secret] })
      expect(e.cause).to.be.instanceOf(SyntaxError)
      expect(e.cause).not.to.equal(cause)
      const scrubbed = e.cause as SyntaxError & { cause: TypeError & { code: string; body: string } }
      expect(scrubbed.message).to.equal('raw response echoing [redacted]')
      expect(scrubbed.stack).to.match(/^SyntaxError: raw response echoing \[redacted\]\n\s+at /)
      expect(scrubbed.cause).to.be.instanceOf(TypeError)
      expect(scrubbed.cause.code).to.equal('E_ECHO')
      expect(scrubbed.cause.body).to.equal('x=[redacted]')
      expect(inspect(e, { depth: 10 })).not.to.include(secret)
      // the original is left as it was
      expect(cause.message).to.include(secret)

      const host = new VenueError({
        kind: 'network',
        message: 'aborted',
        cause: new DOMException(`aborted for ${secret}`, 'AbortError'),
        secrets: [secret],
      })
      expect(host.cause).to.include({ name: 'AbortError', message: 'aborted for [redacted]' })
      expect(inspect(host, { depth: 10 })).not.to.include(secret)

      const clean = new Error('connection reset')
      expect(
        new VenueError({ kind: 'network', message: 'reset', cause: clean, secrets: [secret] }).cause,
      ).to.equal(clean)
      expect(new VenueError({ kind: 'network', message: 'x', cause: { body: secret } }).cause).to.deep.equal({
        body: secret,
      })
      expect(
        new VenueError({ kind: 'network', message: 'x', cause: { body: secret }, secrets: [secret] }).cause,
      ).to.deep.equal({ body: '[redacted]' })
    })

    it('toJSON has no cause and no secrets', () => {
      const secret = 'Zx81-very-secret-value'
      const cause = new Error(`raw response echoing ${secret}`)
      const e = new VenueError({
        kind: 'auth',
        message: `rejected GET /v5/account?apiKey=AK123&sign=deadbeef with secret ${secret}`,
        venue: 'bybit',
        cause,
        secrets: [secret],
      })
      const json = e.toJSON()
      expect(json).not.to.have.property('cause')
      expect(json.message).to.equal(
        'rejected GET /v5/account?apiKey=[redacted]&sign=[redacted] with secret [redacted]',
      )
      const text = JSON.stringify(e) + e.toString() + e.message
      for (const leak of [secret, 'AK123', 'deadbeef']) expect(text).not.to.include(leak)
      expect(json).to.deep.equal({
        name: 'VenueError',
        kind: 'auth',
        message: e.message,
        venue: 'bybit',
        code: undefined,
        status: undefined,
        retryable: false,
        retryAfterMs: undefined,
      })
    })
  })

  describe('DecodeError', () => {
    it('is a non-retryable decode VenueError that lists up to three paths in its message', () => {
      const e = new DecodeError({
        context: 'bybit orderbook.50.BTCUSDT',
        venue: 'bybit',
        paths: [
          'a: expected x, got 1',
          'b: expected x, got 2',
          'c: expected x, got 3',
          'd: expected x, got 4',
        ],
        raw: '{}',
      })
      expect(e).to.be.instanceOf(VenueError)
      expect([e.kind, e.retryable, e.name, e.venue]).to.deep.equal(['decode', false, 'DecodeError', 'bybit'])
      expect(e.message).to.equal(
        'cannot decode bybit orderbook.50.BTCUSDT: a: expected x, got 1; b: expected x, got 2; c: expected x, got 3 (+1 more)',
      )
      expect(e.paths).to.have.length(4)
      expect(e.toString()).to.match(/^DecodeError\(decode\) \[bybit\]: cannot decode/)
    })

    it('stringifies a parsed raw payload', () => {
      const e = new DecodeError({ context: 'c', paths: [], raw: { a: [1, '2'] } })
      expect(e.raw).to.equal('{"a":[1,"2"]}')
      expect(new DecodeError({ context: 'c', paths: [], raw: undefined }).raw).to.equal('undefined')
    })

    it('truncates raw to MAX_RAW characters and says how long it was', () => {
      const raw = 'x'.repeat(DecodeError.MAX_RAW + 500)
      const e = new DecodeError({ context: 'c', paths: [], raw })
      expect(e.raw.startsWith('x'.repeat(DecodeError.MAX_RAW))).to.equal(true)
      expect(e.raw.slice(DecodeError.MAX_RAW)).to.equal(`…(${raw.length} chars)`)
      const exact = 'y'.repeat(DecodeError.MAX_RAW)
      expect(new DecodeError({ context: 'c', paths: [], raw: exact }).raw).to.equal(exact)
    })

    it('redacts raw, even when the truncation would cut through a secret', () => {
      const secret = 's'.repeat(100)
      const raw = `{"pad":"${'p'.repeat(DecodeError.MAX_RAW - 60)}","apiKey":"${secret}","sign":"abc"}`
      const e = new DecodeError({ context: 'c', paths: [], raw })
      expect(e.raw).not.to.include('sssss')
      expect(e.raw).to.include('"apiKey":"[redacted]"')
      const json = e.toJSON()
      expect(json).to.include({ context: 'c', raw: e.raw })
      expect(json).not.to.have.property('cause')
    })

    it('scrubs the given secrets from raw, paths, message and cause', () => {
      const key = 'AKey-echoed-4711'
      const raw = `<html>bad gateway for ${key}</html>`
      const e = new DecodeError({
        context: 'bybit GET /v5/order/realtime',
        paths: [
          `(root): invalid JSON (Unexpected token '<', "${key}")`,
          `retMsg: expected string, got "${key}"`,
        ],
        raw,
        cause: new SyntaxError(`Unexpected token in ${key}`),
        secrets: [key],
      })
      const seen = [e.message, e.raw, ...e.paths, JSON.stringify(e), inspect(e, { depth: 10 })].join('\n')
      expect(seen).not.to.include(key)
      expect(e.raw).to.equal('<html>bad gateway for [redacted]</html>')
      expect(e.paths[1]).to.equal('retMsg: expected string, got "[redacted]"')
    })
  })

  describe('across two copies of the package (ESM and CommonJS builds)', () => {
    // a second instance of the module, as a program that loads both builds has
    type Errors = typeof import('../../lib/core/errors.js')
    const copyUrl = new URL('../../lib/core/errors.ts?copy', import.meta.url).href
    const other = () => import(copyUrl) as Promise<Errors>

    it('instanceof and isVenueError hold for an error of the other copy, both ways', async () => {
      const copy = await other()
      expect(copy.VenueError).not.to.equal(VenueError)
      const theirs = new copy.VenueError({ kind: 'auth', message: 'no' })
      const ours = new VenueError({ kind: 'auth', message: 'no' })
      expect(theirs instanceof VenueError).to.equal(true)
      expect(isVenueError(theirs)).to.equal(true)
      expect(isErrorKind(theirs, 'auth')).to.equal(true)
      expect(copy.isVenueError(ours)).to.equal(true)
      expect(toVenueError(theirs)).to.equal(theirs)
    })

    it('subclasses match by class: a DecodeError is one, a plain VenueError is not', async () => {
      const copy = await other()
      const decode = new copy.DecodeError({ context: 'x', paths: [], raw: '' })
      expect(decode instanceof DecodeError).to.equal(true)
      expect(decode instanceof VenueError).to.equal(true)
      expect(new copy.VenueError({ kind: 'auth', message: 'no' }) instanceof DecodeError).to.equal(false)
      expect(new Error('x') instanceof VenueError).to.equal(false)
      expect({ name: 'VenueError' } instanceof VenueError).to.equal(false)
    })
  })

  describe('toVenueError', () => {
    it('passes a VenueError through unchanged', () => {
      const e = new VenueError({ kind: 'auth', message: 'x' })
      expect(toVenueError(e, { kind: 'timeout' })).to.equal(e)
    })

    it('wraps anything else as network by default, keeping the cause', () => {
      const cause = new TypeError('fetch failed')
      const e = toVenueError(cause)
      expect([e.kind, e.message, e.retryable]).to.deep.equal(['network', 'fetch failed', true])
      expect(e.cause).to.equal(cause)
      expect(toVenueError('boom').message).to.equal('boom')
    })

    it('takes kind, message and venue from the fallback', () => {
      const e = toVenueError(new Error('socket hang up'), {
        kind: 'timeout',
        venue: 'coinbase',
        message: 'no answer',
      })
      expect([e.kind, e.venue, e.message]).to.deep.equal(['timeout', 'coinbase', 'no answer'])
    })

    it('redacts the wrapped message', () => {
      const e = toVenueError(new Error('GET /x?signature=abcdef failed'), { secrets: [] })
      expect(e.message).to.equal('GET /x?signature=[redacted] failed')
    })
  })
})

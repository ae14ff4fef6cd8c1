import { expect } from 'chai'
import loglevel from 'loglevel'
import sinon from 'sinon'
import {
  createLogger,
  getLogger,
  type LogFields,
  type LogSink,
  silentLogger,
} from '../../lib/core/logging.js'

type Line = { method: string; message: string; fields: LogFields | undefined }

function recordingSink(): { sink: LogSink; lines: Line[] } {
  const lines: Line[] = []
  const method =
    (name: string) =>
    (message: string, fields?: LogFields): void => {
      lines.push({ method: name, message, fields })
    }
  return {
    lines,
    sink: {
      trace: method('trace'),
      debug: method('debug'),
      info: method('info'),
      warn: method('warn'),
      error: method('error'),
    },
  }
}

// Replaces the console output of one loglevel named logger with a recorder.
function captureLoglevel(name: string): Array<{ method: string; args: unknown[] }> {
  const backend = loglevel.getLogger(name)
  const calls: Array<{ method: string; args: unknown[] }> = []
  backend.methodFactory =
    (method) =>
    (...args: unknown[]) => {
      calls.push({ method, args })
    }
  backend.rebuild()
  return calls
}

let unique = 0
const freshName = (): string => `test-logging:${process.pid}:${++unique}`

const SECRET = 'k9QzVb7TnA2mXc4R'
const KEY = 'AKIA-live-0123456789'

describe('logging', () => {
  describe('redaction (sink)', () => {
    const setup = () => {
      const { sink, lines } = recordingSink()
      const log = createLogger({ name: 'rxvenue:bybit', sink, level: 'trace', secrets: [SECRET, KEY] })
      return { log, lines }
    }

    it('scrubs secret query parameters in the message', () => {
      const { log, lines } = setup()
      log.info('GET /api/v3/order?symbol=BTCUSDT&apiKey=abc123&timestamp=1&signature=9f86d081884c7d65')
      expect(lines[0]?.message).to.equal(
        'GET /api/v3/order?symbol=BTCUSDT&apiKey=[redacted]&timestamp=1&signature=[redacted]',
      )
    })

    it('scrubs secret fields in JSON text and bearer tokens', () => {
      const { log, lines } = setup()
      log.warn('body {"passphrase":"hunter22","size":"1"} auth Bearer eyJhbGciOiJFUzI1NiJ9.e30.sig')
      expect(lines[0]?.message).to.equal('body {"passphrase":"[redacted]","size":"1"} auth Bearer [redacted]')
    })

    it('scrubs registered secret values anywhere in message and fields', () => {
      const { log, lines } = setup()
      log.error(`signing with ${SECRET} failed`, {
        note: `key=${KEY}!`,
        list: ['ok', SECRET],
        deep: { a: { b: { c: `x${SECRET}x` } } },
      })
      const line = lines[0]
      expect(line?.message).to.equal('signing with [redacted] failed')
      expect(line?.fields).to.deep.equal({
        logger: 'rxvenue:bybit',
        note: 'key=[redacted]!',
        list: ['ok', '[redacted]'],
        deep: { a: { b: { c: 'x[redacted]x' } } },
      })
      expect(JSON.stringify(lines)).not.to.include(SECRET).and.not.to.include(KEY)
    })

    it('replaces secret-named fields in nested objects and header objects', () => {
      const { log, lines } = setup()
      log.debug('request', {
        request: {
          url: 'https://api.bybit.com/v5/order/create',
          headers: {
            'X-BAPI-API-KEY': 'publicish-key',
            'X-BAPI-SIGN': 'abcdef0123',
            'X-BAPI-TIMESTAMP': '1700000000000',
          },
          body: { apiSecret: 'shh', passphrase: 'pp', symbol: 'BTCUSDT' },
        },
      })
      expect(lines[0]?.fields).to.deep.equal({
        logger: 'rxvenue:bybit',
        request: {
          url: 'https://api.bybit.com/v5/order/create',
          headers: {
            'X-BAPI-API-KEY': '[redacted]',
            'X-BAPI-SIGN': '[redacted]',
            'X-BAPI-TIMESTAMP': '1700000000000',
          },
          body: { apiSecret: '[redacted]', passphrase: '[redacted]', symbol: 'BTCUSDT' },
        },
      })
    })

    it('redacts a Headers instance and an error message in fields', () => {
      const { log, lines } = setup()
      const headers = new Headers({ 'CB-ACCESS-SIGN': 'sig', 'CB-ACCESS-PASSPHRASE': 'pp', accept: 'json' })
      log.warn('failed', { headers, error: new Error(`bad signature for ${KEY}`) })
      expect(lines[0]?.fields).to.deep.equal({
        logger: 'rxvenue:bybit',
        headers: { 'cb-access-sign': '[redacted]', 'cb-access-passphrase': '[redacted]', accept: 'json' },
        error: { name: 'Error', message: 'bad signature for [redacted]' },
      })
    })

    it('does not mutate the fields it was given', () => {
      const { log } = setup()
      const fields = { headers: { 'X-MBX-APIKEY': 'k' } }
      log.info('x', fields)
      expect(fields.headers['X-MBX-APIKEY']).to.equal('k')
    })
  })

  describe('levels (sink)', () => {
    it('defaults to warn', () => {
      const { sink, lines } = recordingSink()
      const log = createLogger({ sink })
      log.trace('t')
      log.debug('d')
      log.info('i')
      log.warn('w')
      log.error('e')
      expect(lines.map((l) => l.method)).to.deep.equal(['warn', 'error'])
      expect(log.isLevelEnabled('info')).to.equal(false)
      expect(log.isLevelEnabled('warn')).to.equal(true)
    })

    for (const [level, expected] of [
      ['trace', ['trace', 'debug', 'info', 'warn', 'error']],
      ['debug', ['debug', 'info', 'warn', 'error']],
      ['info', ['info', 'warn', 'error']],
      ['error', ['error']],
      ['silent', []],
    ] as const) {
      it(`level ${level} passes ${expected.join(', ') || 'nothing'}`, () => {
        const { sink, lines } = recordingSink()
        const log = createLogger({ sink, level })
        for (const m of ['trace', 'debug', 'info', 'warn', 'error'] as const) log[m](m)
        expect(lines.map((l) => l.method)).to.deep.equal(expected)
        expect(lines.map((l) => l.message)).to.deep.equal(expected)
      })
    }

    it('does no work for a filtered line', () => {
      const { sink } = recordingSink()
      const log = createLogger({ sink, level: 'warn' })
      let reads = 0
      const fields = {
        get costly() {
          reads++
          return 1
        },
      }
      log.debug('skipped', fields)
      expect(reads).to.equal(0)
      log.warn('kept', fields)
      expect(reads).to.equal(1)
    })
  })

  describe('naming', () => {
    it('child appends to the name and keeps sink, level and secrets', () => {
      const { sink, lines } = recordingSink()
      const parent = createLogger({ name: 'rxvenue:bybit', sink, level: 'info', secrets: [SECRET] })
      const child = parent.child('ws')
      expect(child.name).to.equal('rxvenue:bybit:ws')
      expect(child.child('public').name).to.equal('rxvenue:bybit:ws:public')
      child.debug('filtered')
      child.info(`sent ${SECRET}`)
      expect(lines).to.deep.equal([
        { method: 'info', message: 'sent [redacted]', fields: { logger: 'rxvenue:bybit:ws' } },
      ])
    })

    it('defaults the name to rxvenue', () => {
      const { sink, lines } = recordingSink()
      createLogger({ sink }).error('x')
      expect(lines[0]?.fields).to.deep.equal({ logger: 'rxvenue' })
    })
  })

  describe('loglevel backend', () => {
    it('uses the named logger, starts it at warn and leaves the root level alone', () => {
      const rootBefore = loglevel.getLevel()
      const name = freshName()
      const log = getLogger(name)
      expect(Object.keys(loglevel.getLoggers())).to.include(name)
      expect(loglevel.getLogger(name).getLevel()).to.equal(loglevel.levels.WARN)
      expect(loglevel.getLevel()).to.equal(rootBefore)
      expect(log.name).to.equal(name)
      expect(log.isLevelEnabled('info')).to.equal(false)
      expect(log.isLevelEnabled('error')).to.equal(true)
    })

    it('writes prefixed, redacted lines through the named logger', () => {
      const name = freshName()
      const log = getLogger(name, { level: 'debug', secrets: [SECRET] })
      const calls = captureLoglevel(name)
      log.trace('dropped')
      log.debug(`signed with ${SECRET}`, { headers: { 'X-BAPI-SIGN': 'abc' } })
      log.warn('plain')
      expect(calls).to.deep.equal([
        {
          method: 'debug',
          args: [`[${name}] signed with [redacted]`, { headers: { 'X-BAPI-SIGN': '[redacted]' } }],
        },
        { method: 'warn', args: [`[${name}] plain`] },
      ])
    })

    it('follows level changes made on the loglevel logger', () => {
      const name = freshName()
      const log = getLogger(name)
      const calls = captureLoglevel(name)
      log.info('before')
      loglevel.getLogger(name).setLevel('info', false)
      log.info('after')
      expect(calls.map((c) => c.args[0])).to.deep.equal([`[${name}] after`])
    })

    it('keeps the level an application already gave the named logger', () => {
      const name = freshName()
      loglevel.getLogger(name).setLevel('debug', false)
      const log = getLogger(name)
      expect(log.isLevelEnabled('debug')).to.equal(true)
      expect(loglevel.getLogger(name).getLevel()).to.equal(loglevel.levels.DEBUG)
    })

    it('child is the loglevel logger with the longer name and inherits an explicit level', () => {
      const name = freshName()
      const parent = getLogger(name, { level: 'info' })
      const child = parent.child('ws')
      expect(child.name).to.equal(`${name}:ws`)
      expect(loglevel.getLogger(`${name}:ws`).getLevel()).to.equal(loglevel.levels.INFO)
      const calls = captureLoglevel(`${name}:ws`)
      child.info('hello')
      expect(calls).to.deep.equal([{ method: 'info', args: [`[${name}:ws] hello`] }])
    })

    it('createLogger without a sink is the loglevel logger of that name', () => {
      const name = freshName()
      const log = createLogger({ name, level: 'error' })
      expect(loglevel.getLogger(name).getLevel()).to.equal(loglevel.levels.ERROR)
      expect(log.isLevelEnabled('warn')).to.equal(false)
    })
  })

  describe('silentLogger', () => {
    it('writes nothing and stays silent in children', () => {
      const methods = ['trace', 'debug', 'info', 'warn', 'error', 'log'] as const
      const stubs = methods.map((m) => sinon.stub(console, m))
      try {
        for (const m of ['trace', 'debug', 'info', 'warn', 'error'] as const) silentLogger[m]('x', { a: 1 })
        silentLogger.child('ws').error('y')
      } finally {
        stubs.forEach((s) => s.restore())
      }
      expect(stubs.map((s) => s.callCount)).to.deep.equal([0, 0, 0, 0, 0, 0])
      expect(silentLogger.child('ws')).to.equal(silentLogger)
      expect(silentLogger.isLevelEnabled('error')).to.equal(false)
    })
  })
})

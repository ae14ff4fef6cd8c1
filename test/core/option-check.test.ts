import { expect } from 'chai'
import { optionProblem, type OptionKinds } from '../../lib/core/option-check.js'

const KINDS: OptionKinds = {
  delayMs: 'ms',
  windowMs: 'period',
  depth: 'count',
  testnet: 'flag',
  restUrl: 'url',
  apiKey: 'text',
  logger: 'object',
  now: 'function',
  extra: 'any',
}

describe('optionProblem: options checked when given', () => {
  it('takes every kind at its edges, and options left undefined', () => {
    const fine = [
      { delayMs: 0 },
      { delayMs: 1.5 },
      { depth: 1 },
      { testnet: false },
      { restUrl: 'http://127.0.0.1:9' },
      { restUrl: 'wss://stream.bybit.com/v5/public/spot' },
      { apiKey: '' },
      { logger: {} },
      { now: () => 0 },
      { extra: null },
      { depth: undefined, nothing: undefined },
    ]
    for (const given of fine) expect(optionProblem(given, KINDS), JSON.stringify(given)).to.equal(undefined)
  })

  it('names the first wrong value and what it must be', () => {
    const wrong: [object, string][] = [
      [{ delayMs: -1 }, 'delayMs must be a number of ms >= 0, got -1'],
      [{ delayMs: '5' }, 'delayMs must be a number of ms >= 0, got "5"'],
      [{ delayMs: Infinity }, 'delayMs must be a number of ms >= 0, got Infinity'],
      [{ windowMs: 0 }, 'windowMs must be a number of ms > 0, got 0'],
      [{ windowMs: -1 }, 'windowMs must be a number of ms > 0, got -1'],
      [{ depth: 0 }, 'depth must be a whole number > 0, got 0'],
      [{ depth: 2.5 }, 'depth must be a whole number > 0, got 2.5'],
      [{ testnet: 'yes' }, 'testnet must be true or false, got "yes"'],
      [{ restUrl: 'api.bybit.com' }, 'restUrl must be an http(s) or ws(s) URL, got "api.bybit.com"'],
      [{ restUrl: 'localhost:8080' }, 'restUrl must be an http(s) or ws(s) URL, got "localhost:8080"'],
      [{ apiKey: 42 }, 'apiKey must be a string, got 42'],
      [{ logger: null }, 'logger must be an object, got null'],
      [{ now: 5 }, 'now must be a function, got 5'],
    ]
    for (const [given, problem] of wrong) expect(optionProblem(given, KINDS)).to.equal(problem)
    // not options at all
    expect(optionProblem('strict', KINDS)).to.equal('options must be an object, got "strict"')
    expect(optionProblem([1], KINDS)).to.equal('options must be an object, got an array')
    expect(optionProblem(null, KINDS)).to.equal('options must be an object, got null')
  })

  it('refuses a credential with whitespace around it, describing it without a character of it', () => {
    const kinds: OptionKinds = { secret: 'credential' }
    const pem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI\n-----END EC PRIVATE KEY-----\n'
    for (const fine of ['s3cr3t', pem, ''])
      expect(optionProblem({ secret: fine }, kinds), JSON.stringify(fine)).to.equal(undefined)
    const wrong: [unknown, string][] = [
      ['s3cr3t\n', 'one with whitespace at its end (a newline: read from a file?)'],
      [' s3cr3t', 'one with whitespace at its start'],
      [' s3cr3t\t', 'one with whitespace at its start and its end'],
      [12345, 'a number'],
      [null, 'a null'],
    ]
    for (const [secret, got] of wrong) {
      const problem = optionProblem({ secret }, kinds)
      expect(problem).to.equal(`secret must be a string with no whitespace around it, got ${got}`)
      expect(problem).to.not.include('s3cr3t').and.not.include('12345')
    }
  })

  it('names an unknown option with the closest ones, else those the hint lists', () => {
    expect(optionProblem({ dept: 5 }, KINDS)).to.equal('unknown option dept; did you mean depth?')
    expect(optionProblem({ zzz: 1 }, { a: 'any', b: 'any' })).to.equal('unknown option zzz; valid: a, b')
    expect(optionProblem({ zzz: 1 }, KINDS, { label: 'its own options', names: ['extra'] })).to.equal(
      'unknown option zzz; its own options: extra',
    )
  })
})

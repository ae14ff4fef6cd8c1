import { expect } from 'chai'
import loglevel from 'loglevel'
import { logLevelOf, parseLogSpec, readLogEnv } from '../../lib/core/log-env.js'
import { loggerFromEnv } from '../../lib/core/logging.js'

describe('RXVENUE_LOG spec', () => {
  it('gives a bare level to every logger', () => {
    const spec = parseLogSpec('debug')
    expect(logLevelOf(spec, 'rxvenue')).to.equal('debug')
    expect(logLevelOf(spec, 'rxvenue:binance:rest')).to.equal('debug')
  })

  it('gives a named level to every logger holding those name segments, the most specific winning', () => {
    const spec = parseLogSpec('info, bybit:debug ,rest:trace,binance:rest:warn')
    expect(logLevelOf(spec, 'rxvenue:bybit')).to.equal('debug')
    expect(logLevelOf(spec, 'rxvenue:bybit:rest')).to.equal('trace') // later of two one-segment rules
    expect(logLevelOf(spec, 'rxvenue:binance:rest')).to.equal('warn') // two segments beat one
    expect(logLevelOf(spec, 'rxvenue:binance')).to.equal('info')
    expect(logLevelOf(spec, 'rxvenue:bybitx')).to.equal('info') // whole segments only
    expect(logLevelOf(parseLogSpec('bybit:debug'), 'rxvenue:binance')).to.equal(undefined)
  })

  it('leaves out entries with an unknown level, naming them', () => {
    const spec = parseLogSpec('bybit:verbose,:debug,rest:DEBUG')
    expect(spec.rules).to.deep.equal([{ segments: ['rest'], level: 'debug' }])
    expect(spec.problems).to.have.length(2)
    expect(spec.problems[0]).to.contain('"bybit:verbose"').and.contain('trace, debug, info')
  })

  it('is read from the environment given, unset or blank meaning none', () => {
    expect(readLogEnv({})).to.equal(undefined)
    expect(readLogEnv({ RXVENUE_LOG: ' ' })).to.equal(undefined)
    expect(readLogEnv({ RXVENUE_LOG: 'warn' })?.rules).to.deep.equal([{ segments: [], level: 'warn' }])
  })

  it('sets the levels of the loggers a client derives from it, per name', () => {
    const root = loggerFromEnv({ RXVENUE_LOG: 'logenvtest:debug,rest:trace' })
    const venue = root?.child('logenvtest')
    expect(venue?.name).to.equal('rxvenue:logenvtest')
    expect(venue?.isLevelEnabled('debug')).to.equal(true)
    expect(venue?.isLevelEnabled('trace')).to.equal(false)
    expect(venue?.child('rest').isLevelEnabled('trace')).to.equal(true)
    expect(root?.child('logenvother').isLevelEnabled('info')).to.equal(false) // loglevel's default, warn
    expect(loglevel.getLogger('rxvenue:logenvtest').getLevel()).to.equal(loglevel.levels.DEBUG)
    expect(loggerFromEnv({})).to.equal(undefined)
  })
})

import { expect } from 'chai'
import { Decimal } from 'rxvenue'
import { runExample } from './run-example.js'

const SIGNAL = /^\S+ {2}SIGNAL buy (\w+) @ (\S+), sell (\w+) @ (\S+): edge (\S+)$/
const STALE = /^\S+ {2}off: binance stale \((disconnected|resync)\)$/

describe('examples/cross-venue-spread', function () {
  this.timeout(90_000)

  it('signals on fresh books only: off while Binance is stale after its fault, on again once it is back', async () => {
    // With a threshold no spread misses, the signal is on exactly while both books are fresh.
    const { code, stdout, stderr } = await runExample(
      ['examples/cross-venue-spread.ts', '--min-edge=-1000'],
      {
        // Ctrl-C once the signal came back after the stale period: no guessing how long that takes.
        interruptWhen: (out) => {
          const lines = out.split('\n')
          const stale = lines.findIndex((l) => STALE.test(l))
          return stale >= 0 && lines.slice(stale).some((l) => SIGNAL.test(l))
        },
        killAfterMs: 80_000,
      },
    )
    expect(code, stderr).to.equal(0)
    const lines = stdout.trimEnd().split('\n')
    const stale = lines.findIndex((l) => STALE.test(l))
    expect(
      lines.slice(0, stale).some((l) => SIGNAL.test(l)),
      'a signal before the fault',
    ).to.equal(true)
    // Between the venue going stale and a fresh book, only "off" lines.
    const back = lines.findIndex((l, i) => i > stale && SIGNAL.test(l))
    expect(back, stdout).to.be.greaterThan(stale)
    expect(
      lines.slice(stale, back).every((l) => / {2}off: /.test(l)),
      stdout,
    ).to.equal(true)

    // Every signal buys on one venue and sells on the other, and its edge is the difference it shows.
    for (const l of lines.filter((x) => SIGNAL.test(x))) {
      const [, buy, ask, sell, bid, edge] = SIGNAL.exec(l)!
      expect([buy, sell].sort()).to.deep.equal(['binance', 'bybit'])
      expect(new Decimal(bid!).minus(ask!).toString(), l).to.equal(edge)
    }
  })

  it('with the default threshold, signals only edges of at least 0.5', async () => {
    // Ctrl-C once the first verdict on a fresh pair is out, however long starting took.
    const { code, stdout, stderr } = await runExample(['examples/cross-venue-spread.ts'], {
      interruptWhen: (out) => / {2}off: edge below 0\.5$/m.test(out),
      killAfterMs: 80_000,
    })
    expect(code, stderr).to.equal(0)
    expect(stdout).to.match(/ {2}off: edge below 0\.5$/m)
    for (const l of stdout.split('\n').filter((x) => SIGNAL.test(x)))
      expect(new Decimal(SIGNAL.exec(l)![5]!).gte('0.5'), l).to.equal(true)
  })
})

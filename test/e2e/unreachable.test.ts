import { expect } from 'chai'
import { firstValueFrom, lastValueFrom, type Observable } from 'rxjs'
import {
  createClient,
  createLogger,
  isVenueError,
  silentLogger,
  type Client,
  type LogSink,
  type VenueEvent,
  type VenueHealth,
  type VenueId,
} from 'rxvenue'
import { startSimulator } from 'rxvenue/testing'
import { refusedPort, startOutageProxy } from './outage-proxy.js'
import { signal } from './support.js'

interface LogLine {
  readonly level: string
  readonly message: string
  readonly fields: unknown
}

const CONNECT_TIMEOUT_MS = 1500

function unreachableClient(host: string, lines: LogLine[]): Client {
  const line = (level: string) => (message: string, fields?: unknown) =>
    lines.push({ level, message, fields })
  const sink: LogSink = {
    trace: line('trace'),
    debug: line('debug'),
    info: line('info'),
    warn: line('warn'),
    error: line('error'),
  }
  const backoff = { initialMs: 50, maxMs: 100 }
  return createClient({
    venues: {
      bybit: { restUrl: `http://${host}`, wsUrl: `ws://${host}/v5/public/spot`, backoff },
      binance: { restUrl: `http://${host}`, wsUrl: `ws://${host}`, backoff },
    },
    logger: createLogger({ sink, level: 'trace' }),
    connectTimeoutMs: CONNECT_TIMEOUT_MS,
  })
}

/** How a stream ended, and when (ms after subscription). */
async function ending(stream$: Observable<unknown>): Promise<{ error: unknown; afterMs: number }> {
  const start = Date.now()
  try {
    await lastValueFrom(stream$, { defaultValue: undefined })
    return { error: undefined, afterMs: Date.now() - start }
  } catch (error) {
    return { error, afterMs: Date.now() - start }
  }
}

describe('e2e: a venue that cannot be reached', function () {
  this.timeout(60_000)

  for (const target of ['refused', 'dns'] as const) {
    const what = target === 'refused' ? 'a refused port' : 'a host that does not resolve'
    it(`every stream function fails with network naming ${what} and the cause, after connectTimeoutMs`, async () => {
      const host = target === 'refused' ? `127.0.0.1:${await refusedPort()}` : 'rxvenue-test.invalid'
      const lines: LogLine[] = []
      const client = unreachableClient(host, lines)
      const events: VenueEvent[] = []
      const watching = client.events$().subscribe((e) => events.push(e))
      const healths: VenueHealth[] = []
      const health = client.health$('bybit', { intervalMs: 200 }).subscribe((h) => healths.push(h))
      try {
        const streams: Record<string, Observable<unknown>> = {}
        for (const id of ['bybit', 'binance'] as const satisfies readonly VenueId[]) {
          streams[`${id} orderBook$`] = client.orderBook$(id, 'BTC/USDT')
          streams[`${id} bookChanges$`] = client.bookChanges$(id, 'BTC/USDT')
          streams[`${id} trades$`] = client.trades$(id, 'BTC/USDT')
          streams[`${id} ticker$`] = client.ticker$(id, 'BTC/USDT')
          streams[`${id} candles$`] = client.candles$(id, 'BTC/USDT', '1m')
          streams[`${id} instruments$`] = client.instruments$(id)
          streams[`${id} history.candles`] = client.history.candles(id, 'BTC/USDT', {
            interval: '1m',
            from: new Date(Date.UTC(2024, 0, 1)),
            to: new Date(Date.UTC(2024, 0, 2)),
          })
          streams[`${id} bestBidAsk$`] = client.bestBidAsk$([[id, 'BTC/USDT']])
          streams[`${id} mergedBook$`] = client.mergedBook$([[id, 'BTC/USDT']])
          streams[`${id} spread$`] = client.spread$([id, 'BTC/USDT'], [id, 'BTC/USDT'])
        }
        const endings = await Promise.all(
          Object.entries(streams).map(async ([name, stream$]) => [name, await ending(stream$)] as const),
        )
        for (const [name, { error, afterMs }] of endings) {
          expect(isVenueError(error) && error.kind, `${name}: ${String(error)}`).to.equal('network')
          const message = (error as Error).message
          expect(message, name).to.contain(`cannot reach ${host}`)
          if (target === 'refused') expect(message, name).to.match(/ECONNREFUSED|refused/i)
          // the same deadline for every one of them, never an early give-up
          expect(afterMs, `${name} gave up after ${afterMs} ms`).to.be.at.least(CONNECT_TIMEOUT_MS - 50)
        }

        // each failed attempt is an event with its cause
        const failed = events.filter((e) => e.type === 'request-failed' || e.type === 'reconnecting')
        expect(failed.length).to.be.greaterThan(4)
        for (const e of failed) {
          const error = 'error' in e ? e.error : undefined
          expect(isVenueError(error), JSON.stringify(e)).to.equal(true)
        }
        expect(events.some((e) => e.type === 'request-failed' && e.host === host)).to.equal(true)
        const circuit = events.find((e) => e.type === 'circuit' && e.state === 'open')
        if (circuit?.type === 'circuit') expect(circuit.error?.message ?? '').to.not.equal('')

        // health: the last error, its host and its time; never reached
        const last = healths.at(-1)
        expect(last?.reachedAt).to.equal(undefined)
        expect(last?.lastError?.host).to.equal(host)
        expect(last?.lastError?.at).to.be.a('number')
        expect(last?.lastError?.error.kind).to.be.oneOf(['network', 'timeout'])

        // one warn line per state change, not one per attempt
        const warned = lines.filter((l) => l.level === 'warn' && l.message.startsWith(`cannot reach ${host}`))
        expect(warned.length).to.be.at.least(1)
        const channels = warned.map(
          (l) => `${(l.fields as { logger?: string }).logger} ${JSON.stringify(l.fields)}`,
        )
        expect(new Set(channels).size, channels.join('\n')).to.equal(warned.length)
        expect(warned.length).to.be.lessThan(failed.length)
      } finally {
        health.unsubscribe()
        watching.unsubscribe()
        await client.close()
      }
    })
  }

  it('a venue reached once heals by itself: an outage longer than connectTimeoutMs fails no stream', async () => {
    const sim = await startSimulator({ venues: ['bybit'], seed: 3, tickMs: 20 })
    const simulated = sim.clientOptions().venues.bybit!
    const proxy = await startOutageProxy(Number(new URL(simulated.restUrl).port))
    const via = (url: string) => url.replace(/127\.0\.0\.1:\d+/, proxy.host)
    const client = createClient({
      venues: {
        bybit: {
          ...simulated,
          restUrl: via(simulated.restUrl),
          wsUrl: via(simulated.wsUrl),
          backoff: { initialMs: 100, maxMs: 100, jitter: 'none' },
        },
      },
      logger: silentLogger,
      connectTimeoutMs: 300,
    })
    const ended: string[] = []
    const watch = (name: string, stream$: Observable<unknown>) =>
      stream$.subscribe({
        error: (e: unknown) => ended.push(`${name} failed: ${String(e)}`),
        complete: () => ended.push(`${name} completed`),
      })
    const subs = [
      watch('trades$', client.trades$('bybit', 'BTC/USDT')),
      watch('orderBook$', client.orderBook$('bybit', 'BTC/USDT')),
      watch('bestBidAsk$', client.bestBidAsk$([['bybit', 'BTC/USDT']])),
    ]
    try {
      await firstValueFrom(client.orderBook$('bybit', 'BTC/USDT'))
      const down = Date.now()
      await proxy.down()
      // attempts keep failing for several connect timeouts' worth of time
      await signal(
        client.events$(),
        (e) => e.type === 'reconnecting' && e.attempt >= 4 && Date.now() - down > 4 * 300,
        'a fourth reconnect attempt, 1.2 s into the outage',
      )
      expect(ended).to.deep.equal([])
      await proxy.up()
      await signal(client.events$(), (e) => e.type === 'connected' && e.reconnect, 'the venue back')
      await firstValueFrom(client.orderBook$('bybit', 'BTC/USDT'))
      expect(ended).to.deep.equal([])
    } finally {
      for (const s of subs) s.unsubscribe()
      await client.close()
      await proxy.close()
      await sim.close()
    }
  })
})

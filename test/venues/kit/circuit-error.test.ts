/**
 * The `circuit` event names the failure that opened the breaker, not the venue's `lastError` (which
 * holds decode errors of any channel too).
 */
import { expect } from 'chai'
import { of, throwError } from 'rxjs'
import { DecodeError, VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import { SecretList } from '../../../lib/core/secret-list.js'
import { SymbolMap } from '../../../lib/core/symbols.js'
import type { VenueEvent } from '../../../lib/venues/contract/index.js'
import { createDriverBase } from '../../../lib/venues/kit/driver-base.js'
import { testScheduler } from '../support.js'

describe('kit driver base: the circuit event names why the breaker opened', () => {
  it('a decode error on a socket between the failures is in lastError, not in the circuit event', () => {
    const scheduler = testScheduler()
    scheduler.run(({ flush }) => {
      const ctx = createDriverBase({
        venue: 'bybit',
        options: { restUrl: 'http://127.0.0.1:1', maxBodyBytes: 1024 * 1024 },
        common: {
          scheduler,
          logger: silentLogger,
          transport: { request: () => throwError(() => new Error('unused')) },
        },
        secrets: new SecretList([]),
        windows: [{ id: 'weight-1s', metric: 'weight', limit: 100, intervalMs: 1000 }],
        instrumentsTtlMs: 1000,
        fetchServerTime: () => of(0),
        mapError: () => undefined,
        onResponse: () => undefined,
        signer: () => undefined,
        loadSymbols: () => of(new SymbolMap('bybit', [])),
      })
      const circuits: string[] = []
      ctx.events.subscribe((e: VenueEvent) => {
        if (e.type === 'circuit') circuits.push(`${e.state}: ${e.error?.message ?? '-'}`)
      })
      const fail = () =>
        throwError(() => new VenueError({ kind: 'network', venue: 'bybit', message: 'connection refused' }))
          .pipe(ctx.breaker.protect())
          .subscribe({ error: () => undefined })
      for (let i = 0; i < 4; i++) fail()
      const garbled = new DecodeError({
        context: 'bybit frame',
        paths: ['(root): invalid JSON'],
        raw: '{{',
        venue: 'bybit',
      })
      ctx.emit({ type: 'decode-error', channel: 'public', error: garbled })
      fail()
      flush()
      expect(circuits).to.deep.equal(['open: connection refused', 'half-open: -'])
      // health still tells of the latest misread answer
      expect(ctx.health().lastError?.error).to.equal(garbled)
      void ctx.close()
    })
  })
})

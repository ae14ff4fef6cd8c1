import { expect } from 'chai'
import { Subject } from 'rxjs'
import { VenueError } from '../../../lib/core/errors.js'
import { silentLogger } from '../../../lib/core/logging.js'
import type { ManagedSocket, SocketEvent, SocketState } from '../../../lib/transport/socket.js'
import type { VenueEventBody } from '../../../lib/venues/kit/lifecycle.js'
import { reportChannel } from '../../../lib/venues/kit/socket-events.js'

type Unstamped = SocketEvent extends infer E ? (E extends unknown ? Omit<E, 'at'> : never) : never

/** A socket that is only its events and state, driven by the test. */
function fakeSocket() {
  const events$ = new Subject<SocketEvent>()
  const state$ = new Subject<SocketState>()
  const socket = { events$, state$ } as unknown as ManagedSocket
  return { socket, emit: (e: Unstamped) => events$.next({ ...e, at: 0 } as SocketEvent) }
}

const described = (e: VenueEventBody): string =>
  e.type === 'connected'
    ? `connected${e.reconnect ? ' again' : ''}`
    : e.type === 'disconnected'
      ? `disconnected: ${e.reason}`
      : e.type

describe('reportChannel: a socket life as venue events', () => {
  it('says connected once the connection is usable: after the sign-in, not at the open', () => {
    const { socket, emit } = fakeSocket()
    const seen: string[] = []
    const opened: boolean[] = []
    const reporter = {
      emit: (e: VenueEventBody) => seen.push(described(e)),
      logger: silentLogger,
      closed: () => false,
    }
    reportChannel(reporter, socket, 'private', { opened: (again) => opened.push(again) })

    emit({ type: 'connecting', url: 'wss://x', attempt: 1 })
    emit({ type: 'open', attempt: 1 })
    expect(seen).to.deep.equal([]) // not yet signed in: nothing to reconcile against
    emit({ type: 'auth', ok: true })
    emit({ type: 'ready', attempt: 1 })
    expect(seen).to.deep.equal(['connected'])

    emit({ type: 'closed', code: 1006, reason: '', wasClean: false })
    const cause = new VenueError({ kind: 'network', venue: 'bybit', message: 'reset' })
    emit({ type: 'reconnecting', inMs: 1000, attempt: 1, cause })
    emit({ type: 'open', attempt: 2 })
    emit({ type: 'auth', ok: true })
    emit({ type: 'ready', attempt: 2 })
    expect(seen).to.deep.equal([
      'connected',
      'disconnected: closed (code 1006)',
      'reconnecting',
      'connected again',
    ])
    expect(opened).to.deep.equal([false, true])
  })

  it('a refused sign-in is a drop of an open connection that never was usable', () => {
    const { socket, emit } = fakeSocket()
    const seen: string[] = []
    const reporter = {
      emit: (e: VenueEventBody) => seen.push(described(e)),
      logger: silentLogger,
      closed: () => false,
    }
    reportChannel(reporter, socket, 'private')
    emit({ type: 'open', attempt: 1 })
    const error = new VenueError({ kind: 'auth', venue: 'bybit', message: 'bad key' })
    emit({ type: 'auth', ok: false, error })
    expect(seen).to.deep.equal(['disconnected: authentication failed'])
  })
})

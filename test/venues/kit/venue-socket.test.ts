import { expect } from 'chai'
import { VirtualAction, VirtualTimeScheduler, type SchedulerAction } from 'rxjs'
import type { SocketEvent } from '../../../lib/transport/socket.js'
import { driverSocket, type SocketHost } from '../../../lib/venues/kit/venue-socket.js'

/** A WebSocket that opens when told and answers every `ping` with a `pong` at once. */
class PongingSocket {
  static made: PongingSocket[] = []
  readyState = 0
  readonly sent: string[] = []
  onopen: ((e: unknown) => void) | null = null
  onmessage: ((e: { data: string }) => void) | null = null
  onclose: ((e: unknown) => void) | null = null
  onerror: ((e: unknown) => void) | null = null

  constructor(readonly url: string) {
    PongingSocket.made.push(this)
  }

  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }

  send(text: string): void {
    this.sent.push(text)
    if (text === 'ping') this.onmessage?.({ data: '"pong"' })
  }

  close(): void {
    this.readyState = 3
  }
}

/** The times (virtual ms) of the pings a driver socket sends over `forMs`. */
function pingTimes(staleAfterMs: number, forMs: number): { pings: number[]; events: SocketEvent[] } {
  PongingSocket.made = []
  const scheduler = new VirtualTimeScheduler(VirtualAction, forMs)
  const host: Pick<SocketHost, 'venue' | 'options' | 'scheduler' | 'secrets'> = {
    venue: 'bybit',
    options: {
      WebSocketCtor: PongingSocket,
      backoff: { initialMs: 10, maxMs: 10, jitter: 'none' },
      staleAfterMs,
      maxFrameBytes: 1 << 20,
    },
    scheduler,
    secrets: [],
  }
  const socket = driverSocket(host as SocketHost, {
    url: 'ws://venue.invalid',
    heartbeat: { intervalMs: 20_000, ping: () => 'ping', isHeartbeat: (f) => f === 'pong' },
  })
  const events: SocketEvent[] = []
  socket.events$.subscribe((e) => events.push(e))
  const pings: number[] = []
  const held = socket.messages$.subscribe()
  PongingSocket.made[0]?.open()
  const sent = PongingSocket.made[0]?.sent ?? []
  const watch = scheduler.schedule(function tick(this: SchedulerAction<undefined>) {
    while (pings.length < sent.filter((t) => t === 'ping').length) pings.push(scheduler.now())
    this.schedule(undefined, 100)
  }, 100)
  scheduler.flush()
  watch.unsubscribe()
  held.unsubscribe()
  socket.close()
  return { pings, events }
}

describe('driverSocket', () => {
  it('pings within two thirds of staleAfterMs, so a quiet socket whose pings are answered never goes stale', () => {
    const { pings, events } = pingTimes(6_000, 30_000)
    expect(pings.slice(0, 3)).to.deep.equal([4_000, 8_000, 12_000])
    expect(events.filter((e) => e.type === 'stale')).to.deep.equal([])
    expect(PongingSocket.made).to.have.length(1)
  })

  it("keeps the venue's ping interval when staleAfterMs is longer, or off (0)", () => {
    expect(pingTimes(30_000, 45_000).pings).to.deep.equal([20_000, 40_000])
    expect(pingTimes(0, 45_000).pings).to.deep.equal([20_000, 40_000])
  })
})

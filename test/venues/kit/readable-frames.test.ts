import { expect } from 'chai'
import { VirtualAction, VirtualTimeScheduler } from 'rxjs'
import { driverSocket, type SocketHost } from '../../../lib/venues/kit/venue-socket.js'

/** A WebSocket that opens and delivers frames when the test says. */
class ToldSocket {
  static made: ToldSocket[] = []
  readyState = 0
  onopen: ((e: unknown) => void) | null = null
  onmessage: ((e: { data: string }) => void) | null = null
  onclose: ((e: unknown) => void) | null = null
  onerror: ((e: unknown) => void) | null = null

  constructor(readonly url: string) {
    ToldSocket.made.push(this)
  }

  open(): void {
    this.readyState = 1
    this.onopen?.({})
  }

  frame(text: string): void {
    this.onmessage?.({ data: text })
  }

  send(): void {}

  close(): void {
    this.readyState = 3
  }
}

function socketOf(scheduler: VirtualTimeScheduler) {
  ToldSocket.made = []
  const host: Pick<SocketHost, 'venue' | 'options' | 'scheduler' | 'secrets'> = {
    venue: 'bybit',
    options: {
      WebSocketCtor: ToldSocket,
      backoff: { initialMs: 10, maxMs: 10, jitter: 'none' },
      staleAfterMs: 0,
      maxFrameBytes: 1 << 20,
    },
    scheduler,
    secrets: [],
  }
  return driverSocket(host as SocketHost, { url: 'ws://venue.invalid' })
}

describe('kit: a driver socket counts the frames it could read', () => {
  it('a frame that cannot be decoded is no sign of life: not in messages nor lastMessageAt', () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, 1000)
    const socket = socketOf(scheduler)
    const errors: string[] = []
    socket.events$.subscribe((e) => {
      if (e.type === 'error') errors.push(e.error.kind)
    })
    const held = socket.messages$.subscribe()
    const wire = ToldSocket.made[0]
    wire?.open()
    wire?.frame('\u0000garbage{{{')
    wire?.frame('<html>')
    // the garbage was seen (as decode errors), yet the socket has not answered
    expect(errors).to.deep.equal(['decode', 'decode'])
    expect(socket.stats()).to.deep.include({ messages: 0, lastMessageAt: undefined })
    wire?.frame('{"topic":"ok"}')
    expect(socket.stats()).to.deep.include({ messages: 1, lastMessageAt: 0 })
    held.unsubscribe()
    socket.close()
  })
})

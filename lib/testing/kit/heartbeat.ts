/**
 * Server pings with a pong deadline, as Binance's WebSocket servers keep connections honest: a ping
 * frame every `pingIntervalMs`, and a connection that has not answered a ping within `pongTimeoutMs`
 * is closed. Real time, not the simulator's clock: it is about the connection, not the market.
 */
import { WebSocket } from 'ws'

/**
 * One connection's heartbeat.
 *
 * @example
 * const beat = new Heartbeat(ws, 20_000, 60_000, () => faults.silenced, () => ws.terminate())
 * ws.on('pong', () => beat.pong())
 * ws.on('close', () => beat.stop())
 */
export class Heartbeat {
  private readonly interval: ReturnType<typeof setInterval>
  private deadline: ReturnType<typeof setTimeout> | undefined
  private pings = 0

  constructor(
    private readonly ws: WebSocket,
    pingIntervalMs: number,
    private readonly pongTimeoutMs: number,
    private readonly silenced: () => boolean,
    private readonly onTimeout: () => void,
  ) {
    this.interval = setInterval(() => this.ping(), pingIntervalMs)
  }

  /** A pong arrived: the connection is alive. */
  pong(): void {
    if (this.deadline !== undefined) clearTimeout(this.deadline)
    this.deadline = undefined
  }

  /** Stops pinging. */
  stop(): void {
    clearInterval(this.interval)
    if (this.deadline !== undefined) clearTimeout(this.deadline)
    this.deadline = undefined
  }

  private ping(): void {
    if (this.silenced() || this.ws.readyState !== WebSocket.OPEN) return
    this.ws.ping(String(++this.pings))
    this.deadline ??= setTimeout(() => {
      this.stop()
      this.onTimeout()
    }, this.pongTimeoutMs)
  }
}

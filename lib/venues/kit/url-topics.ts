/**
 * A socket URL that names the topics its connection carries (Binance's combined streams,
 * `/stream?streams=a/b/c`).
 */
import type { SocketUrl } from '../../transport/socket.js'

/**
 * The URL of each (re)connect: `prefix` and as many of the live topics as fit within `maxLength`,
 * joined by `separator`; the topics left out go by subscription messages.
 *
 * @example
 * topicsInUrl('wss://stream.binance.com:9443/stream?streams=', '/', 4000)(['btcusdt@trade', 'ethusdt@trade'])
 * // { url: 'wss://stream.binance.com:9443/stream?streams=btcusdt@trade/ethusdt@trade', topics: [...] }
 */
export function topicsInUrl(
  prefix: string,
  separator: string,
  maxLength: number,
): (topics: readonly string[]) => SocketUrl {
  return (topics) => {
    let url = prefix
    const named: string[] = []
    for (const topic of topics) {
      if (url.length + topic.length + separator.length > maxLength) break
      url += named.length === 0 ? topic : `${separator}${topic}`
      named.push(topic)
    }
    return { url, topics: named }
  }
}

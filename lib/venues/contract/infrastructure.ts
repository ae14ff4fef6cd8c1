/**
 * The infrastructure a driver takes in its options or reports in its health: transports, backoff,
 * breaker and limiter states. Named here so that code above the venues (the stream layer, the package
 * root) sees them as part of the driver contract.
 */
export type { BackoffOptions } from '../../transport/backoff.js'
export type { CircuitState } from '../../transport/breaker.js'
export {
  BodyLimitError,
  type HttpMethod,
  type HttpRequest,
  type HttpResponse,
  type HttpTransport,
} from '../../transport/http.js'
export type { Headroom, WindowHeadroom } from '../../transport/rate-limit.js'
export type { SocketState, WebSocketCtor } from '../../transport/socket.js'

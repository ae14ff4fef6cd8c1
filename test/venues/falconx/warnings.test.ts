/**
 * FalconX's non-fatal `warnings` next to an answer are logged, with their code, never dropped silently.
 */
import { expect } from 'chai'
import { createLogger, type LogFields } from '../../../lib/core/logging.js'
import { decode } from '../../../lib/codec/decode.js'
import { FxQuote, quoteJsonNumbers } from '../../../lib/venues/falconx/codecs.js'
import { logWarnings } from '../../../lib/venues/falconx/mappers.js'

describe('falconx warnings', () => {
  it('logs each warning of an answer at warn, with its code, message and side', () => {
    const lines: { level: string; message: string; fields: LogFields | undefined }[] = []
    const at =
      (level: string) =>
      (message: string, fields?: LogFields): void => {
        lines.push({ level, message, fields })
      }
    const sink = {
      trace: at('trace'),
      debug: at('debug'),
      info: at('info'),
      warn: at('warn'),
      error: at('error'),
    }
    const logger = createLogger({ level: 'trace', sink })
    const text = `{"fx_quote_id":"q1","token_pair":{"base_token":"BTC","quote_token":"USD"},
      "quantity_requested":{"token":"BTC","value":"1"},"side_requested":"buy",
      "t_quote":"2019-06-27T11:59:21.875725+00:00","t_expiry":"2019-06-27T11:59:22.875725+00:00",
      "is_filled":false,"buy_price":1,"warnings":[{"code":"LARGE_SIZE","message":"size above usual","side":"buy"}]}`
    logWarnings(logger, decode(FxQuote, quoteJsonNumbers(text), 'test', 'falconx'), 'POST /v1/quotes')
    expect(lines).to.have.length(1)
    expect(lines[0]?.level).to.equal('warn')
    expect(lines[0]?.fields).to.deep.include({ code: 'LARGE_SIZE', message: 'size above usual', side: 'buy' })
  })
})

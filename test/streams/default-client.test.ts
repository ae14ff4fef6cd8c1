import { expect } from 'chai'
import { closeDefaultClient, defaultClient, defaultClientOptions } from '../../streams/default-client.js'

describe('default client', () => {
  afterEach(() => closeDefaultClient())

  it('reads endpoint and credential overrides per venue from the environment, ignoring blanks', () => {
    const options = defaultClientOptions({
      RXVENUE_BYBIT_REST_URL: 'http://127.0.0.1:1001',
      RXVENUE_BYBIT_WS_URL: ' ws://127.0.0.1:1002/v5/public/spot ',
      RXVENUE_BYBIT_PRIVATE_WS_URL: 'ws://127.0.0.1:1002/v5/private',
      RXVENUE_BYBIT_API_KEY: 'key',
      RXVENUE_BYBIT_SECRET: 'secret',
      RXVENUE_BINANCE_REST_URL: '',
      RXVENUE_BINANCE_WS_API_URL: 'ws://127.0.0.1:1003/ws-api/v3',
      UNRELATED: 'x',
    })
    expect(options).to.deep.equal({
      venues: {
        bybit: {
          restUrl: 'http://127.0.0.1:1001',
          wsUrl: 'ws://127.0.0.1:1002/v5/public/spot',
          privateWsUrl: 'ws://127.0.0.1:1002/v5/private',
          apiKey: 'key',
          secret: 'secret',
        },
        binance: { wsApiUrl: 'ws://127.0.0.1:1003/ws-api/v3' },
      },
    })
  })

  it('switches a venue to its test network (or Bybit to demo trading) from the environment', () => {
    expect(
      defaultClientOptions({ RXVENUE_BYBIT_TESTNET: '1', RXVENUE_BINANCE_TESTNET: 'True' }),
    ).to.deep.equal({ venues: { bybit: { testnet: true }, binance: { testnet: true } } })
    expect(defaultClientOptions({ RXVENUE_BYBIT_DEMO: 'yes' })).to.deep.equal({
      venues: { bybit: { demo: true } },
    })
    expect(
      defaultClientOptions({
        RXVENUE_BYBIT_TESTNET: '0',
        RXVENUE_BINANCE_TESTNET: 'false',
        RXVENUE_BYBIT_DEMO: ' ',
      }),
    ).to.deep.equal({ venues: {} })
  })

  it('refuses a misspelt venue variable, naming the closest, and a connect timeout that is not ms', () => {
    // the credentials would be left unset, silently: public streams on, trading off
    expect(() => defaultClientOptions({ RXVENUE_BYBIT_APIKEY: 'key', RXVENUE_BYBIT_SECRET: 's' }))
      .to.throw('RXVENUE_BYBIT_APIKEY is not a variable rxvenue reads; did you mean RXVENUE_BYBIT_API_KEY?')
      .with.property('kind', 'invalid-request')
    expect(() => defaultClientOptions({ RXVENUE_BINANCE_PRIVATE_WS_URL: 'ws://127.0.0.1:9' })).to.throw(
      /RXVENUE_BINANCE_PRIVATE_WS_URL is not a variable rxvenue reads/,
    )
    expect(() => defaultClientOptions({ RXVENUE_CONNECT_TIMEOUT_MS: '20s' })).to.throw(
      'RXVENUE_CONNECT_TIMEOUT_MS must be a number of ms > 0, got "20s"',
    )
    // other variables are not the venues' to judge
    expect(
      defaultClientOptions({ RXVENUE_LOG: 'debug', RXVENUE_KILLS: '5', RXVENUE_BYBITX: '1' }),
    ).to.deep.equal({
      venues: {},
    })
  })

  it('leaves every venue on its real endpoints when nothing is set', () => {
    expect(defaultClientOptions({})).to.deep.equal({ venues: {} })
  })

  it('is made once, and made anew after it is closed', async () => {
    const first = defaultClient()
    expect(defaultClient()).to.equal(first)
    const driver = first.venue('mock')
    await closeDefaultClient()
    expect(() => first.venue('mock')).to.throw(/closed/)
    const second = defaultClient()
    expect(second).to.not.equal(first)
    expect(second.venue('mock')).to.not.equal(driver)
  })
})

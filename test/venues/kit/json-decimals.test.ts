import { expect } from 'chai'
import { Decimal } from '../../../lib/core/decimal.js'
import { jsonWithDecimals } from '../../../lib/venues/kit/json-decimals.js'

describe('kit: JSON with Decimals written as JSON numbers of their exact digits', () => {
  it('writes a Decimal as a number of all its digits, not as a string or a double', () => {
    const body = jsonWithDecimals({ limit_price: new Decimal('60000.10000000000000000001'), side: 'buy' })
    expect(body).to.equal('{"limit_price":60000.10000000000000000001,"side":"buy"}')
  })

  it('writes Decimals in arrays and nested objects, negative and tiny ones without an exponent', () => {
    const body = jsonWithDecimals({ q: { value: new Decimal('-2.5') }, list: [new Decimal('1e-20'), null] })
    expect(body).to.equal('{"q":{"value":-2.5},"list":[0.00000000000000000001,null]}')
  })

  it('leaves strings, numbers and nulls as JSON.stringify writes them', () => {
    const value = { value: '0.10', n: 3, none: null, skipped: undefined, flag: true }
    expect(jsonWithDecimals(value)).to.equal(JSON.stringify(value))
  })

  it('writes a Decimal that is not finite as null, as JSON.stringify writes NaN', () => {
    expect(jsonWithDecimals({ p: new Decimal(NaN), q: new Decimal(Infinity) })).to.equal(
      '{"p":null,"q":null}',
    )
  })

  it('never takes a string holding NUL characters and digits for a Decimal', () => {
    const value = { a: '\u00001', b: 'x"\u0000\u00002', c: new Decimal('3') }
    const body = jsonWithDecimals(value)
    expect(JSON.parse(body)).to.deep.equal({ a: '\u00001', b: 'x"\u0000\u00002', c: 3 })
  })
})

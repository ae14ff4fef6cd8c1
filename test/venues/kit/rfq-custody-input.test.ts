/**
 * Plain JavaScript (or JSON read back) where the types promise a Decimal or a Date: RFQ requests and
 * accepts and custody transfers are refused with `invalid-request` naming the field, nothing is sent,
 * and no TypeError escapes.
 */
import { expect } from 'chai'
import { firstValueFrom, NEVER, of, type Observable } from 'rxjs'
import { Decimal } from '../../../lib/core/decimal.js'
import { VenueError } from '../../../lib/core/errors.js'
import type { CustodyTransferRequest, CustodyWire } from '../../../lib/venues/contract/custody.js'
import type { RfqQuote, RfqRequest, RfqWire } from '../../../lib/venues/contract/rfq.js'
import { createCustody } from '../../../lib/venues/kit/custody/surface.js'
import { rfqSurface } from '../../../lib/venues/kit/rfq/index.js'

const d = (s: string) => new Decimal(s)
const NOW = Date.UTC(2024, 0, 1)

const QUOTE: RfqQuote = {
  venue: 'falconx',
  symbol: 'BTC/USD',
  id: 'q-1',
  side: 'two-way',
  quantity: d('0.01'),
  bid: d('99'),
  ask: d('101'),
  expiresAt: new Date(NOW + 10_000),
  timestamp: new Date(NOW),
  rawTimestamp: NOW,
}

const refusal = async (o: Observable<unknown>): Promise<string> => {
  const e = await firstValueFrom(o).then(
    () => expect.fail('expected a refusal'),
    (error: unknown) => error,
  )
  expect(e).to.be.instanceOf(VenueError)
  expect((e as VenueError).kind).to.equal('invalid-request')
  return (e as VenueError).message
}

describe('RFQ and custody input from plain JavaScript', () => {
  const sent: string[] = []
  const wire: RfqWire = {
    venue: 'falconx',
    requestQuote: (r) => (sent.push(`quote ${r.symbol}`), of(QUOTE)),
    accept: (q) => (sent.push(`execute ${q.id}`), NEVER),
    lookup: (q) => (sent.push(`lookup ${q.id}`), of(undefined)),
  } as RfqWire
  const { rfq } = rfqSurface(wire, { now: () => NOW })
  beforeEach(() => sent.splice(0))

  const request = (over: Record<string, unknown>) =>
    ({ symbol: 'BTC/USD', side: 'buy', quantity: d('0.01'), ...over }) as unknown as RfqRequest

  it('refuses a number or a string as an RFQ amount, naming the field', async () => {
    expect(await refusal(rfq.quote$(request({ quantity: 0.01 })))).to.equal(
      "falconx request for quote: quantity must be a Decimal (new Decimal('…')), got number 0.01",
    )
    expect(await refusal(rfq.quote$(request({ quantity: undefined, quoteQuantity: '100' })))).to.equal(
      'falconx request for quote: quoteQuantity must be a Decimal (new Decimal(\'…\')), got string "100"',
    )
    expect(await refusal(rfq.quotes$(request({ quantity: 1 })))).to.contain('quantity must be a Decimal')
    expect(await refusal(rfq.quote$(null as unknown as RfqRequest))).to.equal(
      'falconx request for quote: the request must be an object, got null',
    )
    expect(sent).to.deep.equal([])
  })

  it('refuses an accept of a quote whose expiry or prices are not a Date and Decimals (JSON read back)', async () => {
    const json = JSON.parse(JSON.stringify(QUOTE)) as RfqQuote
    expect(await refusal(rfq.accept({ ...QUOTE, expiresAt: json.expiresAt }, 'buy'))).to.equal(
      `falconx accept: quote.expiresAt must be a valid Date, got string "${QUOTE.expiresAt.toISOString()}" (a quote read back from JSON needs its Dates and Decimals restored)`,
    )
    expect(await refusal(rfq.accept({ ...QUOTE, ask: 101 as unknown as Decimal }, 'buy'))).to.equal(
      "falconx accept: quote.ask must be a Decimal (new Decimal('…')), got number 101",
    )
    expect(await refusal(rfq.accept({ ...QUOTE, expiresAt: new Date(Number.NaN) }, 'buy'))).to.contain(
      'quote.expiresAt must be a valid Date, got Date Invalid Date',
    )
    expect(await refusal(rfq.accept(undefined as unknown as RfqQuote, 'buy'))).to.contain(
      'the quote must be a quote from quote$, got undefined',
    )
    expect(await refusal(rfq.remaining$(json))).to.contain('quote.expiresAt must be a valid Date')
    expect(sent).to.deep.equal([])
  })

  it('refuses a transfer whose amount is a number or a string, or whose fields are missing', async () => {
    const created: string[] = []
    const custodyWire = {
      venue: 'fordefi',
      create: (o: { idempotenceId: string }) => (created.push(o.idempotenceId), NEVER),
    } as unknown as CustodyWire
    const custody = createCustody(custodyWire, {
      untilClosed: () => (s) => s,
      newId: () => 'id-1',
    } as Parameters<typeof createCustody>[1])
    const usdc = { chain: 'evm_ethereum_mainnet', symbol: 'USDC', decimals: 6, token: '0xA0b8' }
    const transfer = (over: Record<string, unknown>) =>
      custody.transfer({
        vaultId: 'v-1',
        asset: usdc,
        to: '0x00000000219ab540356cBB839Cbe05303d7705Fa',
        amount: d('5'),
        ...over,
      } as unknown as CustodyTransferRequest)
    expect(await refusal(transfer({ amount: 5 }))).to.equal(
      "fordefi transfer: amount must be a Decimal (new Decimal('…')), got number 5",
    )
    expect(await refusal(transfer({ amount: '5' }))).to.equal(
      'fordefi transfer: amount must be a Decimal (new Decimal(\'…\')), got string "5"',
    )
    expect(await refusal(transfer({ to: undefined }))).to.equal(
      'fordefi transfer: to (the destination address) must be a non-empty string, got undefined',
    )
    expect(await refusal(transfer({ vaultId: 7 }))).to.contain(
      'vaultId must be a non-empty string, got number 7',
    )
    expect(await refusal(transfer({ asset: undefined }))).to.contain(
      'asset must be a CustodyAsset, got undefined',
    )
    expect(await refusal(custody.transaction(undefined as unknown as string))).to.equal(
      'fordefi custody: id must be a non-empty string, got undefined',
    )
    expect(await refusal(custody.balances(3 as unknown as string))).to.contain(
      'vaultId must be a non-empty string',
    )
    expect(created).to.deep.equal([])
  })
})

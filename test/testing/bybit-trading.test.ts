import { expect } from 'chai'
import { Decimal } from '../../lib/core/decimal.js'
import type { BybitSimulator } from '../../lib/testing/index.js'
import { auth, Frames, resultOf, signedGet, signedPost } from './support/bybit-wire.js'
import { startKnown, T0 } from './support/bybit-setup.js'

type Row = Record<string, unknown>
const FEE = new Decimal('0.001')

function order(body: Row): Row {
  return { category: 'spot', symbol: 'BTCUSDT', ...body }
}

async function place(sim: BybitSimulator, body: Row) {
  return signedPost(sim, '/v5/order/create', order(body))
}

async function realtime(sim: BybitSimulator, query: string): Promise<Row[]> {
  return resultOf<{ list: Row[] }>(await signedGet(sim, '/v5/order/realtime', `category=spot&${query}`)).list
}

async function wallet(sim: BybitSimulator, coins: string): Promise<Record<string, Row>> {
  const result = resultOf<{ list: { coin: Row[] }[] }>(
    await signedGet(sim, '/v5/account/wallet-balance', `accountType=UNIFIED&coin=${coins}`),
  )
  return Object.fromEntries((result.list[0]?.coin ?? []).map((c) => [String(c.coin), c]))
}

describe('Bybit simulator trading', () => {
  let sim: BybitSimulator
  beforeEach(async () => {
    sim = await startKnown()
  })
  afterEach(() => sim.close())

  it('a limit buy below the market rests, locking price x qty of USDT', async () => {
    const ack = resultOf<{ orderId: string; orderLinkId: string }>(
      await place(sim, {
        side: 'Buy',
        orderType: 'Limit',
        qty: '0.1',
        price: '64000.0',
        orderLinkId: 'rest-1',
      }),
    )
    expect(ack.orderId).to.match(/^\d{19}$/)
    expect(ack.orderLinkId).to.equal('rest-1')
    const [o] = await realtime(sim, 'orderLinkId=rest-1')
    expect(o).to.include({
      orderId: ack.orderId,
      orderStatus: 'New',
      timeInForce: 'GTC',
      qty: '0.1',
      price: '64000',
      leavesQty: '0.1',
      leavesValue: '6400',
      cumExecQty: '0',
      avgPrice: '',
      createdTime: String(T0),
    })
    const coins = await wallet(sim, 'USDT')
    expect(coins.USDT).to.include({ walletBalance: '100000', availableToWithdraw: '93600' })
    expect(sim.book('BTC/USDT').bids[0]).to.deep.equal({
      price: new Decimal('64999'),
      size: new Decimal('1'),
    })
    expect(sim.book('BTC/USDT').bids.some((l) => l.price.eq('64000'))).to.equal(true)
  })

  it('a crossing limit buy fills what is offered and rests the rest; the market then fills it', async () => {
    // Offered: 0.5 at 65001, 1 at 65002. A buy of 1 at 65001 takes 0.5 and rests 0.5.
    resultOf(
      await place(sim, { side: 'Buy', orderType: 'Limit', qty: '1', price: '65001.0', orderLinkId: 'p-1' }),
    )
    let [o] = await realtime(sim, 'orderLinkId=p-1')
    expect(o).to.include({
      orderStatus: 'PartiallyFilled',
      cumExecQty: '0.5',
      leavesQty: '0.5',
      avgPrice: '65001',
    })
    expect(o?.cumExecValue).to.equal('32500.5')
    expect(o?.cumExecFee).to.equal(new Decimal('0.5').mul(FEE).toFixed())
    expect(sim.book('BTC/USDT').bids[0]?.price.toString()).to.equal('65001')

    sim.fillOrder({ orderLinkId: 'p-1' }, '0.2')
    ;[o] = await realtime(sim, 'orderLinkId=p-1')
    expect(o).to.include({ orderStatus: 'PartiallyFilled', cumExecQty: '0.7', leavesQty: '0.3' })
    sim.fillOrder({ orderLinkId: 'p-1' })
    ;[o] = await realtime(sim, 'orderLinkId=p-1')
    expect(o).to.include({ orderStatus: 'Filled', cumExecQty: '1', leavesQty: '0', leavesValue: '0' })
    expect(await realtime(sim, 'symbol=BTCUSDT'), 'no longer open').to.deep.equal([])

    // Paid 65001 for 1 BTC; received 1 BTC less 0.1 % of it.
    const coins = await wallet(sim, 'USDT,BTC')
    expect(coins.USDT).to.include({ walletBalance: '34999', availableToWithdraw: '34999' })
    expect(coins.BTC?.walletBalance).to.equal(new Decimal(1).plus(new Decimal(1).minus(FEE)).toFixed())
    expect(sim.balance('BTC').total.toFixed()).to.equal('1.999')

    const execs = resultOf<{ list: Row[] }>(
      await signedGet(sim, '/v5/execution/list', 'category=spot&orderLinkId=p-1'),
    ).list
    expect(execs.map((e) => [e.execQty, e.isMaker])).to.deep.equal([
      ['0.3', true],
      ['0.2', true],
      ['0.5', false],
    ])
    expect(execs.reduce((sum, e) => sum.plus(String(e.execFee)), new Decimal(0)).toFixed()).to.equal('0.001')
  })

  it('a market buy spends a quote amount by default; by base with marketUnit=baseCoin', async () => {
    // 650.1 USDT at 65001 buys whole steps of 0.000001: floor(650.1 / 65001, 6 places).
    const quote = new Decimal('650.1')
    const bought = quote.div('65001').toDecimalPlaces(6, Decimal.ROUND_DOWN)
    resultOf(await place(sim, { side: 'Buy', orderType: 'Market', qty: '650.1', orderLinkId: 'm-1' }))
    const [o] = await realtime(sim, 'orderLinkId=m-1')
    expect(o).to.include({
      orderStatus: 'Filled',
      marketUnit: 'quoteCoin',
      qty: '650.1',
      timeInForce: 'IOC',
      cumExecQty: bought.toFixed(),
      cumExecValue: bought.mul('65001').toFixed(),
    })
    expect(sim.balance('USDT').free.toFixed()).to.equal(
      new Decimal(100000).minus(bought.mul('65001')).toFixed(),
    )
    expect(sim.balance('BTC').free.toFixed()).to.equal(
      new Decimal(1).plus(bought.mul(new Decimal(1).minus(FEE))).toFixed(),
    )

    resultOf(
      await place(sim, {
        side: 'Buy',
        orderType: 'Market',
        qty: '0.6',
        marketUnit: 'baseCoin',
        orderLinkId: 'm-2',
      }),
    )
    const [o2] = await realtime(sim, 'orderLinkId=m-2')
    // What is left at 65001 after the first buy, then the rest at 65002.
    const left = new Decimal('0.5').minus(bought)
    expect(o2).to.include({ orderStatus: 'Filled', marketUnit: 'baseCoin', cumExecQty: '0.6' })
    expect(o2?.cumExecValue).to.equal(
      left.mul('65001').plus(new Decimal('0.6').minus(left).mul('65002')).toFixed(),
    )
  })

  it('a market sell that runs out of bids ends PartiallyFilledCanceled and frees the rest', async () => {
    sim.push('BTC/USDT', { snapshot: true, bids: [['64999.0', '0.4']], asks: [['65001.0', '1']] })
    resultOf(await place(sim, { side: 'Sell', orderType: 'Market', qty: '0.9', orderLinkId: 's-2' }))
    const [o] = await realtime(sim, 'orderLinkId=s-2')
    expect(o).to.include({
      orderStatus: 'PartiallyFilledCanceled',
      cumExecQty: '0.4',
      rejectReason: 'EC_NoEnoughQtyToFill',
    })
    expect(sim.balance('BTC').locked.toFixed()).to.equal('0')
    expect(sim.balance('BTC').free.toFixed()).to.equal('0.6')
  })

  it('post-only, IOC and FOK follow Bybit: accepted, then cancelled with the documented reason', async () => {
    resultOf(
      await place(sim, {
        side: 'Buy',
        orderType: 'Limit',
        qty: '0.1',
        price: '65001.0',
        timeInForce: 'PostOnly',
        orderLinkId: 'po',
      }),
    )
    expect((await realtime(sim, 'orderLinkId=po'))[0]).to.include({
      orderStatus: 'Cancelled',
      rejectReason: 'EC_PostOnlyWillTakeLiquidity',
      cumExecQty: '0',
    })
    resultOf(
      await place(sim, {
        side: 'Buy',
        orderType: 'Limit',
        qty: '1.52',
        price: '65002.0',
        timeInForce: 'FOK',
        orderLinkId: 'fok',
      }),
    )
    expect((await realtime(sim, 'orderLinkId=fok'))[0]).to.include({
      orderStatus: 'Cancelled',
      rejectReason: 'EC_CancelForNoFullFill',
    })
    resultOf(
      await place(sim, {
        side: 'Buy',
        orderType: 'Limit',
        qty: '1.52',
        price: '65002.0',
        timeInForce: 'IOC',
        orderLinkId: 'ioc',
      }),
    )
    expect((await realtime(sim, 'orderLinkId=ioc'))[0]).to.include({
      orderStatus: 'PartiallyFilledCanceled',
      cumExecQty: '1.5',
    })
    expect(sim.balance('USDT').locked.toFixed()).to.equal('0')
  })

  it('amend and cancel open orders; cancel-all cancels the rest', async () => {
    for (const id of ['a', 'b', 'c']) {
      resultOf(
        await place(sim, { side: 'Buy', orderType: 'Limit', qty: '0.1', price: '60000.0', orderLinkId: id }),
      )
    }
    resultOf(
      await signedPost(sim, '/v5/order/amend', order({ orderLinkId: 'a', qty: '0.2', price: '60001.0' })),
    )
    expect((await realtime(sim, 'orderLinkId=a'))[0]).to.include({
      qty: '0.2',
      price: '60001',
      orderStatus: 'New',
    })
    expect(sim.balance('USDT').locked.toFixed()).to.equal(
      new Decimal('60001').mul('0.2').plus(12000).toFixed(),
    )
    const canceled = resultOf<{ orderLinkId: string }>(
      await signedPost(sim, '/v5/order/cancel', order({ orderLinkId: 'b' })),
    )
    expect(canceled.orderLinkId).to.equal('b')
    expect((await realtime(sim, 'orderLinkId=b'))[0]).to.include({
      orderStatus: 'Cancelled',
      cancelType: 'CancelByUser',
    })
    const again = await signedPost(sim, '/v5/order/cancel', order({ orderLinkId: 'b' }))
    expect(again.body.retCode).to.equal(170213)
    const all = resultOf<{ list: Row[]; success: string }>(
      await signedPost(sim, '/v5/order/cancel-all', { category: 'spot' }),
    )
    expect(all.list.map((r) => r.orderLinkId).sort()).to.deep.equal(['a', 'c'])
    expect(sim.balance('USDT').locked.toFixed()).to.equal('0')
  })

  it('refuses with Bybit return codes', async () => {
    const code = async (body: Row) => (await place(sim, body)).body.retCode
    const limit = { side: 'Buy', orderType: 'Limit' }
    expect(await code({ ...limit, qty: '0.1', price: '60000.05' }), 'price off tick').to.equal(170134)
    expect(await code({ ...limit, qty: '0.1000001', price: '60000.0' }), 'qty off step').to.equal(170137)
    expect(await code({ ...limit, qty: '0.00001', price: '60000.0' }), 'below min qty').to.equal(170136)
    expect(await code({ ...limit, qty: '0.00005', price: '60000.0' }), 'below min value').to.equal(170140)
    expect(await code({ ...limit, qty: '84', price: '1000.0' }), 'above max qty').to.equal(170135)
    expect(await code({ ...limit, qty: '2', price: '60000.0' }), 'not enough USDT').to.equal(170131)
    expect(await code({ ...limit, qty: 0.1, price: '60000.0' }), 'a number, not a string').to.equal(10001)
    expect(await code({ ...limit, category: 'linear', qty: '0.1', price: '60000.0' })).to.equal(10001)
    expect(await code({ ...limit, qty: '0.1', price: '60000.0', orderLinkId: 'has space' })).to.equal(10001)
    expect(await code({ ...limit, qty: '0.1', price: '60000.0', orderLinkId: 'dup' })).to.equal(0)
    expect(await code({ ...limit, qty: '0.1', price: '60000.0', orderLinkId: 'dup' }), 'duplicate').to.equal(
      170141,
    )
    const unknown = await signedPost(sim, '/v5/order/cancel', order({ orderId: '1900000000000009999' }))
    expect(unknown.body).to.include({ retCode: 170213, retMsg: 'Order does not exist.' })
    const notJson = await signedPost(sim, '/v5/order/create', '{"category":')
    expect(notJson.body.retCode).to.equal(10001)
    expect(await realtime(sim, 'symbol=BTCUSDT'), 'only the one accepted order').to.have.length(1)
  })

  it('lists page by page with cursors, newest first, and finds closed orders by id', async () => {
    const ids: string[] = []
    for (let i = 0; i < 5; i++) {
      sim.advanceClock(1)
      ids.push(
        resultOf<{ orderId: string }>(
          await place(sim, { side: 'Buy', orderType: 'Limit', qty: '0.1', price: '50000.0' }),
        ).orderId,
      )
    }
    const seen: string[] = []
    let cursor = ''
    let pages = 0
    do {
      const query = `category=spot&limit=2${cursor === '' ? '' : `&cursor=${encodeURIComponent(cursor)}`}`
      const page = resultOf<{ list: Row[]; nextPageCursor: string }>(
        await signedGet(sim, '/v5/order/realtime', query),
      )
      seen.push(...page.list.map((o) => String(o.orderId)))
      cursor = page.nextPageCursor
      pages++
    } while (cursor !== '')
    expect(pages).to.equal(3)
    expect(seen).to.deep.equal([...ids].reverse())
    resultOf(await signedPost(sim, '/v5/order/cancel', order({ orderId: ids[0] })))
    expect(await realtime(sim, `orderId=${ids[0]}`)).to.have.length(1)
    expect((await realtime(sim, 'openOnly=1')).map((o) => o.orderId)).to.deep.equal([ids[0]])
    const history = resultOf<{ list: Row[] }>(
      await signedGet(sim, '/v5/order/history', 'category=spot&orderStatus=Cancelled'),
    )
    expect(history.list.map((o) => o.orderId)).to.deep.equal([ids[0]])
  })

  it('pushes every order event, fill and balance change on the private topics', async () => {
    const ws = await Frames.open(sim.privateWsUrl)
    expect(await auth(ws, sim)).to.include({ success: true })
    ws.send({ op: 'subscribe', args: ['order', 'execution', 'wallet'], req_id: 's' })
    expect(await ws.next()).to.include({ success: true, req_id: 's' })
    resultOf(
      await place(sim, { side: 'Buy', orderType: 'Limit', qty: '1', price: '65001.0', orderLinkId: 'w' }),
    )
    const orders = (await ws.next()) as { topic: string; data: Row[] }
    expect(orders.topic).to.equal('order')
    expect(orders.data.map((o) => o.orderStatus)).to.deep.equal(['New', 'PartiallyFilled'])
    const execs = (await ws.next()) as { topic: string; data: Row[] }
    expect(execs.topic).to.equal('execution')
    expect(execs.data.map((e) => [e.execQty, e.execPrice, e.isMaker])).to.deep.equal([
      ['0.5', '65001', false],
    ])
    const walletMsg = (await ws.next()) as { topic: string; data: { coin: Row[] }[] }
    expect(walletMsg.topic).to.equal('wallet')
    const usdt = walletMsg.data[0]?.coin.find((c) => c.coin === 'USDT')
    // Spent 32500.5, and 32500.5 more is locked for the 0.5 still resting at 65001.
    expect(usdt).to.include({ walletBalance: '67499.5', availableToWithdraw: '34999' })
    sim.fillOrder({ orderLinkId: 'w' })
    const filled = (await ws.next()) as { topic: string; data: Row[] }
    expect(filled.topic).to.equal('order')
    expect(filled.data.map((o) => o.orderStatus)).to.deep.equal(['Filled'])
    expect(((await ws.next()) as { topic: string }).topic).to.equal('execution')
    expect(((await ws.next()) as { topic: string }).topic).to.equal('wallet')
    await ws.close()
  })
})

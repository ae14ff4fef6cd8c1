// A CommonJS program using the packed package, which also loads the ESM build: errors of one build are
// VenueErrors to the other.
const { firstValueFrom } = require('rxjs')
const { createClient, isVenueError, VenueError, DecodeError } = require('rxvenue')
const { startSimulator } = require('rxvenue/testing')

async function main() {
  const esm = await import('rxvenue')
  const sim = await startSimulator({ venues: ['bybit'], seed: 7 })
  const client = createClient(sim.clientOptions())
  try {
    const book = await firstValueFrom(client.orderBook$('bybit', 'BTC/USDT', { depth: 1 }))
    const fromEsm = new esm.DecodeError({ context: 'x', paths: [], raw: '' })
    console.log(
      JSON.stringify({
        bid: book.bids[0]?.price.toString(),
        twoBuilds: esm.VenueError !== VenueError,
        cjsKnowsEsm: isVenueError(fromEsm) && fromEsm instanceof VenueError && fromEsm instanceof DecodeError,
        esmKnowsCjs: esm.isVenueError(new VenueError({ kind: 'auth', message: 'no' })),
      }),
    )
  } finally {
    await client.close()
    await sim.close()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

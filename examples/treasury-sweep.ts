/**
 * Treasury sweep on Fordefi: when a vault holds more of an asset than a threshold, transfer the excess
 * to a cold address, follow the transfer through the organisation's approval workflow to the chain,
 * and report. Approvals stay with Fordefi's approvers: the sweep waits for them, and says so when
 * they take longer than `--approval-timeout` (the transfer goes on).
 *
 *   node --import tsx examples/treasury-sweep.ts                      # simulated Fordefi, approved after 1 s
 *   node --import tsx examples/treasury-sweep.ts --approve-after 5 --approval-timeout 2  # told, then approved
 *   node --import tsx examples/treasury-sweep.ts --asset ETH --threshold 2.5
 *   node --import tsx examples/treasury-sweep.ts --live --vault <id> --to 0x… # RXVENUE_FORDEFI_API_KEY and _SECRET
 */
import { parseArgs } from 'node:util'
import { filter, firstValueFrom, lastValueFrom, tap } from 'rxjs'
import { Decimal, createClient, hasCustody, type CustodyTransaction } from 'rxvenue'
import { startSimulator } from 'rxvenue/testing'

const USAGE =
  'usage: treasury-sweep [--asset USDC] [--threshold 200000] [--to 0xADDRESS] [--vault ID] ' +
  '[--approval-timeout SECONDS] [--approve-after SECONDS (simulated)] [--live] [--help]'

function options() {
  const { values } = parseArgs({
    options: {
      asset: { type: 'string', default: 'USDC' },
      threshold: { type: 'string', default: '200000' },
      to: { type: 'string', default: '0x00000000219ab540356cBB839Cbe05303d7705Fa' },
      vault: { type: 'string' },
      'approval-timeout': { type: 'string', default: '900' },
      'approve-after': { type: 'string', default: '1' },
      live: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  })
  const threshold = new Decimal(values.threshold)
  if (!threshold.isFinite() || threshold.lt(0)) throw new Error(`--threshold must be an amount >= 0`)
  const approvalTimeoutMs = Number(values['approval-timeout']) * 1000
  if (!(approvalTimeoutMs > 0)) throw new Error('--approval-timeout must be seconds > 0')
  const approveAfterMs = Number(values['approve-after']) * 1000
  if (!(approveAfterMs >= 0)) throw new Error('--approve-after must be seconds >= 0')
  return { ...values, threshold, approvalTimeoutMs, approveAfterMs }
}

let args: ReturnType<typeof options>
try {
  args = options()
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n${USAGE}`)
  process.exit(2)
}
if (args.help) {
  console.log(USAGE)
  process.exit(0)
}

// The simulated organisation's approvers approve every transfer `--approve-after` seconds after it is made.
const sim = args.live
  ? undefined
  : await startSimulator({
      venues: ['fordefi'],
      seed: 7,
      fordefi: {
        autoApproveMs: args.approveAfterMs,
        timings: { signMs: 100, pushMs: 100, mineMs: 300, completeMs: 300 },
      },
    })
const client = createClient(sim?.clientOptions())
try {
  const venue = client.venue('fordefi')
  if (!hasCustody(venue))
    throw new Error('fordefi needs RXVENUE_FORDEFI_API_KEY (token) and _SECRET (signing key)')
  const { custody } = venue

  const vaults = await firstValueFrom(custody.vaults$())
  const vault = vaults.find((v) => args.vault === undefined || v.id === args.vault)
  if (vault === undefined) throw new Error(`no vault ${args.vault ?? ''}`)
  const holding = (await firstValueFrom(custody.balances(vault.id))).find(
    (b) => b.asset.symbol === args.asset,
  )
  if (holding === undefined) throw new Error(`${vault.name} holds no ${args.asset}`)
  console.log(
    `${vault.name} holds ${holding.amount.toFixed()} ${args.asset}; threshold ${args.threshold.toFixed()}`,
  )

  const excess = holding.amount.minus(args.threshold)
  if (excess.lte(0)) {
    console.log('nothing to sweep')
  } else {
    // One idempotence id per sweep: a retry of this run after a crash cannot send twice.
    const tx = await firstValueFrom(
      custody.transfer({
        vaultId: vault.id,
        asset: holding.asset,
        to: args.to,
        amount: excess,
        note: 'treasury sweep',
        idempotenceId: `sweep-${vault.id}-${args.asset}-${holding.baseUnits.toFixed()}`,
      }),
    )
    console.log(`sweep ${excess.toFixed()} ${args.asset} to ${args.to}: transaction ${tx.id}`)
    const final = await lastValueFrom(
      custody.transaction$(tx.id, { approvalTimeoutMs: args.approvalTimeoutMs }).pipe(
        tap((t: CustodyTransaction) => {
          if (t.approvalOverdue)
            console.log(`approval overdue: still waiting since ${t.approvalRequestedAt?.toISOString()}`)
          else console.log(`state ${t.state}${t.hash === undefined ? '' : ` ${t.hash}`}`)
        }),
        filter((t) => !t.approvalOverdue),
      ),
    )
    const after = (await firstValueFrom(custody.balances(vault.id))).find(
      (b) => b.asset.symbol === args.asset,
    )
    console.log(
      `final: ${final.state} (${final.status}), fee ${final.fee?.toFixed() ?? '-'} ETH, ` +
        `${vault.name} now holds ${after?.amount.toFixed() ?? '?'} ${args.asset}`,
    )
    if (final.status !== 'filled') process.exitCode = 1
  }
} finally {
  await client.close()
  await sim?.close()
}

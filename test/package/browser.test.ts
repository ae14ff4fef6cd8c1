import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { expect } from 'chai'
import { build } from 'esbuild'
import { startSimulator } from '../../lib/testing/index.js'
import { packedPackage, ROOT } from './packed.js'

const CHROMIUM = ['chromium-headless-shell', 'chromium', 'chromium-browser']

/** The first Chromium binary on PATH. */
function findChromium(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of CHROMIUM) if (dir !== '' && existsSync(join(dir, name))) return join(dir, name)
  }
  return undefined
}

describe('examples/browser in headless Chromium against the simulator', function () {
  this.timeout(240_000)

  it('bundles without undici or Node built-ins and shows a Bybit book, trades and instruments', async function () {
    const chromium = findChromium()
    if (chromium === undefined) {
      if (process.env.RXVENUE_BROWSER_TEST) {
        throw new Error(`RXVENUE_BROWSER_TEST is set but no Chromium is on PATH (${CHROMIUM.join(', ')})`)
      }
      console.log(
        `      skipped: no Chromium on PATH (${CHROMIUM.join(', ')}); apt-get install chromium-headless-shell, ` +
          'or set RXVENUE_BROWSER_TEST=1 to make a missing Chromium fail the test (.ci/run does)',
      )
      this.skip()
    }
    const { consumer } = await packedPackage()
    const page = join(consumer, 'browser')
    mkdirSync(page, { recursive: true })
    copyFileSync(join(ROOT, 'examples/browser/main.ts'), join(page, 'main.ts'))
    copyFileSync(join(ROOT, 'examples/browser/index.html'), join(page, 'index.html'))
    const bundled = await build({
      entryPoints: [join(page, 'main.ts')],
      absWorkingDir: consumer,
      outfile: join(page, 'main.js'),
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      metafile: true,
      logLevel: 'silent',
    })
    const [output] = Object.values(bundled.metafile.outputs)
    const inputs = Object.entries(output!.inputs).flatMap(([f, i]) => (i.bytesInOutput > 0 ? [f] : []))
    expect(
      inputs.filter((i) => /node_modules\/(undici|ws)\/|^node:|lib\/auth\/key-crypto\.js/.test(i)),
    ).to.deep.equal([])
    console.log(`      examples/browser bundle: ${output!.bytes} bytes minified`)

    const sim = await startSimulator({ venues: ['bybit'], seed: 3, tickMs: 20 })
    let report!: (body: string) => void
    const reported = new Promise<string>((resolve) => (report = resolve))
    const server = createServer((req, res) => {
      if (req.method === 'POST' && req.url === '/report') {
        let body = ''
        req.on('data', (c: Buffer) => (body += c.toString('utf8')))
        req.on('end', () => {
          res.end()
          report(body)
        })
        return
      }
      const file = req.url?.startsWith('/main.js') ? 'main.js' : 'index.html'
      res.setHeader('content-type', file === 'main.js' ? 'text/javascript' : 'text/html')
      res.end(readFileSync(join(page, file)))
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const { bybit } = sim.clientOptions().venues
    const url = `${origin}/?${new URLSearchParams({ rest: bybit!.restUrl!, ws: bybit!.wsUrl!, report: `${origin}/report` })}`
    const profile = mkdtempSync(join(tmpdir(), 'rxvenue-chromium-'))
    const browser = spawn(
      chromium!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        `--user-data-dir=${profile}`,
        url,
      ],
      { stdio: 'ignore', detached: true },
    )
    const exited = new Promise<never>((_, reject) =>
      browser.once('exit', (code) => reject(new Error(`Chromium exited (${code}) before the page reported`))),
    )
    try {
      const seen = JSON.parse(await Promise.race([reported, exited])) as Record<string, unknown>
      expect(seen.error).to.equal(undefined)
      expect(seen.bid).to.be.a('string')
      expect(seen.ask).to.be.a('string')
      expect(seen.levels).to.be.above(0)
      expect(seen.trades).to.equal(3)
      expect(seen.instruments).to.be.above(0) // REST through fetch, across origins (CORS)
    } finally {
      browser.removeAllListeners('exit')
      if (browser.exitCode === null) process.kill(-browser.pid!, 'SIGKILL')
      server.closeAllConnections()
      server.close()
      await sim.close()
      rmSync(profile, { recursive: true, force: true })
    }
  })
})

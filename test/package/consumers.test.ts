import { join } from 'node:path'
import { expect } from 'chai'
import { bin, packedPackage, sh } from './packed.js'

// One build and pack for the whole folder (see packed.ts); the first test to ask pays for it.
describe('the packed package, as its users get it', function () {
  this.timeout(240_000)

  it('an ESM program gets a book and the instruments from the simulator through rxvenue and its subpaths', async () => {
    const { consumer } = await packedPackage()
    const out = JSON.parse(await sh(process.execPath, ['esm.mjs'], consumer)) as Record<string, unknown>
    expect(out.bid).to.be.a('string')
    expect(out.ask).to.be.a('string')
    expect(out.instruments).to.be.above(0)
    expect(out.decimal).to.equal('0.3')
    expect(out.branded).to.equal(false)
  })

  it('a CommonJS program gets a book, and errors of the ESM build are VenueErrors to it and back', async () => {
    const { consumer } = await packedPackage()
    const out = JSON.parse(await sh(process.execPath, ['cjs.cjs'], consumer)) as Record<string, unknown>
    expect(out).to.deep.include({ twoBuilds: true, cjsKnowsEsm: true, esmKnowsCjs: true })
    expect(out.bid).to.be.a('string')
  })

  it('TypeScript type-checks a program using rxvenue, rxvenue/mock and rxvenue/testing under node10, node16 and bundler resolution', async () => {
    const { consumer } = await packedPackage()
    await Promise.all(
      ['node10', 'node16', 'bundler'].map((resolution) =>
        bin('typescript/bin/tsc', ['-p', join(consumer, `tsconfig.${resolution}.json`)], consumer),
      ),
    )
  })

  it('TypeScript type-checks each entry point alone with "types": [] (the default of TypeScript 6 and later), strict, library checks on', async () => {
    const { consumer } = await packedPackage()
    // the declarations reference the Node types they use themselves; without that, `node:crypto`,
    // `AbortSignal` and rxjs's `setTimeout` are unknown names
    for (const project of ['notypes', 'notypes-testing', 'notypes-mock']) {
      await bin('typescript/bin/tsc', ['-p', join(consumer, `tsconfig.${project}.json`)], consumer)
    }
  })

  it('publint finds nothing to report', async () => {
    const { consumer } = await packedPackage()
    const out = await bin(
      'publint/src/cli.js',
      ['--strict', '--pack', 'false', join(consumer, 'node_modules/rxvenue')],
      consumer,
    )
    // its one suggestion, to move the browser field's file map into conditional imports, is left: the
    // CommonJS build and TypeScript's node10 resolution cannot follow `#imports`
    expect(out).not.to.match(/^(Warnings|Errors):/m)
  })

  it('Are the Types Wrong finds no problem under any resolution', async () => {
    const { tarball, consumer } = await packedPackage()
    await bin('@arethetypeswrong/cli/dist/index.js', [tarball, '--format', 'ascii'], consumer)
  })
})

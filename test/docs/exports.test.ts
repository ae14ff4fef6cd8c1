import { expect } from 'chai'
import { dirname, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

// Every name a user can import must explain itself in the API reference: a doc comment and an
// `@example` (for a type, an example of it in use). TypeDoc renders them; this test keeps them present.

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const ENTRIES = {
  rxvenue: 'index.ts',
  'rxvenue/testing': 'lib/testing/index.ts',
  'rxvenue/mock': 'lib/venues/mock/index.ts',
} as const

interface ExportDoc {
  readonly name: string
  readonly file: string
  readonly documented: boolean
  readonly hasExample: boolean
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = resolve(ROOT, 'tsconfig.json')
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p))
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, '\n'))
  return ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, configPath).options
}

// The project's own files are parsed; declaration files of dependencies and the standard library are
// read as empty. Every export and its comment lives in our files, and parsing rxjs, undici and
// @types/node would be three quarters of the program for nothing.
function ownFilesProgram(rootNames: readonly string[]): ts.Program {
  const options: ts.CompilerOptions = { ...compilerOptions(), noEmit: true, noLib: true, types: [] }
  const host = ts.createCompilerHost(options, true)
  const read = host.getSourceFile.bind(host)
  host.getSourceFile = (fileName, language, onError, create) =>
    fileName.includes('/node_modules/')
      ? ts.createSourceFile(fileName, '', language)
      : read(fileName, language, onError, create)
  return ts.createProgram({ rootNames, options, host })
}

// The doc comment TypeDoc uses is the last one before the declaration; a file's `@module` comment that
// happens to precede the first declaration belongs to the file, not to it.
function docOf(declaration: ts.Declaration): ts.JSDoc | undefined {
  const docs = ts.getJSDocCommentsAndTags(declaration).filter(ts.isJSDoc)
  const last = docs[docs.length - 1]
  if (!last) return undefined
  const isFileComment = (last.tags ?? []).some((t) =>
    ['module', 'packageDocumentation'].includes(t.tagName.text),
  )
  return isFileComment ? undefined : last
}

function commentText(doc: ts.JSDoc): string {
  const c = doc.comment
  return (typeof c === 'string' ? c : (c ?? []).map((part) => part.text).join('')).trim()
}

function verdict(declarations: readonly ts.Declaration[]): { documented: boolean; hasExample: boolean } {
  const docs = declarations.map(docOf).filter((d): d is ts.JSDoc => d !== undefined)
  return {
    documented: docs.some((d) => commentText(d) !== ''),
    hasExample: docs.some((d) => (d.tags ?? []).some((t) => t.tagName.text === 'example')),
  }
}

function listExports(program: ts.Program, entry: string): ExportDoc[] {
  const checker = program.getTypeChecker()
  const source = program.getSourceFile(resolve(ROOT, entry))
  if (!source) throw new Error(`${entry} is not part of the program`)
  const moduleSymbol = checker.getSymbolAtLocation(source)
  if (!moduleSymbol) throw new Error(`${entry} has no module symbol`)
  return checker.getExportsOfModule(moduleSymbol).map((exported) => {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    const declarations = symbol.declarations ?? []
    const file = declarations[0] ? relative(ROOT, declarations[0].getSourceFile().fileName) : '?'
    return { name: exported.name, file, ...verdict(declarations) }
  })
}

function problems(exports: readonly ExportDoc[]): string[] {
  return exports
    .filter((e) => !e.documented || !e.hasExample)
    .map((e) => {
      const missing = [!e.documented && 'doc comment', !e.hasExample && '@example'].filter(Boolean)
      return `${e.name} (${e.file}): no ${missing.join(', no ')}`
    })
    .sort()
}

describe('public exports are documented', function () {
  this.timeout(30_000)
  let found: Record<keyof typeof ENTRIES, ExportDoc[]>

  before(() => {
    const program = ownFilesProgram(Object.values(ENTRIES).map((e) => resolve(ROOT, e)))
    found = {
      rxvenue: listExports(program, ENTRIES.rxvenue),
      'rxvenue/testing': listExports(program, ENTRIES['rxvenue/testing']),
      'rxvenue/mock': listExports(program, ENTRIES['rxvenue/mock']),
    }
  })

  it('sees the exports of both entry points, type-only ones included', () => {
    const root = found.rxvenue.map((e) => e.name)
    const testing = found['rxvenue/testing'].map((e) => e.name)
    // one value and one type-only export per entry: an empty or value-only listing would pass vacuously
    expect(root).to.include.members(['createClient', 'VenueError', 'OrderBook', 'ErrorKind'])
    expect(testing).to.include.members(['startSimulator', 'SimulatorOptions'])
    expect(found['rxvenue/mock'].map((e) => e.name)).to.include.members(['createMockVenue', 'MockVenueOptions'])
  })

  it('finds a missing comment or example (the check itself can fail)', () => {
    const file = ts.createSourceFile(
      'probe.ts',
      [
        '/** The file.\n * @module\n */',
        '/** Why it exists.\n * @example\n * a()\n */\nexport function a() {}',
        '/** Why, without an example. */\nexport const b = 1',
        '/**\n * @example\n * const c: C = "x"\n */\nexport type C = string',
        '/** The file only.\n * @packageDocumentation\n */\nexport interface D { x: number }',
      ].join('\n'),
      ts.ScriptTarget.ES2022,
      true,
    )
    const declarationOf = (s: ts.Statement): ts.Declaration =>
      ts.isVariableStatement(s) ? s.declarationList.declarations[0]! : (s as ts.Statement & ts.Declaration)
    const verdicts = file.statements.map((s) => verdict([declarationOf(s)]))
    expect(verdicts).to.deep.equal([
      { documented: true, hasExample: true },
      { documented: true, hasExample: false },
      { documented: false, hasExample: true },
      { documented: false, hasExample: false },
    ])
  })

  for (const entry of Object.keys(ENTRIES) as (keyof typeof ENTRIES)[]) {
    it(`every export of '${entry}' has a doc comment and an @example`, () => {
      const missing = problems(found[entry])
      expect(missing, `exports of '${entry}' without docs:\n  ${missing.join('\n  ')}\n`).to.deep.equal([])
    })
  }
})

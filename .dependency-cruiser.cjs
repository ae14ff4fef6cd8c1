/**
 * The house and the arrows between its parts (DESIGN.md, "The house"), checked by `npm run lint`:
 *
 * | part    | folders                         | may import                                             |
 * |---------|---------------------------------|--------------------------------------------------------|
 * | core    | lib/core, lib/codec             | nothing else                                           |
 * | wire    | lib/transport, lib/auth         | core                                                   |
 * | book    | lib/book                        | core                                                   |
 * | venues  | lib/venues                      | wire, book, core (the mock venue: sim too)             |
 * | trading | lib/orders, lib/risk, lib/store | venues, core                                           |
 * | sim     | lib/sim (the matching engine)   | core                                                   |
 * | testing | lib/testing (the simulators)    | sim, core; never venues or wire                        |
 * | face    | streams/, index.ts, testing.ts  | venues, book, core, trading (testing.ts: testing too)  |
 *
 * A part may always import itself. Each rule names the row it enforces. Only arrows between our
 * own files are checked; npm packages and node built-ins are the business of package.json.
 * There is no list of tolerated violations: any arrow against the table fails.
 */

/** Our own files that belong to a part of the house. */
const HOUSE = '^(?:lib/|streams/|index\\.ts$|testing\\.ts$)'

/** Folders of each part, as path patterns. */
const CORE = '^lib/(?:core|codec)/'
const WIRE = '^lib/(?:transport|auth)/'
const BOOK = '^lib/book/'
const VENUES = '^lib/venues/'
const TRADING = '^lib/(?:orders|risk|store)/'
const SIM = '^lib/sim/'
const TESTING = '^lib/testing/'
const FACE = '^(?:streams/|index\\.ts$|testing\\.ts$)'

/** A venue's own folder (`lib/venues/<id>/`), as opposed to what every venue shares. */
const VENUE_FOLDER = '^lib/venues/(?!kit/|contract/)([^/]+)/'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-core',
      comment: 'core (lib/core, lib/codec) may import nothing else: it is what every other part stands on.',
      severity: 'error',
      from: { path: CORE },
      to: { path: HOUSE, pathNot: CORE },
    },
    {
      name: 'wire-imports-only-core',
      comment:
        'wire (lib/transport, lib/auth) may import core: sockets, REST and signing know no venue and no book.',
      severity: 'error',
      from: { path: WIRE },
      to: { path: HOUSE, pathNot: [CORE, WIRE] },
    },
    {
      name: 'book-imports-only-core',
      comment: 'book (lib/book) may import core: the L2 book knows no venue and no wire.',
      severity: 'error',
      from: { path: BOOK },
      to: { path: HOUSE, pathNot: [CORE, BOOK] },
    },
    {
      name: 'venues-import-wire-book-core',
      comment:
        'venues (lib/venues) may import wire, book and core. The simulators (lib/testing) and the matching ' +
        'engine (lib/sim) have their own rules below.',
      severity: 'error',
      from: { path: VENUES },
      to: { path: HOUSE, pathNot: [CORE, WIRE, BOOK, VENUES, SIM, TESTING] },
    },
    {
      name: 'venues-not-sim-except-mock',
      comment:
        'venues may not import the matching engine (lib/sim), with one exception: the in-process mock venue ' +
        '(lib/venues/mock) runs the engine in-process, so it may.',
      severity: 'error',
      from: { path: VENUES, pathNot: '^lib/venues/mock/' },
      to: { path: SIM },
    },
    {
      name: 'venues-not-simulators',
      comment:
        "venues may not import the simulators (lib/testing). Only a venue's module.ts may name its own " +
        'simulator, lazily (see the two rules below).',
      severity: 'error',
      from: { path: VENUES, pathNot: '^lib/venues/[^/]+/module\\.ts$' },
      to: { path: TESTING },
    },
    {
      name: 'venue-module-names-simulator-lazily',
      comment:
        'lib/venues/<id>/module.ts may name its simulator with a dynamic import() only: the list of venue ' +
        "modules says where each venue's simulator is without loading it for clients that never test.",
      severity: 'error',
      from: { path: '^lib/venues/[^/]+/module\\.ts$' },
      to: { path: TESTING, dynamic: false },
    },
    {
      name: 'venue-module-names-own-simulator',
      comment:
        'lib/venues/<id>/module.ts may name only its own simulator (lib/testing/<id>/); the simulator itself ' +
        'never imports the venue, so the two stay independent implementations of the protocol.',
      severity: 'error',
      from: { path: '^lib/venues/([^/]+)/module\\.ts$' },
      to: { path: TESTING, pathNot: '^lib/testing/$1/' },
    },
    {
      name: 'venue-folders-independent',
      comment:
        "venues: a venue folder may not import another venue's folder (bybit -> binance): what two venues " +
        'share lives in lib/venues/kit or lib/venues/contract.',
      severity: 'error',
      from: { path: VENUE_FOLDER },
      to: { path: '^lib/venues/(?!kit/|contract/)[^/]+/', pathNot: '^lib/venues/$1/' },
    },
    {
      name: 'kit-knows-no-venue',
      comment:
        'venues: lib/venues/kit and lib/venues/contract are shared by every venue, so they may import none.',
      severity: 'error',
      from: { path: '^lib/venues/(?:kit|contract)/' },
      to: { path: '^lib/venues/(?!kit/|contract/)[^/]+/' },
    },
    {
      name: 'trading-imports-venues-core',
      comment: 'trading (lib/orders, lib/risk, lib/store) may import venues and core.',
      severity: 'error',
      from: { path: TRADING },
      to: { path: HOUSE, pathNot: [CORE, VENUES, TRADING] },
    },
    {
      name: 'sim-imports-only-core',
      comment:
        'sim (lib/sim, the matching engine) may import core: it is shared by the simulators and the mock venue.',
      severity: 'error',
      from: { path: SIM },
      to: { path: HOUSE, pathNot: [CORE, SIM] },
    },
    {
      name: 'simulators-import-sim-core',
      comment:
        'testing (lib/testing, the simulators) may import sim and core, never venues or wire: each simulator ' +
        "is an independent implementation of its protocol, so it cannot agree with the client's bugs.",
      severity: 'error',
      from: { path: TESTING },
      to: { path: HOUSE, pathNot: [CORE, SIM, TESTING] },
    },
    {
      name: 'face-imports-venues-book-core-trading',
      comment:
        'face (streams/, index.ts) may import venues, book, core and trading; never wire, sim or the simulators.',
      severity: 'error',
      from: { path: '^(?:streams/|index\\.ts$)' },
      to: { path: HOUSE, pathNot: [CORE, BOOK, VENUES, TRADING, FACE] },
    },
    {
      name: 'testing-entry-imports-simulators',
      comment:
        'face: testing.ts (the rxvenue/testing entry) may import what the face may, and the simulators and ' +
        'venues it starts.',
      severity: 'error',
      from: { path: '^testing\\.ts$' },
      to: { path: HOUSE, pathNot: [CORE, BOOK, VENUES, TRADING, FACE, TESTING] },
    },
    {
      name: 'every-lib-file-in-a-part',
      comment:
        'A file in lib/ outside the folders of the table above belongs to no part, so no row constrains ' +
        'it: add its folder to a part first.',
      severity: 'error',
      from: { path: '^lib/(?!(?:core|codec|transport|auth|book|venues|orders|risk|store|sim|testing)/)' },
      to: {},
    },
    {
      name: 'no-tests-or-tools-in-the-package',
      comment:
        'lib/, streams/ and the entries ship in the package; tests, benchmarks, examples and scripts do not, ' +
        'so the package may not import them (they may import anything).',
      severity: 'error',
      from: { path: HOUSE },
      to: { path: '^(?:test|marble-tests|bench|examples|scripts)/' },
    },
    {
      name: 'node-builtins-only-where-node-runs',
      comment:
        'A Node built-in (node:crypto, node:http…) breaks every browser bundle that reaches it: only the ' +
        'private-key signing (lib/auth/key-crypto.ts, swapped for stand-ins in browsers), the SQLite store ' +
        'and the simulators may import one.',
      severity: 'error',
      from: { path: HOUSE, pathNot: ['^lib/auth/key-crypto(?:\\.browser)?\\.ts$', '^lib/store/', TESTING] },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      comment:
        'No import circles in lib/ and streams/, type-only imports included: a circle makes two files one ' +
        'that cannot be read, tested or moved apart.',
      severity: 'error',
      from: { path: HOUSE },
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import the checker cannot resolve is one whose arrow it cannot check.',
      severity: 'error',
      from: { path: HOUSE },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // Cruise only the house (lib/, streams/, index.ts, testing.ts); anything else (node_modules,
    // test/, bench/ ...) is recorded where the house imports it, but not followed.
    doNotFollow: { path: '^(?!(?:lib|streams)(?:/|$)|(?:index|testing)\\.ts$)' },
    // Type-only imports are arrows too: "import type" circles and layer breaks count.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
}

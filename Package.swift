// swift-tools-version: 6.0
import PackageDescription

/// One settings list for every Swift target: Swift 6 language mode (strict concurrency) and
/// warnings as errors in CI builds (`make test` passes `-Xswiftc -warnings-as-errors`).
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "scriptc",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "scriptc", targets: ["scriptc"]),
        .executable(name: "scriptc-render", targets: ["scriptc-render"]),
        .library(name: "ScriptcParser", targets: ["Parser"]),
        .library(name: "ScriptcIR", targets: ["IR"]),
        .library(name: "ScriptcBackends", targets: ["Backends"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: Syntax: sources, positions, Fountain and FDX, JSON AST.
        .target(name: "CFountainScan"),
        .target(name: "Parser", dependencies: ["CLibXML2", "CFountainScan"], swiftSettings: swiftSettings),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),

        // MARK: IR: lowering, the production DSL, passes, the plan.
        .target(name: "IR", dependencies: ["Parser", "CCrypto"], swiftSettings: swiftSettings),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),

        // MARK: Backends: generators, mixer, encoders, exports, build executor.
        .target(name: "Backends", dependencies: ["IR", "CCairoPango", "CEspeakNG", "CFluidSynth", "CSndFile", "COpenBLAS"], swiftSettings: swiftSettings),

        // MARK: C libraries (one systemLibrary per library, a module map over a shim.h).
        .systemLibrary(
            name: "CCairoPango",
            pkgConfig: "pangocairo",
            providers: [.apt(["libcairo2-dev", "libpango1.0-dev", "libfontconfig-dev"])]
        ),

        // Audio libraries (speech, music, audio files, mixing).
        .systemLibrary(name: "CEspeakNG", pkgConfig: "espeak-ng", providers: [.apt(["libespeak-ng-dev"])]),
        .systemLibrary(name: "CFluidSynth", pkgConfig: "fluidsynth", providers: [.apt(["libfluidsynth-dev"])]),
        .systemLibrary(name: "CSndFile", pkgConfig: "sndfile", providers: [.apt(["libsndfile1-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),

        // MARK: Generated screenplays for benchmarks and tests (no dependencies).
        .target(name: "ScriptGen", swiftSettings: swiftSettings),

        // MARK: Command line.
        .executableTarget(
            name: "scriptc",
            dependencies: [
                "Parser", "IR",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "scriptc-render", dependencies: ["Parser", "IR", "Backends"], swiftSettings: swiftSettings),
        .executableTarget(name: "scriptc-bench", dependencies: ["Parser", "IR", "ScriptGen"], swiftSettings: swiftSettings),

        // MARK: Tests (folders mirror Sources).
        .testTarget(name: "ParserTests", dependencies: ["Parser"], exclude: ["Fixtures", "Conformance/README.md"], swiftSettings: swiftSettings),
        .testTarget(name: "IRTests", dependencies: ["IR", "ScriptGen"], exclude: ["Goldens"], swiftSettings: swiftSettings),
        .testTarget(name: "BackendsTests", dependencies: ["Backends", "ScriptGen"], swiftSettings: swiftSettings),
    ]
)

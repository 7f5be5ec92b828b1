// swift-tools-version:6.0
// Klarsyn: a data warehouse and report workbench for public healthcare.
//
// Targets are split by dependency direction (see docs/decisions/0001-package-layout.md):
// Core (no I/O) ← SQL ← Store ← Ingest/Build ← CLI. The demo generator depends on Core only;
// so does Disclosure (small-cell suppression and exports, pure), which Web uses.
import PackageDescription

/// Strictness applied to every target in one place.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Klarsyn",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "klarsyn", targets: ["KlarsynCLI"]),
        .library(name: "KlarsynCore", targets: ["KlarsynCore"]),
        .library(name: "KlarsynMetrics", targets: ["KlarsynMetrics"]),
        .library(name: "KlarsynDemo", targets: ["KlarsynDemo"]),
        .library(name: "KlarsynDisclosure", targets: ["KlarsynDisclosure"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
    ],
    targets: [
        .target(name: "KlarsynCore"),
        .target(name: "KlarsynSQL", dependencies: ["KlarsynCore"]),
        .target(name: "KlarsynMetrics", dependencies: ["KlarsynCore"]),
        .target(
            name: "KlarsynWorkspace",
            dependencies: [
                "KlarsynCore", "KlarsynMetrics",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("DefaultWorkspace")]
        ),
        .target(
            name: "KlarsynStore",
            dependencies: ["KlarsynCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .target(
            name: "KlarsynIngest",
            dependencies: [
                "KlarsynCore", "KlarsynStore",
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "KlarsynBuild",
            dependencies: [
                "KlarsynCore", "KlarsynSQL", "KlarsynMetrics", "KlarsynStore", "KlarsynWorkspace",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "KlarsynReconcile",
            dependencies: [
                "KlarsynCore", "KlarsynMetrics", "KlarsynStore", "KlarsynWorkspace", "KlarsynBuild",
                .product(name: "GRDB", package: "GRDB.swift"), .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(name: "KlarsynDemo", dependencies: ["KlarsynCore"]),
        .target(name: "KlarsynDisclosure", dependencies: ["KlarsynCore"]),
        .target(
            name: "KlarsynWeb",
            dependencies: [
                "KlarsynCore", "KlarsynMetrics", "KlarsynWorkspace", "KlarsynStore", "KlarsynBuild", "KlarsynDisclosure",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"), .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "KlarsynCLI",
            dependencies: [
                "KlarsynCore", "KlarsynMetrics", "KlarsynWorkspace", "KlarsynStore", "KlarsynIngest", "KlarsynBuild",
                "KlarsynDemo", "KlarsynWeb", "KlarsynReconcile",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "KlarsynTesting", dependencies: ["KlarsynCore"]),
        .testTarget(name: "KlarsynCoreTests", dependencies: ["KlarsynCore", "KlarsynTesting"]),
        .testTarget(name: "KlarsynMetricsTests", dependencies: ["KlarsynCore", "KlarsynMetrics", "KlarsynWorkspace"]),
        .testTarget(name: "KlarsynDemoTests", dependencies: ["KlarsynDemo", "KlarsynTesting"]),
        .testTarget(
            name: "KlarsynDisclosureTests", dependencies: ["KlarsynDisclosure", "KlarsynCore", "KlarsynTesting"]
        ),
        .testTarget(name: "KlarsynWorkspaceTests", dependencies: ["KlarsynWorkspace", "KlarsynTesting"]),
        .testTarget(name: "KlarsynSQLTests", dependencies: ["KlarsynSQL"]),
        .testTarget(
            name: "KlarsynIngestTests", dependencies: ["KlarsynIngest", "KlarsynStore", "KlarsynTesting", "KlarsynDemo"]
        ),
        .testTarget(
            name: "KlarsynBuildTests",
            dependencies: [
                "KlarsynBuild", "KlarsynTesting", "KlarsynIngest", "KlarsynDemo", "KlarsynWorkspace", "KlarsynStore",
                "KlarsynMetrics", "KlarsynCore", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "KlarsynWebTests",
            dependencies: [
                "KlarsynWeb", "KlarsynWorkspace", "KlarsynStore", "KlarsynBuild", "KlarsynMetrics",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "KlarsynReconcileTests",
            dependencies: [
                "KlarsynReconcile", "KlarsynDemo", "KlarsynIngest", "KlarsynBuild", "KlarsynStore", "KlarsynMetrics",
                "KlarsynWorkspace", "KlarsynTesting", "KlarsynCore", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "KlarsynRegionTests",
            dependencies: [
                "KlarsynDemo", "KlarsynIngest", "KlarsynBuild", "KlarsynStore", "KlarsynWorkspace", "KlarsynTesting",
                "KlarsynCore", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "KlarsynCLITests",
            dependencies: [
                "KlarsynTesting", "KlarsynCore", "KlarsynWeb", "KlarsynStore", .product(name: "GRDB", package: "GRDB.swift"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}

// swift-tools-version:6.0
// Benchmarks live apart from the tests: they measure, never assert. Run from this folder:
//   swift run -c release EngineBench [employees]
//   swift run -c release DisclosureBench [wards] [seed]
// Figures go to ../docs/benchmarks.md.
import PackageDescription

let package = Package(
    name: "KlarsynBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Klarsyn", path: "..")],
    targets: [
        .executableTarget(
            name: "EngineBench",
            dependencies: [
                .product(name: "KlarsynCore", package: "Klarsyn"),
                .product(name: "KlarsynMetrics", package: "Klarsyn"),
            ]
        ),
        .executableTarget(
            name: "DisclosureBench", dependencies: [.product(name: "KlarsynDisclosure", package: "Klarsyn")]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version:6.1
import PackageDescription

// Throughput benchmarks, kept out of the main package so CI never builds the benchmark
// framework. Run from this folder: swift package --allow-writing-to-package-directory benchmark
func benchmark(_ name: String, also: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            "BenchmarkSupport",
            .product(name: "ProdCore", package: "Crupto"),
            .product(name: "Benchmark", package: "benchmark"),
        ] + also,
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

let package = Package(
    name: "CruptoBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Crupto", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "BenchmarkSupport", dependencies: [.product(name: "ProdCore", package: "Crupto")]),
        benchmark("DataBenchmarks"),
        benchmark("EngineBenchmarks"),
        benchmark("RecordingBenchmarks"),
        // The brain's end of the socket (RunnerClient) lives in BrainOrchestrator.
        benchmark("RunnerBenchmarks", also: [.product(name: "BrainOrchestrator", package: "Crupto")]),
    ]
)

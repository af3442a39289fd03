// swift-tools-version:6.1
import PackageDescription

// Throughput benchmarks, kept out of the main package so CI never builds the benchmark
// framework. Run from this folder: swift package benchmark
let package = Package(
    name: "CruptoBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Crupto", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "DataBenchmarks",
            dependencies: [
                .product(name: "ProdCore", package: "Crupto"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/DataBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "EngineBenchmarks",
            dependencies: [
                .product(name: "ProdCore", package: "Crupto"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EngineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)

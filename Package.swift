// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Crupto",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ProdCore", targets: ["ProdCore"]),
        .library(name: "AgentTools", targets: ["AgentTools"]),
        .library(name: "BrainOrchestrator", targets: ["BrainOrchestrator"]),
        .library(name: "ExchangeSim", targets: ["ExchangeSim"]),
        .executable(name: "brain", targets: ["brain"]),
        .executable(name: "prodcore-runner", targets: ["prodcore-runner"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-websocket", from: "1.6.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
    ],
    targets: [
        .systemLibrary(name: "Czlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // Linux process hardening (no_new_privs, Landlock, rlimits) that Swift cannot call directly:
        // Landlock has no libc wrapper and `syscall` is variadic.
        .target(name: "CSandbox"),
        .target(
            name: "ProdCore",
            dependencies: [
                "Czlib", "CSandbox",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // JSON lines logs in storage/logs (Logs/).
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                // The live feed (Binance's public market data): REST and WebSocket clients.
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
            ]
        ),
        // What stands in for the outside world in tests, demos and soaks; never linked into prodcore-runner.
        .target(
            name: "ExchangeSim",
            dependencies: [
                "ProdCore",
                // The fake Binance: its REST and WebSocket server on loopback.
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
            ]
        ),
        // Regime classifiers are evaluated on seeded synthetic markets (`brain regime --evaluate`).
        .target(name: "AgentTools", dependencies: ["ProdCore", "ExchangeSim"]),
        .target(
            name: "BrainOrchestrator",
            dependencies: [
                "AgentTools", "ExchangeSim", "ProdCore",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "brain",
            dependencies: [
                "BrainOrchestrator", "AgentTools", "ExchangeSim", "ProdCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "prodcore-runner",
            dependencies: ["ProdCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "ProdCoreTests",
            dependencies: [
                "ProdCore",
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"]
        ),
        // The live feed against the fake Binance, in one process (the runner-level tests are in BrainCLITests).
        .testTarget(name: "LiveFeedTests", dependencies: ["ProdCore", "ExchangeSim"]),
        .testTarget(name: "AgentToolsTests", dependencies: ["AgentTools", "ExchangeSim", "ProdCore"]),
        .testTarget(name: "BrainOrchestratorTests", dependencies: ["BrainOrchestrator", "AgentTools", "ExchangeSim", "ProdCore"]),
        .testTarget(name: "BrainCLITests", dependencies: ["brain", "BrainOrchestrator", "ExchangeSim", "ProdCore", .product(name: "Yams", package: "Yams")]),
    ]
)

// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "newswatch",
    products: [
        .executable(name: "newswatch", targets: ["newswatch"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    ],
    targets: [
        // C at the edge: one system-library module per C library.
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CYAML", path: "Sources/CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),

        // Dependency-free: the C library import, mkdir -p, timestamps, URL hosts and redaction, edit
        // distance, counted nouns: each shared rule in one place.
        .target(name: "Basics"),
        // libcurl's multi interface behind async/await.
        .target(name: "Curl", dependencies: ["CCurl", "Basics"]),
        // Compact JSON with keys in a fixed order.
        .target(name: "JSONOutput"),
        // Pure: bytes -> Feed/Entry values.
        .target(name: "Feeds", dependencies: ["CLibXML2", "JSONOutput", "Basics"]),
        // Pure: an article page (bytes, any charset) -> its main text, title, author, date, language, canonical URL.
        .target(name: "Articles", dependencies: ["CLibXML2", "Feeds", "Basics", "JSONOutput"]),
        // Pure: rule language, normalization, matching, explanations.
        .target(name: "Rules", dependencies: ["Basics"]),
        // Pure: near-duplicate detection (one story, many articles): signatures and the window's index.
        .target(name: "Stories", dependencies: ["Rules", "Basics"]),
        // Config and rule files (YAML, composed from libyaml's events) -> validated values, with FILE:LINE:COL diagnostics.
        .target(name: "Configuration", dependencies: ["Rules", "CYAML", "Basics"]),
        // SQLite state: feeds, validators, entries seen, the alert outbox.
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .target(name: "Store", dependencies: ["CZlib", .product(name: "GRDB", package: "GRDB.swift")]),
        // Alert records (made from a rule match on an entry), ids, formatting (pure) and the log/spool sinks.
        .target(
            name: "Alerts",
            dependencies: [
                "JSONOutput", "Basics", "Feeds", "Rules", "Configuration",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),
        // Composition: scheduler, refresh pipeline, delivery, reload, systemd notify, status.
        .target(
            name: "Daemon",
            dependencies: [
                "Basics", "Curl", "Feeds", "Articles", "Stories", "Rules", "Configuration", "Store", "Alerts",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HeapModule", package: "swift-collections"),
            ]),
        .executableTarget(
            name: "newswatch",
            dependencies: [
                "Basics", "Daemon", "Feeds", "Articles", "Rules", "Configuration", "Alerts", "Store", "Curl",
                "JSONOutput",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Benchmarks and the fuzz driver: run by hand (see Benchmarks/README.md), never by `make test`.
        .executableTarget(name: "feeds-bench", dependencies: ["Feeds"], path: "Benchmarks/FeedsBench"),
        .executableTarget(name: "rules-bench", dependencies: ["Rules", "TestSupport"], path: "Benchmarks/RulesBench"),
        .executableTarget(
            name: "stories-bench", dependencies: ["Stories", "Rules", "Configuration", "TestSupport"],
            path: "Benchmarks/StoriesBench"),
        .executableTarget(name: "feeds-fuzz", dependencies: ["Feeds", "TestSupport"], path: "Benchmarks/FeedsFuzz"),
        .executableTarget(name: "articles-fuzz", dependencies: ["Articles"], path: "Benchmarks/ArticlesFuzz"),

        // Test helpers: a real HTTP server on 127.0.0.1.
        .target(name: "TestSupport", dependencies: ["Basics"], path: "Tests/TestSupport"),

        .testTarget(name: "BasicsTests", dependencies: ["Basics"]),

        .testTarget(name: "FeedsTests", dependencies: ["Feeds", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ArticlesTests", dependencies: ["Articles", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "TestSupport"]),
        .testTarget(name: "StoriesTests", dependencies: ["Stories", "Rules"]),
        .testTarget(name: "ConfigurationTests", dependencies: ["Configuration", "Rules", "TestSupport"]),
        .testTarget(name: "CurlTests", dependencies: ["Curl", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "AlertsTests", dependencies: ["Alerts", "Basics", "TestSupport"]),
        .testTarget(name: "DaemonTests", dependencies: ["Daemon", "Alerts", "Basics", "Store", "TestSupport"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["TestSupport", "Basics", "Store", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)

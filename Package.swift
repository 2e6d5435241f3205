// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "cmsched",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cmsched", targets: ["cmsched"]),
        .executable(name: "cms-sim", targets: ["cms-sim"]),
        .library(name: "SchedulerKit", targets: ["SchedulerKit"]),
        .library(name: "CallBridgeSim", targets: ["CallBridgeSim"]),
        .library(name: "SchedulerServer", targets: ["SchedulerServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // libcurl's headers only: the library is opened on first use (Sources/CCurl/shim.h), not
        // linked, so commands that send nothing do not load it and the 30 libraries it needs.
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CICal",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        // libxml2's reader, for the Call Bridge's replies (Foundation's XMLParser wraps it).
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // glibc's mallopt, to keep a short command's heap (SchedulerKit's ShortCommandHeap).
        .systemLibrary(name: "CMalloc"),
        .target(
            name: "SchedulerKit",
            dependencies: [
                "CCurl",
                "CMalloc",
                "CICal",
                "CLibXML2",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]
        ),
        .target(
            name: "SchedulerServer",
            dependencies: [
                "SchedulerKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            // The operations pages' templates, stylesheet and script: compiled in as
            // Ops/OpsAssets.swift (scripts/embed-ops-assets), so the binary is all `make install` copies.
            exclude: ["Ops/Assets"]
        ),
        .executableTarget(
            name: "cmsched",
            dependencies: [
                "SchedulerKit",
                "SchedulerServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "CallBridgeSim",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "cms-sim",
            dependencies: [
                "CallBridgeSim",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "fastpaths-bench",
            dependencies: ["SchedulerKit", .product(name: "GRDB", package: "GRDB.swift")],
            path: "bench/fastpaths"
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "SchedulerKit",
                "CallBridgeSim",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "SchedulerKitTests",
            dependencies: ["SchedulerKit", "SchedulerServer", "CallBridgeSim", "TestSupport", "CMalloc"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CmschedTests",
            dependencies: [
                "cmsched",
                "cms-sim",
                "CallBridgeSim",
                "TestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (`make fuzz`, scripts/fuzz, README "Fuzzing"): only when CMSCHED_FUZZ is
// set, since they link against libFuzzer's driver, which only -sanitize=fuzzer brings.
if ProcessInfo.processInfo.environment["CMSCHED_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"))
    for (name, library) in [
        ("fuzz-bulk", "SchedulerKit"), ("fuzz-xml", "SchedulerKit"), ("fuzz-ics", "SchedulerKit"), ("fuzz-rrule", "SchedulerKit"),
        ("fuzz-times", "SchedulerKit"), ("fuzz-c2w", "SchedulerServer"), ("fuzz-body", "SchedulerServer"),
    ] {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["FuzzDriver"] + Set(["SchedulerKit", library]).sorted().map { .target(name: $0) },
                path: "Fuzz/\(name)"))
    }
}

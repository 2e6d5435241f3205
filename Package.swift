// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "cmsched",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "cmsched", targets: ["cmsched"]),
        .library(name: "SchedulerKit", targets: ["SchedulerKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CICal",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        .target(
            name: "SchedulerKit",
            dependencies: [
                "CCurl",
                "CICal",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .executableTarget(
            name: "cmsched",
            dependencies: [
                "SchedulerKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SchedulerKitTests",
            dependencies: ["SchedulerKit"]
        ),
        .testTarget(
            name: "CmschedTests",
            dependencies: [
                "cmsched",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "sitegen",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "sitegen", targets: ["sitegen"]),
        .library(name: "SitegenCore", targets: ["SitegenCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]), .brew(["cmark-gfm"])]
        ),
        // libvips is loaded when the first image is made, so nothing is linked against it (see its shim.h).
        .systemLibrary(name: "CVips"),
        .target(name: "SitegenImages", dependencies: ["CVips"]),
        .target(name: "SitegenHighlight"),
        .target(name: "SitegenMarkdown", dependencies: ["CCmarkGFM", "SitegenHighlight"]),
        .target(
            name: "SitegenCore",
            dependencies: [
                "SitegenMarkdown",
                "SitegenImages",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "SitegenServe",
            dependencies: [
                "SitegenCore", "SitegenMarkdown",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "sitegen",
            dependencies: [
                "SitegenCore",
                "SitegenMarkdown",
                "SitegenServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "SitegenFuzzEntries", dependencies: ["SitegenCore", "SitegenImages", "SitegenServe"], path: "Fuzz/Entries"),
        .executableTarget(name: "sitegen-fuzz", dependencies: ["SitegenFuzzEntries"], path: "Fuzz/Driver"),
        .testTarget(name: "SitegenHighlightTests", dependencies: ["SitegenHighlight"]),
        .testTarget(name: "SitegenMarkdownTests", dependencies: ["SitegenMarkdown"], exclude: ["Conformance"]),
        .testTarget(name: "SitegenImagesTests", dependencies: ["SitegenImages"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SitegenCoreTests", dependencies: ["SitegenCore", .product(name: "Yams", package: "Yams")],
            exclude: ["MustacheSpec"]),
        .testTarget(
            name: "SitegenServeTests",
            dependencies: ["SitegenServe", .product(name: "HummingbirdTesting", package: "hummingbird")]
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["SitegenCore", "SitegenMarkdown"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["SitegenFuzzEntries"]),
    ]
)

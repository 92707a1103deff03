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
            ],
            // In a release build, the Swift runtime and Foundation are linked in (as `swift build
            // --static-swift-stdlib` does, with the libraries Foundation's static module would name) rather than
            // loaded: each run skips resolving their symbols, 8 of its 16 ms to start, and calls into them directly,
            // about 7% of a full build's CPU. Not in a debug build: the static runtime's link flags keep the symbols of
            // archives, AddressSanitizer's allocator among them, from the shared cmark-gfm, which would then allocate
            // with glibc what the program frees with the sanitizer. Nor on Apple platforms.
            linkerSettings: [
                .unsafeFlags(
                    ["-static-stdlib", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCShims", "-l_FoundationCollections"],
                    .when(platforms: [.linux], configuration: .release))
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

// swift-tools-version: 6.0
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Maillage",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "maillage", targets: ["maillage"]),
        .library(name: "MaillageCore", targets: ["MaillageCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/swhitty/FlyingFox.git", exact: "0.27.1"),
        // The atelier (web desk): HTTP, sessions, bcrypt, multipart uploads.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", exact: "2.5.0"),
        .package(url: "https://github.com/vapor/multipart-kit.git", exact: "4.7.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.100.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CVips",
            pkgConfig: "vips",
            providers: [.apt(["libvips-dev"])]
        ),
        // zlib: the parts of a Word or ODT file (a ZIP archive). ZIPFoundation's zlib module
        // gives libc's `stat` to CoreFoundation in every file of MaillageCore (MemberImportVisibility).
        .target(name: "CMaillageSystem", linkerSettings: [.linkedLibrary("z")]),
        // swift-mustache 2.1.1 (Apache-2.0), with rendering made faster: see Sources/Mustache/README.md.
        .target(name: "Mustache", exclude: ["README.md", "LICENSE.txt"], swiftSettings: [.swiftLanguageMode(.v5)]),
        // poppler-glib (a PDF's text) for the C code only: as a system-library module, its include
        // paths reach Swift and give libc's `stat` to CoreFoundation (MemberImportVisibility errors).
        .target(
            name: "CMaillageImages",
            dependencies: ["CVips"],
            cSettings: [.unsafeFlags(["-I/usr/include/poppler/glib", "-I/usr/include/poppler", "-I/usr/include/cairo"])],
            linkerSettings: [.linkedLibrary("poppler-glib")]
        ),
        .target(
            name: "MaillageCore",
            dependencies: [
                "CCmarkGFM",
                "CMaillageSystem",
                "CMaillageImages",
                .product(name: "Yams", package: "Yams"),
                "Mustache",
            ],
            resources: [.embedInCode("Theme"), .embedInCode("Search/Vocabulaire"), .embedInCode("Import/Filtre")],
            swiftSettings: swiftSettings
        ),
        // `maillage atelier`: the web desk where communicators write, upload, preview and publish.
        .target(
            name: "MaillageAtelier",
            dependencies: [
                "MaillageCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "maillage",
            dependencies: [
                "MaillageCore",
                "MaillageAtelier",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MaillageCoreTests",
            dependencies: ["MaillageCore", "MaillageAtelier"],
            swiftSettings: swiftSettings
        ),
    ]
)

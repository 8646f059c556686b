// swift-tools-version:5.9
// The iOS side of Cadence as a Swift package:
//   CadenceFFI       the Rust library (static, per platform) with its C headers,
//                    an xcframework built by scripts/build-xcframework.sh
//   CadenceBindings  the uniffi-generated Swift (Cadence.swift, CadenceCore.swift),
//                    copied in by the same script; never committed
//   CadenceKit       the platform-free Swift layer, a mirror of the Kotlin kit
//                    (examples/android/kit), with its XCTest tests
// The SwiftUI app shell in App/ depends on the product CadenceKit.
import PackageDescription

let package = Package(
    name: "CadenceKit",
    platforms: [.iOS(.v16), .macOS(.v13)],
    products: [
        .library(name: "CadenceKit", targets: ["CadenceKit", "CadenceBindings"]),
    ],
    targets: [
        .binaryTarget(name: "CadenceFFI", path: "CadenceFFI.xcframework"),
        .target(
            name: "CadenceBindings",
            dependencies: ["CadenceFFI"],
            path: "Sources/CadenceBindings",
            linkerSettings: [
                // chrono's zone lookup (iana-time-zone) and Rust's std on Apple platforms
                .linkedFramework("CoreFoundation"),
                .linkedFramework("Security"),
            ]
        ),
        .target(name: "CadenceKit", dependencies: ["CadenceBindings"]),
        .testTarget(name: "CadenceKitTests", dependencies: ["CadenceKit", "CadenceBindings"]),
    ]
)

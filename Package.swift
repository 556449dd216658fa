// swift-tools-version: 6.0
import PackageDescription
import Foundation

// MARK: - Compiler settings

/// The SIMD kernels need a target CPU: without one, `addingProduct` on SIMD8
/// lowers to one `fmaf()` call per lane (about 100× slower). Haswell is the
/// oldest x86-64 with AVX2 + FMA. `FIELDLAB_PORTABLE=1` builds for generic
/// x86-64 (or any other architecture) instead: slower, but runs anywhere.
let portable = ProcessInfo.processInfo.environment["FIELDLAB_PORTABLE"] == "1"
#if arch(x86_64)
let cpuFlags: [String] = portable ? [] : ["-target-cpu", "haswell"]
#else
let cpuFlags: [String] = []
#endif

let numericSettings: [SwiftSetting] = [
    .unsafeFlags(cpuFlags),
]

// MARK: - Package

let package = Package(
    name: "FieldLab",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "fieldlab", targets: ["fieldlab"]),
        .library(name: "FieldLab", targets: [
            "FieldLabCore", "FieldLabData", "FieldLabNeural", "FieldLabSampling",
            "FieldLabMethods", "FieldLabMetrics", "FieldLabRender", "FieldLabFields", "FieldLabPhases",
            "FieldLabAnalysis", "FieldLabExperiments",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: C system libraries (apt: libfftw3-dev, zlib1g-dev, libpng-dev)
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3",
                       providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        // libpng reads pictures used as datasets (FieldLab writes PNG itself, on zlib).
        .systemLibrary(name: "CPNG", pkgConfig: "libpng",
                       providers: [.apt(["libpng-dev"])]),

        // MARK: Core: matrices, seeded randomness, GEMM and vector kernels
        .target(name: "FieldLabCore", swiftSettings: numericSettings),

        // MARK: Domain layers
        .target(name: "FieldLabData", dependencies: ["FieldLabCore", "CPNG"],
                swiftSettings: numericSettings),
        .target(name: "FieldLabRender", dependencies: ["FieldLabCore", "CZlib"],
                swiftSettings: numericSettings),
        .target(name: "FieldLabMetrics", dependencies: ["FieldLabCore"],
                swiftSettings: numericSettings),
        .target(name: "FieldLabNeural", dependencies: ["FieldLabCore"],
                swiftSettings: numericSettings),
        .target(name: "FieldLabSampling", dependencies: ["FieldLabCore"],
                swiftSettings: numericSettings),
        .target(name: "FieldLabFields", dependencies: ["FieldLabCore", "CFFTW"],
                swiftSettings: numericSettings),
        .target(name: "FieldLabMethods",
                dependencies: ["FieldLabCore", "FieldLabNeural", "FieldLabSampling", "FieldLabFields"],
                swiftSettings: numericSettings),

        // MARK: Analysis: curve fits and critical points (pure functions over (x, y))
        .target(name: "FieldLabAnalysis", dependencies: ["FieldLabCore"],
                swiftSettings: numericSettings),

        // MARK: Experiments
        .target(name: "FieldLabExperiments",
                dependencies: ["FieldLabCore", "FieldLabAnalysis", "FieldLabData", "FieldLabNeural",
                               "FieldLabSampling", "FieldLabMethods", "FieldLabMetrics",
                               "FieldLabRender", "FieldLabFields"],
                swiftSettings: numericSettings),

        // MARK: Phases: reproductions of published transitions (sweeps + analysis + charts)
        .target(name: "FieldLabPhases",
                dependencies: ["FieldLabExperiments", "FieldLabAnalysis", "FieldLabCore", "FieldLabData",
                               "FieldLabMethods", "FieldLabMetrics", "FieldLabNeural", "FieldLabRender",
                               "FieldLabSampling"],
                swiftSettings: numericSettings),

        // MARK: Command line (thin shell over the library)
        .target(name: "FieldLabCLI",
                dependencies: ["FieldLabPhases", "FieldLabExperiments", "FieldLabAnalysis", "FieldLabCore", "FieldLabData", "FieldLabMethods",
                               "FieldLabMetrics",
                               "FieldLabSampling", "FieldLabNeural", "FieldLabRender",
                               .product(name: "ArgumentParser", package: "swift-argument-parser")],
                swiftSettings: numericSettings),
        .executableTarget(name: "fieldlab", dependencies: ["FieldLabCLI"],
                          swiftSettings: numericSettings),

        // MARK: Tests (run in release: `swift test -c release`)
        .testTarget(name: "FieldLabCoreTests", dependencies: ["FieldLabCore"],
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabDataTests", dependencies: ["FieldLabData"],
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabRenderTests", dependencies: ["FieldLabRender"],
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabMetricsTests", dependencies: ["FieldLabMetrics"],
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabNeuralTests", dependencies: ["FieldLabNeural"],
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabSamplingTests", dependencies: ["FieldLabSampling"],
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabFieldsTests", dependencies: ["FieldLabFields"],
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabMethodsTests", dependencies: ["FieldLabMethods", "FieldLabData"],
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabAnalysisTests", dependencies: ["FieldLabAnalysis"],
                    exclude: ["Fixtures"],  // read through #filePath, not as resources
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabExperimentsTests",
                    dependencies: ["FieldLabExperiments", "FieldLabCLI"],
                    swiftSettings: numericSettings),
        .testTarget(name: "FieldLabPhasesTests",
                    dependencies: ["FieldLabPhases", "FieldLabExperiments", "FieldLabCLI", "FieldLabCore", "FieldLabMetrics"],
                    swiftSettings: numericSettings),
    ]
)

import Foundation
import Testing
import FieldLabCLI
@testable import FieldLabExperiments

/// `fieldlab bench` as a smoke test: the figures exist and are sane; the
/// timings themselves are not asserted (they live in benchmarks, not tests).
@Suite struct BenchmarkTests {
    @Test func quickBenchmarkReportsEveryPartAsked() throws {
        let report = Benchmark.run(quick: true, parts: [.matmul, .training, .sampling])
        #expect(report.training.map(\.batchSize) == [256, 1024, 4096])
        #expect(report.training.allSatisfy { $0.samplesPerSecond > 0 && $0.gflops > 0 })
        #expect((report.sampling?.pointStepsPerSecond ?? 0) > 0)
        #expect(report.matmulGFLOPS > 0 && report.peakGFLOPS > 0)
        #expect(report.fields.isEmpty)
        // No counting allocator is preloaded into the test process.
        #expect(report.allocationsPerTrainingStep == nil)
        let json = try JSONEncoder().encode(report)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        for key in ["matmulGFLOPS", "peakGFLOPS", "training", "sampling", "fields", "threads"] {
            #expect(object[key] != nil, "\(key) missing from the JSON")
        }
    }

    @Test func anFMALoopIsNoSlowerThanTheProductsItBounds() {
        // The measured peak is the ceiling of the plain product on the same threads
        // (generous margin: the two are timed one after the other on a shared machine).
        let peak = MachinePeak.measuredGFLOPS(seconds: 0.05, threads: 1)
        let product = Benchmark.matmulGFLOPS(m: 256, n: 128, k: 128, seconds: 0.05)
        #expect(peak > 0 && product > 0)
        #expect(product < 3 * peak, "product \(product) vs single-thread peak \(peak)")
    }

    @Test func unknownBenchPartIsOneLineError() {
        var lines: [String] = []
        let status = FieldLabCommand.run(["bench", "--parts", "training,nosuch"]) { lines.append($0) }
        #expect(status != 0)
        #expect(lines.count == 1 && lines[0].contains("unknown part 'nosuch'"))
    }
}

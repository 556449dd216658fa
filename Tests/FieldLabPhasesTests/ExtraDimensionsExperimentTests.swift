import Foundation
import Testing
import FieldLabAnalysis
import FieldLabPhases

/// The quick PFGM++ experiment (D = 4, 2048 and EDM, short training) in a temporary folder.
@Suite(.serialized) struct ExtraDimensionsExperimentTests {
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("fieldlab-phases-pfgm-d-\(getpid())").path

    static func context() -> ExperimentContext {
        ExperimentContext(quick: true, jobs: 2, reportFolder: root + "/pfgm-d", runsFolder: root + "/runs",
                          command: "fieldlab experiment pfgm-d --quick")
    }

    /// D = 2048 and EDM agree within their seed spread (Welch interval of the
    /// difference of energy-distance means contains 0); the best D has an
    /// interval that contains it; the report and its charts are written.
    @Test func quickLargeDMatchesEDM() throws {
        let outcome = try PhaseCatalog.run("pfgm-d", context: Self.context())
        let claim = try #require(outcome.claims.first { $0.statement.contains("agree within their seed spread") })
        #expect(claim.holds, "\(claim.detail)")
        let low = try #require(outcome.figures["largest_minus_edm_low"]), high = try #require(outcome.figures["largest_minus_edm_high"])
        #expect(low <= 0 && 0 <= high)
        let best = try #require(outcome.criticalValues.first { $0.name.hasPrefix("best D (energy") })
        #expect(best.low <= best.value && best.value <= best.high)
        for file in ["README.md", "quality-vs-d.png", "sliced-w2-vs-d.png", "mode-share-vs-d.png", "quality-vs-steps.png",
                     "quality.csv", "best-d.csv"] {
            #expect(FileManager.default.fileExists(atPath: Self.root + "/pfgm-d/" + file), "\(file)")
        }
        let readme = try String(contentsOfFile: Self.root + "/pfgm-d/README.md", encoding: .utf8)
        #expect(readme.contains("fieldlab experiment pfgm-d --quick") && readme.contains("Against the paper"))
        // Everything is seeded: a second run (reusing the sweep) writes the same report.
        let first = try Data(contentsOf: URL(fileURLWithPath: Self.root + "/pfgm-d/README.md"))
        _ = try PhaseCatalog.run("pfgm-d", context: Self.context())
        #expect(try Data(contentsOf: URL(fileURLWithPath: Self.root + "/pfgm-d/README.md")) == first)
    }

    /// Welch's interval on hand-checkable groups, and the argmin bootstrap on a clear minimum.
    @Test func meanDifferenceAndArgmin() throws {
        let d = try #require(MeanDifference([1, 2, 3], [1, 2, 3]))
        #expect(d.difference == 0 && d.containsZero && abs(d.degreesOfFreedom - 4) < 1e-12)
        // s²/n = 1/3 each: se = √(2/3), t(0.975, 4) = 2.776445.
        #expect(abs(d.high - 2.776445 * (2.0 / 3).squareRoot()) < 1e-5)
        #expect(MeanDifference([10, 11, 12], [1, 2, 3])?.containsZero == false)
        let a = ArgminBootstrap(settings: [1, 4, 16], values: [[5, 5.1, 4.9], [1, 1.1, 0.9], [3, 3.1, nil]])
        #expect(a.best == 4 && a.low == 4 && a.high == 4 && a.shares == [0, 1, 0])
        // Paired: seed 1 is bad at every setting, yet 4 stays below 16 in every resample.
        let b = ArgminBootstrap(settings: [4, 16], values: [[1, 9, 1.2], [1.1, 9.1, 1.3]])
        #expect(b.best == 4 && b.high == 4 && b.shares[0] > 0.99)
    }
}

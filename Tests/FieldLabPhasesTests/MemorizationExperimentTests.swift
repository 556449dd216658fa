import Foundation
import Testing
import FieldLabCLI
import FieldLabPhases

/// The quick memorisation experiment and the mirage that re-reads its
/// sweep, in one folder (the mirage reuses every finished point).
@Suite(.serialized) struct MemorizationExperimentTests {
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("fieldlab-phases-memorization-\(getpid())").path

    static func context(_ name: String) -> ExperimentContext {
        ExperimentContext(quick: true, jobs: 2, reportFolder: root + "/" + name, runsFolder: root + "/runs",
                          command: "fieldlab experiment \(name) --quick")
    }

    /// Ratio ≥ 0.8 at the smallest N, within 2× the fresh-sample baseline
    /// at the largest, the exact sampler ≥ 0.95 everywhere, and the
    /// identity test's networks closer at the largest N than at the smallest.
    @Test func quickMemorizationShowsTheTransition() throws {
        let outcome = try PhaseCatalog.run("memorization", context: Self.context("memorization"))
        for claim in outcome.claims { #expect(claim.holds, "\(claim.statement): \(claim.detail)") }
        #expect(outcome.claims.count == 4)
        #expect((outcome.figures["exact_minimum_ratio"] ?? 0) >= 0.95)
        // N_c with an interval that contains it, inside the swept range.
        let nc = try #require(outcome.criticalValues.first { $0.name.hasPrefix("N_c") })
        #expect(nc.low <= nc.value && nc.value <= nc.high && nc.value > 8 && nc.value < 2048)
        for file in ["README.md", "memorization_ratio.png", "log_nn_ratio.png", "field-errors.png", "identity-test.png",
                     "samples-strip.png", "critical.csv", "exact-sampler.csv", "identity-test.csv"] {
            #expect(FileManager.default.fileExists(atPath: Self.root + "/memorization/" + file), "\(file)")
        }
        let readme = try String(contentsOfFile: Self.root + "/memorization/README.md", encoding: .utf8)
        #expect(readme.contains("fieldlab experiment memorization --quick") && readme.contains("Against the paper"))
    }

    /// The 1/10 rule's half-way N lies below the 1/3 rule's (on the same samples).
    @Test func quickMirageMovesWithTheThreshold() throws {
        let outcome = try PhaseCatalog.run("mirage", context: Self.context("mirage"))
        let claim = try #require(outcome.claims.first { $0.statement.contains("1/10 rule") })
        #expect(claim.holds, "\(claim.detail)")
        #expect((outcome.figures["midpoint_tenth"] ?? .infinity) < (outcome.figures["midpoint_third"] ?? 0))
        #expect(FileManager.default.fileExists(atPath: Self.root + "/mirage/mirage.png"))
        // The mirage reads the memorisation sweep: the same report twice is byte-identical.
        let first = try Data(contentsOf: URL(fileURLWithPath: Self.root + "/mirage/README.md"))
        _ = try PhaseCatalog.run("mirage", context: Self.context("mirage"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: Self.root + "/mirage/README.md")) == first)
    }

    @Test func unknownExperimentAndBadOptionsAreOneLineErrors() {
        for (arguments, message) in [(["experiment", "nope"], "unknown experiment 'nope'"),
                                     (["experiment"], "give an experiment name"),
                                     (["experiment", "mirage", "--jobs", "0"], "--jobs must be at least 1"),
                                     (["experiment", "mirage", "--quick", "--out", "/proc/fieldlab-report"], "/proc/fieldlab-report")] {
            var lines: [String] = []
            let status = FieldLabCommand.run(arguments) { lines.append($0) }
            #expect(status != 0)
            #expect(lines.count == 1 && lines[0].hasPrefix("error: ") && lines[0].contains(message), "\(lines)")
        }
    }
}

import Foundation
import Testing
import FieldLabPhases

/// The quick "generalise first, memorise later" experiment in a temporary folder.
@Suite(.serialized) struct GeneralizeFirstExperimentTests {
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("fieldlab-phases-generalize-\(getpid())").path

    static func context() -> ExperimentContext {
        ExperimentContext(quick: true, jobs: 2, reportFolder: root + "/generalize-first", runsFolder: root + "/runs",
                          command: "fieldlab experiment generalize-first --quick")
    }

    /// τ_mem grows with N by the field errors and by the 1/3 rule; every slope's
    /// interval holds its value; the report and its charts are written, the
    /// same bytes on a second run.
    @Test func quickMemorisationComesLaterAtLargerN() throws {
        let outcome = try PhaseCatalog.run("generalize-first", context: Self.context())
        for statement in ["τ_mem, field errors cross: grows with N (slope > 0)", "τ_mem, 1/3 rule reaches 50 %: grows with N (slope > 0)"] {
            let claim = try #require(outcome.claims.first { $0.statement == statement })
            #expect(claim.holds, "\(claim.statement): \(claim.detail)")
        }
        #expect(outcome.criticalValues.count == 10)
        for c in outcome.criticalValues { #expect(c.low <= c.value && c.value <= c.high, "\(c.name)") }
        for file in ["README.md", "memorization-over-training.png", "log-nn-ratio-over-training.png",
                     "field-errors-over-training.png", "timescales.png", "times.csv", "slopes.csv"] {
            #expect(FileManager.default.fileExists(atPath: Self.root + "/generalize-first/" + file), "\(file)")
        }
        let path = Self.root + "/generalize-first/README.md"
        let first = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(String(decoding: first, as: UTF8.self).contains("Against the paper"))
        _ = try PhaseCatalog.run("generalize-first", context: Self.context())
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == first)
    }
}

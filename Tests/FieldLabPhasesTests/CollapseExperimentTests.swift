import FieldLabCore
import FieldLabMetrics
import Foundation
import Testing
@testable import FieldLabPhases

/// The collapse experiment: the exact field stopped at σ_stop, no training.
@Suite struct CollapseExperimentTests {
    static let root = FileManager.default.temporaryDirectory.appendingPathComponent("fieldlab-phases-collapse-\(getpid())").path

    /// The quick claim: the fitted d of 8gaussians lies within [1.5, 2.5],
    /// and the report holds its charts and table.
    @Test func quickCollapseFitsAnAreaFillingExponent() throws {
        let context = ExperimentContext(quick: true, jobs: 2, reportFolder: Self.root + "/collapse", runsFolder: Self.root + "/runs",
                                        command: "fieldlab experiment collapse --quick")
        let outcome = try PhaseCatalog.run("collapse", context: context)
        let d = try #require(outcome.figures["d 8gaussians"])
        #expect(d >= 1.5 && d <= 2.5, "d = \(d)")
        let claim = try #require(outcome.claims.first { $0.statement.hasPrefix("d of 8gaussians") })
        #expect(claim.holds, "\(claim.detail)")
        let fitted = try #require(outcome.criticalValues.first { $0.name.hasPrefix("d from σ½") })
        #expect(fitted.low <= fitted.value && fitted.value <= fitted.high)
        for file in ["README.md", "collapse-curves.png", "universal.png", "universal-continuous.png", "sigma-half.png",
                     "local-dimension.png", "collapse-curves.csv"] {
            #expect(FileManager.default.fileExists(atPath: context.reportFolder + "/" + file), "\(file)")
        }
        // The same seed gives the same files (FFTW's timing-picked plans must not reach them).
        let first = try Data(contentsOf: URL(fileURLWithPath: context.reportFolder + "/collapse-curves.csv"))
        _ = try PhaseCatalog.run("collapse", context: context)
        #expect(try Data(contentsOf: URL(fileURLWithPath: context.reportFolder + "/collapse-curves.csv")) == first)
    }

    /// An independent check of the whole chain (stopped flow → ratio → σ½ →
    /// exponent): points on a square lattice, whose dimension 2 is known
    /// without any theory of collapse, at four spacings. (A 1D lattice is no
    /// check: there an output spread evenly along the line already passes the
    /// 1/3 rule half the time, so the level 0.5 is the curve's floor.)
    @Test func latticeDimensionIsRecovered() {
        let sizes = [16, 64, 256, 1024]
        let stops = (0...24).map { pow(10, -3 + Double($0) / 6) }
        let flow = StoppedExactFlow()
        let curves = sizes.map { n -> [[Double]] in
            let training = lattice(n)
            let index = Memorization.Index(training: training)
            let outputs = flow.denoised(training: training, stops: stops.reversed(), count: 256, seed: 7)
            return [outputs.reversed().map { index.ratio($0) }]
        }
        let scaling = CollapseScaling(sizes: sizes, stops: stops, ratio: curves)
        let means = sizes.indices.map { scaling.meanCurve($0) }
        let d = scaling.exponent(means)
        #expect(d != nil && abs(d! - 2) < 0.2, "d = \(String(describing: d)), σ½ = \(scaling.halfNoises(means))")
        #expect(abs(scaling.collapseExponent(means) - 2) < 0.2)
    }

    /// n points on a square grid filling [−1.5, 1.5]².
    func lattice(_ n: Int) -> [Point] {
        let side = Int(Double(n).squareRoot())
        return (0..<(side * side)).map { k in
            Point(-1.5 + 3 * (Double(k % side) + 0.5) / Double(side), -1.5 + 3 * (Double(k / side) + 0.5) / Double(side))
        }
    }
}

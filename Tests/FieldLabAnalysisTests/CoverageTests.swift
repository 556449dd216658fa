import Foundation
import Testing
import FieldLabCore
@testable import FieldLabAnalysis

/// Noisy curves with several seeds per x: the 95 % bootstrap interval covers
/// the true critical value in at least 90 % of 100 seeded repeats.
///
/// At 3 seeds per x (a sweep's usual count) and at 8. The seed resample
/// widens each x's spread by √(m/(m − 1)) (see `Bootstrap.seedResample`):
/// without it, 3 seeds covered about 89 % for a nominal 95 %.
///
/// Not claimed: the double Bacon–Watts onset. At this design (26 x, 8 seeds,
/// onset 410 of 1000) its interval covered in 87 of 100 repeats: the onset
/// estimate is biased and its bootstrap distribution skewed, which the
/// percentile interval does not correct.
@Suite struct CoverageTests {
    static let repeats = 100

    /// The share of repeats whose interval covers `truth`.
    static func coverage(method: CriticalPointMethod, truth: Double, x: [Double], noise: Double, seedsPerX: Int,
                         curve: (Double) -> Double) throws -> Double {
        var covered = 0
        for r in 0..<repeats {
            var generator = SeededGenerator(seed: 1000 + UInt64(r))
            var xs: [Double] = [], ys: [Double] = []
            for v in x {
                for _ in 0..<seedsPerX { xs.append(v); ys.append(curve(v) + noise * generator.nextGaussian()) }
            }
            let found = try CriticalPoints.find(CurveSamples(x: xs, y: ys), method: method, logX: false,
                                                resamples: 200, seed: UInt64(r))
            #expect(found.parameters["residual_bootstrap"] == 0)
            if found.low <= truth && truth <= found.high { covered += 1 }
        }
        return Double(covered) / Double(repeats)
    }

    @Test(arguments: [3, 8])
    func logisticIntervalCoversTheMidpoint(seedsPerX: Int) throws {
        let share = try Self.coverage(method: .logistic, truth: 2.2, x: evenly(0, 4, 15), noise: 0.05,
                                      seedsPerX: seedsPerX) {
            logistic($0, midpoint: 2.2, width: 0.3, lower: 0.1, upper: 0.9)
        }
        print("logistic coverage \(share) at \(seedsPerX) seeds per x")
        #expect(share >= 0.9 && share < 1, "coverage \(share)")
    }

    @Test(arguments: [3, 8])
    func segmentedIntervalCoversTheBreakpoint(seedsPerX: Int) throws {
        let share = try Self.coverage(method: .segmented, truth: 6.3, x: evenly(0, 10, 21), noise: 0.2,
                                      seedsPerX: seedsPerX) {
            1 + 0.1 * $0 - 0.8 * max($0 - 6.3, 0)
        }
        print("segmented coverage \(share) at \(seedsPerX) seeds per x")
        #expect(share >= 0.9 && share < 1, "coverage \(share)")
    }

    /// With one observation per x the residual bootstrap is used, and its interval still covers.
    @Test func residualBootstrapCoversTheBreakpoint() throws {
        var covered = 0
        for r in 0..<Self.repeats {
            var generator = SeededGenerator(seed: 5000 + UInt64(r))
            let x = evenly(0, 10, 61)
            let y = x.map { 1 + 0.1 * $0 - 0.8 * max($0 - 6.3, 0) + 0.1 * generator.nextGaussian() }
            let found = try CriticalPoints.find(CurveSamples(x: x, y: y), method: .segmented, logX: false,
                                                resamples: 200, seed: UInt64(r))
            #expect(found.parameters["residual_bootstrap"] == 1)
            if found.low <= 6.3 && 6.3 <= found.high { covered += 1 }
        }
        print("segmented residual-bootstrap coverage \(Double(covered) / 100)")
        #expect(covered >= 90 && covered < 100)
    }
}

import Foundation
import Testing
import FieldLabCore
@testable import FieldLabMetrics

@Suite struct MaximumMeanDiscrepancyTests {
    @Test func handComputedCase() {
        // One point each, distance d, one bandwidth σ: MMD² = 1 + 1 − 2·exp(−d²/2σ²).
        let d2 = 0.5, sigma = 0.7
        let expected = (2 - 2 * exp(-d2 / (2 * sigma * sigma))).squareRoot()
        let value = Distances.mmd([Point(0, 0)], [Point(0.5, 0.5)], bandwidths: [sigma])
        #expect(isClose(value, expected, relative: 1e-14))
    }

    @Test func selfDistanceIsZeroAndArgumentsCommute() {
        let a = gaussianPoints(300, seed: 7), b = uniformPoints(211, seed: 8)
        #expect(Distances.mmd(a, a) < 1e-7)  // √ of a rounding-level MMD²
        #expect(isClose(Distances.mmd(a, b), Distances.mmd(b, a), relative: 1e-12))
    }

    @Test(arguments: [(200, 200), (203, 97), (1, 13)])
    func matchesNaiveLoop(sizes: (Int, Int)) {
        let a = gaussianPoints(sizes.0, seed: 31), b = uniformPoints(sizes.1, seed: 32)
        let expected = naiveSquaredMMD(a, b, bandwidths: Distances.defaultBandwidths).squareRoot()
        let fast = Distances.mmd(a, b)
        #expect(isClose(fast, expected, relative: 1e-12))
        #expect(fast.bitPattern == Distances.mmd(a, b).bitPattern)
    }

    @Test func largeInputIsDeterministicAndMatchesNaiveLoop() {
        let a = gaussianPoints(1200, seed: 41), b = gaussianPoints(1000, mean: Point(0.3, 0.1), seed: 42)
        let bandwidths = [0.1, 1]
        let first = Distances.mmd(a, b, bandwidths: bandwidths), second = Distances.mmd(a, b, bandwidths: bandwidths)
        #expect(first.bitPattern == second.bitPattern)
        #expect(isClose(first, naiveSquaredMMD(a, b, bandwidths: bandwidths).squareRoot(), relative: 1e-12))
    }

    @Test func growsWithTheShift() {
        let a = gaussianPoints(800, seed: 61), base = gaussianPoints(800, seed: 62)
        let values = [0.0, 0.25, 0.5, 1, 2].map { v in Distances.mmd(a, base.map { $0 + Point(v, 0) }) }
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 < $1 }, "\(values)")
    }

    /// The SIMD exponential the Gaussian kernel runs on, against Foundation's.
    @Test func vectorExponentialMatchesFoundation() {
        var worst = 0.0
        var x = -700.0
        while x <= 700 {
            let v = simdExp(SIMD4(x, x + 0.123, -x * 0.5, x * 1e-3))
            for (lane, input) in [x, x + 0.123, -x * 0.5, x * 1e-3].enumerated() {
                worst = max(worst, abs(v[lane] - exp(input)) / exp(input))
            }
            x += 0.0731
        }
        #expect(worst < 1e-15, "worst relative error \(worst)")
        #expect(simdExp(SIMD4(repeating: 0))[0] == 1)
        #expect(simdExp(SIMD4(repeating: -1e6))[0] < 1e-300)
    }
}

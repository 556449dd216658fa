import Foundation
import Testing
import FieldLabCore
@testable import FieldLabMetrics

@Suite struct ExactWassersteinTests {
    /// W₂ over all n! matchings, for tiny sets.
    static func bruteForce(_ a: [Point], _ b: [Point]) -> Double {
        let n = a.count
        let cost = (0..<n * n).map { k -> Double in let d = a[k / n] - b[k % n]; return (d * d).sum() }
        return (LinearAssignmentTests.bruteForceMinimum(cost, n: n) / Double(n)).squareRoot()
    }

    @Test func handComputedCases() {
        // Two points each: crossing the pairs costs more, so W₂² = mean(1, 1) = 1.
        let a = [Point(0, 0), Point(2, 0)], b = [Point(2, 1), Point(0, 1)]
        #expect(isClose(Distances.exactWasserstein2(a, b), 1))
        // One point each: the plain distance.
        #expect(isClose(Distances.exactWasserstein2([Point(1, 2)], [Point(4, 6)]), 5))
        for n in 2...6 {
            let p = uniformPoints(n, seed: UInt64(n)), q = gaussianPoints(n, seed: UInt64(n + 10))
            #expect(isClose(Distances.exactWasserstein2(p, q), Self.bruteForce(p, q), relative: 1e-12))
        }
    }

    /// Σ‖aᵢ − a_π(i) − v‖² = Σ‖aᵢ − a_π(i)‖² + n|v|² (the cross term sums to 0
    /// over a permutation), so the identity is optimal and W₂ = |v| at any n.
    @Test(arguments: [(1, Point(3, -4)), (17, Point(0.1, 0.2)), (400, Point(-1, 0.5)), (1000, Point(0.02, 0))])
    func translateIsAtTheShiftLength(n: Int, shift: Point) {
        let a = gaussianPoints(n, seed: UInt64(n))
        let length = (shift * shift).sum().squareRoot()
        #expect(isClose(Distances.exactWasserstein2(a, a.map { $0 + shift }), length, relative: 1e-9))
    }

    @Test func symmetricAndZeroForAPermutation() {
        var generator = SeededGenerator(seed: 11)
        let a = gaussianPoints(500, using: &generator)
        let b = uniformPoints(500, seed: 12)
        let ab = Distances.exactWasserstein2(a, b), ba = Distances.exactWasserstein2(b, a)
        #expect(isClose(ab, ba, relative: 1e-12))
        var shuffled = a
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, generator.nextIndex(below: i + 1)) }
        #expect(Distances.exactWasserstein2(a, shuffled) == 0)
    }

    /// Projecting an optimal coupling on θ gives a coupling of the projections
    /// whose cost is Σ(θ·dᵢ)²/n, so W₂²(θ·a, θ·b) ≤ Σ(θ·dᵢ)²/n. Averaging over
    /// the K directions: SW₂² ≤ (1/n) Σ dᵢᵀ M dᵢ ≤ λmax(M)·W₂², with
    /// M = (1/K) Σ θθᵀ (λmax ≈ ½ for spread directions, ≤ 1 always).
    @Test(arguments: [(0 as UInt64, 200), (1, 700)])
    func boundsTheSlicedDistanceFromAbove(seed: UInt64, n: Int) {
        let a = gaussianPoints(n, seed: seed)
        let b = uniformPoints(n, seed: seed + 100).map { 3 * $0 }
        let w2 = Distances.exactWasserstein2(a, b)
        let sw2 = Distances.slicedWasserstein2(a, b)
        let directions = Distances.projectionDirections(count: 128, seed: 0x5EED)
        let xx = directions.reduce(0) { $0 + $1.x * $1.x } / 128
        let yy = directions.reduce(0) { $0 + $1.y * $1.y } / 128
        let xy = directions.reduce(0) { $0 + $1.x * $1.y } / 128
        let lambdaMax = (xx + yy) / 2 + (((xx - yy) / 2) * ((xx - yy) / 2) + xy * xy).squareRoot()
        #expect(sw2 <= w2)
        #expect(sw2 * sw2 <= lambdaMax * w2 * w2 * (1 + 1e-12), "SW2 \(sw2), W2 \(w2), λ \(lambdaMax)")
        #expect(sw2 > 0.3 * w2)  // and not vacuous: the slices see a good part of it
    }

    /// Two samples of one ring: W₂ is positive and falls with n (like √(log n / n)).
    @Test func noiseFloorIsPositiveAndFallsWithSampleSize() {
        let metric = TwoSampleMetric.exactWasserstein2
        let small = metric.noiseFloor(sampleSize: 100, repeats: 3, seed: 5, sample: NoiseFloorTests.ring)
        let large = metric.noiseFloor(sampleSize: 800, repeats: 3, seed: 5, sample: NoiseFloorTests.ring)
        #expect(small.mean > 0 && large.mean > 0)
        #expect(large.mean < 0.7 * small.mean, "n=100 \(small.mean), n=800 \(large.mean)")
    }

    @Test func metricCasesDispatch() {
        #expect(TwoSampleMetric(rawValue: "w2") == .exactWasserstein2)
        #expect(TwoSampleMetric(rawValue: "tv") == .histogramTV)
        #expect(TwoSampleMetric.exactWasserstein2.displayName == "exact W2")
        #expect(TwoSampleMetric.histogramTV.displayName == "histogram TV")
        let a = gaussianPoints(150, seed: 1), b = uniformPoints(150, seed: 2)
        #expect(TwoSampleMetric.exactWasserstein2.evaluate(a, b).bitPattern == Distances.exactWasserstein2(a, b).bitPattern)
        #expect(TwoSampleMetric.histogramTV.evaluate(a, b).bitPattern == Distances.histogramTotalVariation(a, b).bitPattern)
    }
}

import Testing
import FieldLabCore
@testable import FieldLabMetrics

@Suite struct HistogramTotalVariationTests {
    @Test func identicalSetsAreAtZero() {
        let a = gaussianPoints(500, seed: 1)
        #expect(Distances.histogramTotalVariation(a, a) == 0)
        // Same empirical distribution at another size: still 0.
        #expect(Distances.histogramTotalVariation(a, a + a + a) == 0)
        #expect(Distances.histogramTotalVariation(a, a.reversed(), bins: 7, range: -1...1) == 0)
    }

    @Test func disjointSupportsAreAtOne() {
        let a = uniformPoints(300, seed: 2)                        // in [0, 1]²
        let b = uniformPoints(200, seed: 3).map { $0 + Point(2, 2) }  // in [2, 3]²
        #expect(isClose(Distances.histogramTotalVariation(a, b), 1, relative: 1e-15))
        // With a box that holds only a: b is all overflow, still disjoint.
        #expect(isClose(Distances.histogramTotalVariation(a, b, bins: 4, range: 0...1), 1, relative: 1e-15))
    }

    /// 2 × 2 cells on [0, 1]²: p_a = (½, 0, 0, ½ | overflow 0),
    /// p_b = (¼, ¼, ¼, 0 | ¼); |differences| = ¼ + ¼ + ¼ + ½ + ¼ = 3/2, TV = ¾.
    @Test func handComputedCase() {
        let a = [Point(0.25, 0.25), Point(0.75, 0.75)]
        let b = [Point(0.25, 0.25), Point(0.75, 0.25), Point(0.25, 0.75), Point(2, 2)]
        #expect(isClose(Distances.histogramTotalVariation(a, b, bins: 2, range: 0...1), 0.75))
        #expect(isClose(Distances.histogramTotalVariation(b, a, bins: 2, range: 0...1), 0.75))
        // One cell and no overflow: any two sets inside the box are at 0.
        #expect(Distances.histogramTotalVariation(a, Array(b.prefix(3)), bins: 1, range: 0...1) == 0)
        // Upper edge belongs to the last cell; NaN goes to the overflow cell.
        #expect(Distances.histogram([Point(1, 1), Point(0, 0), Point(.nan, 0)], bins: 2,
                                    low: .zero, high: Point(1, 1)) == [1, 0, 0, 1, 1])
    }

    @Test func symmetricBoundedAndGrowingWithTheShift() {
        let a = gaussianPoints(1000, seed: 4)
        var previous = -1.0
        for shift in [0.0, 0.5, 1.0, 2.0, 4.0] {
            let b = gaussianPoints(700, mean: Point(shift, 0), seed: 5)
            let ab = Distances.histogramTotalVariation(a, b), ba = Distances.histogramTotalVariation(b, a)
            #expect(ab == ba)
            #expect(ab >= 0 && ab <= 1)
            #expect(ab > previous, "shift \(shift): \(ab) after \(previous)")
            previous = ab
        }
    }

    @Test func noiseFloorIsPositiveAndFallsWithSampleSize() {
        let metric = TwoSampleMetric.histogramTV
        let small = metric.noiseFloor(sampleSize: 500, repeats: 3, seed: 5, sample: NoiseFloorTests.ring)
        let large = metric.noiseFloor(sampleSize: 8000, repeats: 3, seed: 5, sample: NoiseFloorTests.ring)
        #expect(small.mean > 0 && large.mean > 0)
        #expect(large.mean < 0.6 * small.mean, "n=500 \(small.mean), n=8000 \(large.mean)")
    }
}

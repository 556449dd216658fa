import Foundation
import Testing
import FieldLabCore
@testable import FieldLabMetrics

@Suite struct NoiseFloorTests {
    /// A ring with noise: a non-Gaussian true distribution.
    static func ring(_ count: Int, _ generator: inout SeededGenerator) -> [Point] {
        (0..<count).map { _ in
            let angle = 2 * Double.pi * generator.nextUniform()
            return Point(cos(angle), sin(angle)) + 0.1 * Point(generator.nextGaussian(), generator.nextGaussian())
        }
    }

    @Test(arguments: TwoSampleMetric.allCases)
    func floorIsPositiveAndRepeatable(metric: TwoSampleMetric) {
        let first = metric.noiseFloor(sampleSize: 300, seed: 3, sample: Self.ring)
        let second = metric.noiseFloor(sampleSize: 300, seed: 3, sample: Self.ring)
        let other = metric.noiseFloor(sampleSize: 300, seed: 4, sample: Self.ring)
        #expect(first.mean > 0 && first.standardDeviation > 0)
        #expect(first == second)
        #expect(first.mean != other.mean)
        #expect(first.sampleSize == 300 && first.repeats == 5)
    }

    @Test func statisticsMatchTheRepeatsComputedByHand() {
        let metric = TwoSampleMetric.slicedWasserstein2
        let floor = metric.noiseFloor(sampleSize: 100, repeats: 3, seed: 9, sample: Self.ring)
        var root = SeededGenerator(seed: 9)
        let values = (0..<3).map { r -> Double in
            var g = root.fork(stream: UInt64(r))
            let a = Self.ring(100, &g), b = Self.ring(100, &g)
            return metric.evaluate(a, b)
        }
        let mean = values.reduce(0, +) / 3
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 2).squareRoot()
        #expect(isClose(floor.mean, mean) && isClose(floor.standardDeviation, sd))
    }

    @Test func floorAgainstAReferenceMatchesTheRepeatsComputedByHand() {
        let metric = TwoSampleMetric.energyDistance
        var g = SeededGenerator(seed: 1)
        let reference = Self.ring(150, &g)
        let floor = metric.noiseFloor(against: reference, repeats: 4, seed: 9, sample: Self.ring)
        var root = SeededGenerator(seed: 9)
        let values = (0..<4).map { r -> Double in
            var g = root.fork(stream: UInt64(r))
            return metric.evaluate(Self.ring(150, &g), reference)
        }
        let mean = values.reduce(0, +) / 4
        let sd = (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 3).squareRoot()
        #expect(isClose(floor.mean, mean) && isClose(floor.standardDeviation, sd))
        #expect(floor.sampleSize == 150 && floor.repeats == 4)
    }

    /// Averaged over references, the floor against a reference estimates the
    /// same expectation as the floor between pairs, E[metric(A, B)] for
    /// independent true samples A and B: the two estimates agree within four
    /// of their combined standard errors (100 references of 4 draws each
    /// against 400 pairs).
    @Test(arguments: [TwoSampleMetric.slicedWasserstein2, .energyDistance])
    func floorsAgainstReferencesAverageToThePairFloor(metric: TwoSampleMetric) {
        let pairs = metric.noiseFloor(sampleSize: 100, repeats: 400, seed: 21, sample: Self.ring)
        var g = SeededGenerator(seed: 22)
        let matched = (0..<100).map { r -> Double in
            let reference = Self.ring(100, &g)
            return metric.noiseFloor(against: reference, repeats: 4, seed: 100 + UInt64(r), sample: Self.ring).mean
        }
        let average = matched.reduce(0, +) / Double(matched.count)
        let spread = (matched.map { ($0 - average) * ($0 - average) }.reduce(0, +) / Double(matched.count - 1)).squareRoot()
        let standardError = (spread * spread / Double(matched.count)
                             + pairs.standardDeviation * pairs.standardDeviation / Double(pairs.repeats)).squareRoot()
        #expect(abs(average - pairs.mean) < 4 * standardError, "\(metric): references \(average), pairs \(pairs.mean) ± \(standardError)")
        #expect(standardError < 0.1 * pairs.mean)
        // And they do differ from reference to reference: that is the noise they take out.
        #expect(matched.max()! > 1.1 * matched.min()!)
    }

    /// Sampling noise shrinks with n: the floor at 4000 points is well below the one at 500.
    @Test(arguments: [TwoSampleMetric.slicedWasserstein2, .energyDistance])
    func floorShrinksWithSampleSize(metric: TwoSampleMetric) {
        let small = metric.noiseFloor(sampleSize: 500, repeats: 3, seed: 5, sample: Self.ring)
        let large = metric.noiseFloor(sampleSize: 4000, repeats: 3, seed: 5, sample: Self.ring)
        #expect(large.mean < 0.6 * small.mean, "\(metric): n=500 \(small.mean), n=4000 \(large.mean)")
    }

    @Test func reportRatioIsValueOverFloorAndRoundTripsThroughJSON() throws {
        let floor = NoiseFloor(mean: 0.02, standardDeviation: 0.005, sampleSize: 1000, repeats: 5)
        let report = MetricReport(metric: "energy", value: 0.1, floor: floor)
        #expect(isClose(report.ratio, 5))
        let decoded = try JSONDecoder().decode(MetricReport.self, from: JSONEncoder().encode(report))
        #expect(decoded == report)
        let zero = NoiseFloor(mean: 0, standardDeviation: 0, sampleSize: 10, repeats: 1)
        #expect(MetricReport(metric: "mmd", value: 0, floor: zero).ratio == 1)

        let a = gaussianPoints(200, seed: 1), b = gaussianPoints(200, mean: Point(1, 0), seed: 2)
        let built = TwoSampleMetric.energyDistance.report(a, against: b, floor: floor)
        #expect(built.metric == "energy" && isClose(built.value, Distances.energyDistance(a, b)))
    }

    @Test func metricNamesAndDispatch() {
        #expect(TwoSampleMetric(rawValue: "sliced-w2") == .slicedWasserstein2)
        #expect(Set(TwoSampleMetric.allCases.map(\.displayName)).count == TwoSampleMetric.allCases.count)
        let a = gaussianPoints(150, seed: 1), b = uniformPoints(120, seed: 2)
        // The same computation twice: bit-identical, not just close.
        #expect(TwoSampleMetric.slicedWasserstein2.evaluate(a, b).bitPattern == Distances.slicedWasserstein2(a, b).bitPattern)
        #expect(TwoSampleMetric.energyDistance.evaluate(a, b).bitPattern == Distances.energyDistance(a, b).bitPattern)
        #expect(TwoSampleMetric.mmd.evaluate(a, b).bitPattern == Distances.mmd(a, b).bitPattern)
    }
}

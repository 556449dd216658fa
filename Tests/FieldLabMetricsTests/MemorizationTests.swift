import Foundation
import Testing
import FieldLabCore
@testable import FieldLabMetrics

@Suite struct MemorizationTests {
    /// Brute force: the definition, over all pairs.
    static func bruteForce(_ samples: [Point], _ training: [Point]) -> Double {
        var count = 0
        for s in samples {
            let d = training.map { (($0 - s) * ($0 - s)).sum() }.sorted()
            if d[0] < d[1] / 9 { count += 1 }
        }
        return Double(count) / Double(samples.count)
    }

    @Test func meanLogRatioMatchesBruteForce() {
        var rng = SeededGenerator(seed: 4)
        let training = (0..<300).map { _ in Point(rng.nextGaussian(), rng.nextGaussian()) }
        var samples = (0..<400).map { _ in Point(rng.nextGaussian(), rng.nextGaussian()) * 1.5 }
        samples += training.prefix(50).map { $0 + Point(1e-4, -2e-4) }
        samples.append(Point(40, -30))
        var total = 0.0
        for s in samples {
            let d = training.map { (($0 - s) * ($0 - s)).sum().squareRoot() }.sorted()
            total += Foundation.log(d[0] / d[1])
        }
        let expected = total / Double(samples.count)
        let measured = Memorization.meanLogRatio(samples, training: training)
        #expect(abs(measured - expected) < 1e-12 * abs(expected), "\(measured) vs \(expected)")
        // The index gives the same numbers as the one-shot functions.
        let index = Memorization.Index(training: training)
        #expect(index.meanLogRatio(samples) == measured)
        #expect(index.ratio(samples) == Memorization.ratio(samples, training: training))
        // Its two nearest distances against the sorted brute-force distances.
        for s in samples.prefix(60) {
            let d = training.map { (($0 - s) * ($0 - s)).sum().squareRoot() }.sorted()
            let (first, second) = index.twoNearestDistances(to: s)
            #expect(abs(first - d[0]) <= 1e-12 * max(1, d[0]) && abs(second - d[1]) <= 1e-12 * max(1, d[1]))
        }
    }

    @Test func meanLogRatioOfFreshUniformPointsIsAboutMinusOneHalf() {
        var rng = SeededGenerator(seed: 5)
        let training = (0..<20_000).map { _ in Point(rng.nextUniform(), rng.nextUniform()) }
        let fresh = (0..<4000).map { _ in Point(0.1 + 0.8 * rng.nextUniform(), 0.1 + 0.8 * rng.nextUniform()) }
        let value = Memorization.meanLogRatio(fresh, training: training)
        #expect(abs(value + 0.5) < 0.05, "\(value)")
        #expect(Memorization.meanLogRatio(training.prefix(10).map { $0 }, training: training) < -300)
    }

    @Test func matchesBruteForceIncludingFarQueries() {
        var rng = SeededGenerator(seed: 1)
        let training = (0..<300).map { _ in Point(rng.nextGaussian(), rng.nextGaussian()) }
        var samples = (0..<400).map { _ in Point(rng.nextGaussian(), rng.nextGaussian()) * 1.5 }
        samples += training.prefix(50).map { $0 + Point(1e-4, -2e-4) }
        samples += [Point(1e6, -3), Point(-40, 25), Point(0, 0)]
        #expect(Memorization.ratio(samples, training: training) == Self.bruteForce(samples, training))
    }

    @Test func trainingPointsAreMemorisedAndFreshSamplesAreNear1Over9() {
        var rng = SeededGenerator(seed: 2)
        let training = (0..<2000).map { _ in Point(rng.nextGaussian(), rng.nextGaussian()) }
        #expect(Memorization.ratio(training.map { $0 + Point(1e-6, 0) }, training: training) == 1)
        let fresh = (0..<20000).map { _ in Point(rng.nextGaussian(), rng.nextGaussian()) }
        // For a Poisson process in 2D, P(d1 < d2/3) = 1/9 exactly.
        let baseline = Memorization.ratio(fresh, training: training)
        #expect(abs(baseline - 1.0 / 9) < 0.015, "\(baseline)")
    }
}

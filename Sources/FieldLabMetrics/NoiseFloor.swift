import Foundation
import FieldLabCore

/// A metric between two independent true samples of the same size: the value
/// a perfect model would get, because finite samples never match exactly.
///
/// A model is "as good as the data" when its value is within a small factor
/// of `mean`. The floor shrinks with the sample size, so it is only a
/// reference at the same `sampleSize` as the model's evaluation.
public struct NoiseFloor: Sendable, Codable, Equatable {
    /// Mean of the metric over the repeats.
    public var mean: Double
    /// Sample standard deviation over the repeats (n − 1 in the denominator; 0 for one repeat).
    public var standardDeviation: Double
    /// Points in each of the two samples.
    public var sampleSize: Int
    /// Number of independent pairs of samples.
    public var repeats: Int

    public init(mean: Double, standardDeviation: Double, sampleSize: Int, repeats: Int) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.sampleSize = sampleSize
        self.repeats = repeats
    }
}

extension TwoSampleMetric {
    /// Measures this metric's noise floor: the metric between two fresh true
    /// samples of `sampleSize` points, over `repeats` independent pairs.
    ///
    /// Repeat r draws both samples from `SeededGenerator(seed:)` forked with
    /// stream r, so the same seed gives the same floor and repeats do not overlap.
    ///
    /// - Parameters:
    ///   - sampleSize: points per sample; use the size the model is evaluated at.
    ///   - repeats: pairs of samples to average over.
    ///   - seed: seed of the draws.
    ///   - sample: draws `count` true points from the generator.
    public func noiseFloor(sampleSize: Int, repeats: Int = 5, seed: UInt64,
                           sample: (Int, inout SeededGenerator) -> [Point]) -> NoiseFloor {
        precondition(sampleSize > 0, "noiseFloor needs a positive sample size")
        precondition(repeats > 0, "noiseFloor needs at least one repeat")
        var root = SeededGenerator(seed: seed)
        var values: [Double] = []
        for r in 0..<repeats {
            var generator = root.fork(stream: UInt64(r))
            let first = sample(sampleSize, &generator)
            let second = sample(sampleSize, &generator)
            precondition(first.count == sampleSize && second.count == sampleSize,
                         "noiseFloor's sample closure must return exactly \(sampleSize) points")
            values.append(evaluate(first, second))
        }
        let mean = values.reduce(0, +) / Double(repeats)
        let variance = repeats > 1
            ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(repeats - 1)
            : 0
        return NoiseFloor(mean: mean, standardDeviation: variance.squareRoot(),
                          sampleSize: sampleSize, repeats: repeats)
    }
}

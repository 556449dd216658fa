import Foundation
import FieldLabCore

/// A metric between independent true samples of the same size: the value
/// a perfect model would get, because finite samples never match exactly.
/// It is measured between pairs of fresh samples, or between fresh samples
/// and the one reference the models are judged against
/// (``TwoSampleMetric/noiseFloor(against:repeats:seed:sample:)``).
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
        let values = (0..<repeats).map { r -> Double in
            var generator = root.fork(stream: UInt64(r))
            let first = Self.draw(sampleSize, &generator, sample)
            return evaluate(first, Self.draw(sampleSize, &generator, sample))
        }
        return NoiseFloor(values, sampleSize: sampleSize)
    }

    /// Measures this metric's floor against one fixed `reference`: the mean
    /// of the metric between `repeats` fresh true samples of the reference's
    /// size and the reference itself. That is the value a perfect model gets
    /// when it is judged against this reference.
    ///
    /// Use it whenever models are scored against one reference draw. At the
    /// floor a metric is dominated by sampling noise, and part of that noise
    /// is the reference's own: at n = 10 000 on `moons`, sliced W₂ against
    /// six different references averaged 0.86–1.45× the pair floor, and
    /// energy distance 0.84–2.6×. A ratio to the pair floor then says as much
    /// about the reference as about the model. The matched floor takes the
    /// reference's share out, so a perfect model reads 1× against any
    /// reference. What remains is the model sample's own noise.
    ///
    /// Repeat r draws from `SeededGenerator(seed:)` forked with stream r.
    public func noiseFloor(against reference: [Point], repeats: Int = 10, seed: UInt64,
                           sample: (Int, inout SeededGenerator) -> [Point]) -> NoiseFloor {
        precondition(!reference.isEmpty, "noiseFloor needs a non-empty reference")
        precondition(repeats > 0, "noiseFloor needs at least one repeat")
        var root = SeededGenerator(seed: seed)
        let values = (0..<repeats).map { r -> Double in
            var generator = root.fork(stream: UInt64(r))
            return evaluate(Self.draw(reference.count, &generator, sample), reference)
        }
        return NoiseFloor(values, sampleSize: reference.count)
    }

    /// Measures this metric's floor on a finite truth (a held-out part of a
    /// file, or a truth file): the mean of the metric between two disjoint
    /// random subsets of `sampleSize` points of `truth`, over `repeats`
    /// splits. With no distribution to draw from, that is the value two
    /// equally good samples of it get.
    ///
    /// Repeat r shuffles with `SeededGenerator(seed:)` forked with stream r.
    ///
    /// - Precondition: 2 · `sampleSize` ≤ `truth.count`.
    public func noiseFloor(splitting truth: [Point], sampleSize: Int, repeats: Int = 10,
                           seed: UInt64) -> NoiseFloor {
        precondition(sampleSize > 0 && 2 * sampleSize <= truth.count,
                     "noiseFloor(splitting:) needs two disjoint samples of \(sampleSize) among \(truth.count) points")
        precondition(repeats > 0, "noiseFloor needs at least one repeat")
        var root = SeededGenerator(seed: seed)
        let values = (0..<repeats).map { r -> Double in
            var generator = root.fork(stream: UInt64(r))
            var indices = Array(truth.indices)
            generator.shuffle(&indices, first: 2 * sampleSize)
            return evaluate(indices[0..<sampleSize].map { truth[$0] },
                            indices[sampleSize..<(2 * sampleSize)].map { truth[$0] })
        }
        return NoiseFloor(values, sampleSize: sampleSize)
    }

    private static func draw(_ count: Int, _ generator: inout SeededGenerator,
                             _ sample: (Int, inout SeededGenerator) -> [Point]) -> [Point] {
        let points = sample(count, &generator)
        precondition(points.count == count, "noiseFloor's sample closure must return exactly \(count) points")
        return points
    }
}

extension NoiseFloor {
    /// The mean and sample standard deviation of `values`, one per repeat.
    init(_ values: [Double], sampleSize: Int) {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.count > 1
            ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
            : 0
        self.init(mean: mean, standardDeviation: variance.squareRoot(), sampleSize: sampleSize, repeats: values.count)
    }
}

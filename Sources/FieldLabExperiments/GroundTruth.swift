import Foundation
import FieldLabCore
import FieldLabData
import FieldLabMetrics

/// What `compare` judges the models against, and the floors that give its
/// numbers their scale, in the data's own units.
///
/// - A built-in distribution or a picture: a fresh true sample of `sampleCount` points
///   (the reference), floors from fresh draws against that reference, and
///   fresh points for the likelihood.
/// - A dataset file: its held-out part (``HeldOutSplit``, kept out of
///   training), or the whole of a separate truth file. The reference is
///   half of that truth at most, and the floors are the metric between
///   disjoint random halves of it
///   (``TwoSampleMetric/noiseFloor(splitting:sampleSize:repeats:seed:)``).
///   The models draw as many samples as the reference holds.
public struct GroundTruth: Sendable {
    /// The points every model's samples are compared with.
    public var reference: [Point]
    public var floors: [TwoSampleMetric: NoiseFloor]
    /// Points for the held-out likelihood (never trained on).
    public var likelihoodPoints: [Point]
    /// The training runs' held-out split (nil: the whole file or a built-in).
    public var heldOut: HeldOutSplit?
    /// Where the truth comes from, as a sentence for reports.
    public var description: String

    /// The truth for `dataset` (a built-in name or a file), with `truthFile`
    /// instead of a held-out part when given.
    ///
    /// - Throws: ``DataError`` for unreadable files, or `tooFewPoints` when
    ///   the truth holds fewer than 20 points.
    public static func make(dataset: String, truthFile: String?, heldOutFraction: Double,
                            sampleCount: Int, likelihoodCount: Int, metrics: [TwoSampleMetric],
                            seed: UInt64) throws -> GroundTruth {
        var floors: [TwoSampleMetric: NoiseFloor] = [:]
        if truthFile == nil, let distribution = try TrainingSet.distribution(named: dataset) {
            var rng = SeededGenerator(seed: seed &+ 1000)
            let reference = distribution.sample(count: sampleCount, using: &rng)
            let likelihood = distribution.sample(count: likelihoodCount, using: &rng)
            for metric in metrics {
                floors[metric] = metric.noiseFloor(against: reference, seed: seed &+ 2000) { n, r in
                    distribution.sample(count: n, using: &r)
                }
            }
            return GroundTruth(reference: reference, floors: floors, likelihoodPoints: likelihood, heldOut: nil,
                               description: "\(sampleCount) fresh true samples of `\(dataset)`; noise floors from fresh samples against them")
        }
        let truth: [Point]
        let heldOut: HeldOutSplit?
        let source: String
        if let truthFile {
            truth = try PointFile.read(truthFile)
            heldOut = nil
            source = "the \(truth.count) points of `\(truthFile)` (training uses all of `\(dataset)`)"
        } else {
            let all = try TrainingSet.readFile(dataset)
            let split = HeldOutSplit(fraction: heldOutFraction, seed: seed)
            truth = all.count >= 4 ? split.split(all).heldOut : []
            heldOut = split
            source = "\(truth.count) held-out points of `\(dataset)` (\(formatPercent(heldOutFraction)) of its \(all.count), "
                + "chosen with seed \(seed), never trained on)"
        }
        let minimum = 20
        guard truth.count >= minimum else {
            throw DataError.tooFewPoints(path: truthFile ?? dataset, count: truth.count, needed: minimum)
        }
        // A fixed shuffle: the reference is its first part, the likelihood points the rest.
        var rng = SeededGenerator(seed: seed &+ 1000)
        var shuffled = truth
        rng.shuffle(&shuffled, first: shuffled.count - 1)
        let n = min(sampleCount, truth.count / 2)
        let reference = Array(shuffled[..<n])
        let rest = shuffled[n...]
        let likelihood = Array((rest.isEmpty ? shuffled[...] : rest).prefix(likelihoodCount))
        for metric in metrics {
            floors[metric] = metric.noiseFloor(splitting: truth, sampleSize: n, seed: seed &+ 2000)
        }
        return GroundTruth(reference: reference, floors: floors, likelihoodPoints: likelihood, heldOut: heldOut,
                           description: "\(n) of " + source + "; noise floors between disjoint random halves of \(n) of them")
    }

    private static func formatPercent(_ fraction: Double) -> String {
        let percent = 100 * fraction
        return (percent == percent.rounded() ? String(Int(percent)) : String(format: "%.1f", percent)) + " %"
    }
}

import FieldLabCore
import FieldLabData
import FieldLabMetrics
import Foundation

/// How close a set of samples (standard frame) is to the distribution: two
/// continuous distances to one fixed fresh reference draw (energy distance,
/// sliced W₂) and, on 8gaussians, a thresholded twin (the share of samples
/// within 3 per-mode standard deviations of a mode centre).
///
/// Every score of an experiment is taken against the same reference draw, so
/// differences between D or step counts are not reference noise; the noise
/// floors (the same metrics between two fresh draws) say how small a value
/// can get at this sample size.
struct SampleQuality {
    struct Score: Sendable {
        var energyDistance: Double
        var slicedW2: Double
        /// Share of samples within 3σ of a mode; nil off 8gaussians.
        var modeShare: Double?
        /// Samples that were not finite (left out of the scores).
        var nonFinite: Int
    }

    let dataset: ToyDataset
    let reference: [Point]
    /// The scores of a second fresh draw against the reference.
    let floor: Score

    /// 8gaussians in the standard frame: centres at radius 4/√8.25, per-mode std 0.5/√8.25.
    static let modeRadius = 4 / 8.25.squareRoot()
    static let modeStd = 0.5 / 8.25.squareRoot()
    /// "In a mode": within this many per-mode standard deviations of its centre
    /// (a fresh sample scores 1 − e^(−4.5) ≈ 0.989).
    static let modeCut = 3.0

    init(dataset: ToyDataset, count: Int, seed: UInt64 = 0xD1_5C0) {
        self.dataset = dataset
        var rng = SeededGenerator(seed: seed)
        reference = dataset.sample(count: count, using: &rng)
        let fresh = dataset.sample(count: count, using: &rng)
        floor = Self.score(fresh, reference: reference, dataset: dataset)
    }

    func score(_ samples: [Point]) -> Score { Self.score(samples, reference: reference, dataset: dataset) }

    static func score(_ samples: [Point], reference: [Point], dataset: ToyDataset) -> Score {
        let finite = samples.filter { $0.x.isFinite && $0.y.isFinite }
        guard !finite.isEmpty else { return Score(energyDistance: .nan, slicedW2: .nan, modeShare: nil, nonFinite: samples.count) }
        return Score(energyDistance: Distances.energyDistance(finite, reference),
                     slicedW2: Distances.slicedWasserstein2(finite, reference),
                     modeShare: dataset == .eightGaussians ? modeShare(finite) / Double(samples.count) * Double(finite.count) : nil,
                     nonFinite: samples.count - finite.count)
    }

    /// The share of `points` within `modeCut` per-mode standard deviations of the nearest 8gaussians centre.
    static func modeShare(_ points: [Point]) -> Double {
        let cut = modeCut * modeStd
        let centres = (0..<8).map { k in Point(modeRadius * cos(Double(k) * .pi / 4), modeRadius * sin(Double(k) * .pi / 4)) }
        let inside = points.filter { p in centres.contains { c in let d = p - c; return (d * d).sum() < cut * cut } }
        return Double(inside.count) / Double(points.count)
    }
}

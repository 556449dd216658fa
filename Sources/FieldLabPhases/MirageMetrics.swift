import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMetrics
import Foundation

/// The scores the mirage experiment gives one sweep point, from its 2000
/// samples and its training set: thresholded ones (a share of samples past a
/// cut, a count of modes) and continuous ones (means and distances).
struct MirageMetrics {
    /// A metric: its name, whether it is thresholded, and its value at a point.
    struct Metric: Sendable {
        var name: String
        var thresholded: Bool
        /// For the d1/d2 rules, the threshold τ.
        var ratioThreshold: Double?
    }

    /// The d1/d2 < τ rules (1/3 is the usual one).
    static let ratioThresholds: [Double] = [1.0 / 20, 1.0 / 10, 1.0 / 5, 1.0 / 3, 1.0 / 2]
    /// "Within ε of a training point", ε as a share of the training set's
    /// median nearest-neighbour spacing (a fixed ε in data units would count
    /// ever more samples as copies as the spacing shrinks with N).
    static let epsilons: [Double] = [0.05, 0.15, 0.3]
    /// A mode of 8gaussians counts as covered when it holds at least this share of the samples (an even share is 1/8).
    static let modeShare = 0.05

    static func metrics(dataset: String) -> [Metric] {
        var m = ratioThresholds.map { Metric(name: "d1/d2 < \(fraction($0))", thresholded: true, ratioThreshold: $0) }
        m += epsilons.map { Metric(name: "d1 < \(ExperimentFormatting.number($0)) spacing", thresholded: true) }
        if dataset == "8gaussians" { m.append(Metric(name: "modes covered (≥ 5 % each)", thresholded: true)) }
        m.append(Metric(name: "mean ln(d1/d2)", thresholded: false))
        m.append(Metric(name: "energy distance", thresholded: false))
        m.append(Metric(name: "field error vs training set", thresholded: false))
        return m
    }

    static func fraction(_ t: Double) -> String { "1/\(Int((1 / t).rounded()))" }

    /// Every metric of `metrics(dataset:)` at one point, in order.
    static func values(_ result: SweepPointResult, folder: SweepFolder, dataset: String) throws -> [Double?] {
        let samples = try PointFile.read(folder.pointPath(result.id) + "/samples.csv")
        let training = try PointFile.read(folder.pointPath(result.id) + "/training-set.csv")
        let index = Memorization.Index(training: training)
        let distances = samples.map { index.twoNearestDistances(to: $0) }
        let n = Double(samples.count)
        var values: [Double?] = ratioThresholds.map { t in
            Double(distances.filter { $0.first < t * $0.second }.count) / n
        }
        let spacing = index.medianSpacing()
        values += epsilons.map { e in Double(distances.filter { $0.first < e * spacing }.count) / n }
        let centre = training.reduce(Point(0, 0), +) / Double(training.count)
        if dataset == "8gaussians" {
            var counts = [Int](repeating: 0, count: 8)
            for p in samples {
                let d = p - centre
                let sector = Int(((atan2(d.y, d.x) / (Double.pi / 4)).rounded() + 8).truncatingRemainder(dividingBy: 8))
                counts[sector] += 1
            }
            values.append(Double(counts.filter { Double($0) >= modeShare * n }.count))
        }
        values.append(index.meanLogRatio(samples))
        values.append(result.value(of: "energy_distance"))
        values.append(result.value(of: "field_error_train"))
        return values
    }
}

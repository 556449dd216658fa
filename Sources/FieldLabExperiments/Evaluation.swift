import FieldLabCore
import FieldLabData
import FieldLabMetrics

/// Judges samples against fresh true samples of a built-in distribution, each
/// metric next to its noise floor (the same metric between two independent
/// true samples of the same size): "as good as the data" means a ratio near 1.
public enum Evaluation {
    /// Metric reports of `samples` (standard frame) against `samples.count`
    /// fresh points of `dataset` drawn with `seed`; floors over `repeats` seeds.
    public static func evaluate(_ samples: [Point], against dataset: ToyDataset,
                                metrics: [TwoSampleMetric] = [.slicedWasserstein2, .energyDistance],
                                seed: UInt64, repeats: Int = 5) -> [MetricReport] {
        var rng = SeededGenerator(seed: seed)
        let reference = dataset.sample(count: samples.count, using: &rng)
        return metrics.map { metric in
            let floor = metric.noiseFloor(sampleSize: samples.count, repeats: repeats, seed: seed &+ 1) { n, rng in
                dataset.sample(count: n, using: &rng)
            }
            return metric.report(samples, against: reference, floor: floor)
        }
    }
}

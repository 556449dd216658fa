import FieldLabCore
import FieldLabData
import FieldLabMetrics

/// The tuning's measure of quality (``SweepQuality``) as an observable:
/// `sliced_w2_ratio` and `energy_distance_ratio`, each metric of the row's
/// samples against one fixed reference draw, over its noise floor at that
/// size. The reference and floors are ``SweepQuality``'s own (the same
/// draws for the same dataset and size), so a row reads exactly as a
/// tuning point of the same network would.
struct QualityRatios: Observable {
    let reference: [Point]
    let floors: [NoiseFloor]

    init(dataset: ToyDataset, count: Int) {
        (reference, floors) = SweepQuality.prepare(dataset, count: count, repeats: 10)
    }

    /// (In the order of ``SweepQuality/metrics``.)
    var columns: [String] { ["sliced_w2_ratio", "energy_distance_ratio"] }
    var units: [String] { SweepQuality.metrics.map { _ in "1" } }
    var needsSamples: Bool { true }

    func measure(_ state: ObservationState) -> [Double?] {
        guard state.samples.count == reference.count else { return SweepQuality.metrics.map { _ in nil } }
        return zip(SweepQuality.metrics, floors).map { $0.evaluate(state.samples, reference) / $1.mean }
    }
}

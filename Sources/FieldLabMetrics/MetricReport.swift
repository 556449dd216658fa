import FieldLabCore

/// A metric's value next to its noise floor, as written to result files.
///
/// `ratio` reads as "× floor": 1 means indistinguishable from a second true
/// sample, 10 means ten times the sampling noise.
public struct MetricReport: Sendable, Codable, Equatable {
    /// The metric's raw value (``TwoSampleMetric/rawValue``).
    public var metric: String
    /// The metric between the model's samples and a true sample.
    public var value: Double
    /// The metric between two true samples of the same size.
    public var floor: NoiseFloor
    /// value / floor.mean.
    public var ratio: Double

    /// A report with `ratio` = value / floor.mean. A zero floor (a distribution
    /// that is a single point) gives ratio 1 for a zero value and +∞ otherwise;
    /// JSONEncoder then needs a `nonConformingFloatEncodingStrategy`.
    public init(metric: String, value: Double, floor: NoiseFloor) {
        self.metric = metric
        self.value = value
        self.floor = floor
        if floor.mean > 0 {
            ratio = value / floor.mean
        } else {
            ratio = value == 0 ? 1 : .infinity
        }
    }
}

extension TwoSampleMetric {
    /// Evaluates this metric between `generated` and `reference` and sets it
    /// next to `floor`, which should be measured at `generated.count` points.
    public func report(_ generated: [Point], against reference: [Point], floor: NoiseFloor) -> MetricReport {
        MetricReport(metric: rawValue, value: evaluate(generated, reference), floor: floor)
    }
}

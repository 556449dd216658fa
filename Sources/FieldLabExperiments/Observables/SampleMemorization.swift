import FieldLabCore
import FieldLabMetrics

/// Memorisation of the fixed-seed samples (``Observer`` draws them: the same
/// prior draws every row): `memorization_ratio` (the 1/3 rule,
/// ``Memorization/ratio(_:training:threshold:)``) and its continuous twin
/// `log_nn_ratio` (mean ln(d₁/d₂), ``Memorization/meanLogRatio(_:training:)``),
/// each next to its baseline for as many fresh true samples, computed once
/// (`memorization_baseline`, `log_nn_ratio_baseline`; empty for a file).
/// Cost: one nearest-neighbour search per sample in a prebuilt cell grid.
public struct SampleMemorization: Observable {
    let index: Memorization.Index
    let baseline: (ratio: Double, logRatio: Double)?

    public init(context: ObservationContext) {
        let index = Memorization.Index(training: context.trainingPoints)
        self.index = index
        baseline = context.freshPoints(context.settings.sampleCount, stream: 7).map { fresh in
            let s = index.scores(fresh)
            return (s.ratio, s.meanLogRatio)
        }
    }

    public var columns: [String] { ["memorization_ratio", "memorization_baseline", "log_nn_ratio", "log_nn_ratio_baseline"] }
    public var units: [String] { ["1", "1", "1", "1"] }
    public var needsSamples: Bool { true }

    public mutating func measure(_ state: ObservationState) -> [Double?] {
        guard !state.samples.isEmpty else { return [nil, baseline?.ratio, nil, baseline?.logRatio] }
        let s = index.scores(state.samples)
        return [s.ratio, baseline?.ratio, s.meanLogRatio, baseline?.logRatio]
    }
}

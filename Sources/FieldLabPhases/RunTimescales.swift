import FieldLabAnalysis
import Foundation

/// The time scales of one training run, read off its observables
/// (Bonnaire, Urfin, Biroli, Mézard 2025; Favero, Sclocchi, Wyart 2025):
/// when memorisation sets in, by three curves, and when the network is
/// closest to the population field.
struct RunTimescales: Sendable {
    var trainSize: Int
    var seed: Int
    var timeline: ObservableTimeline

    /// The ways a time scale is read off the curves.
    enum Kind: String, CaseIterable, Sendable {
        /// The 1/3-rule memorisation ratio reaches 50 % (thresholded).
        case memorization
        /// Its continuous twin, the mean ln(d1/d2), falls to ln(1/3).
        case logRatio
        /// The error against the training set's exact field falls below the
        /// error against the population field (continuous, no samples).
        case fieldCross
        /// τ_gen: the error against the population field is smallest.
        case generalization
        /// τ_gen's twin: the population-field error first comes within 10 %
        /// (in log) of its minimum, measured from its value at step 1: the
        /// start of the valley, where the argmin drifts inside a flat one.
        case generalizationOnset

        var isGeneralization: Bool { self == .generalization || self == .generalizationOnset }

        var label: String {
            switch self {
            case .memorization: "τ_mem, 1/3 rule reaches 50 %"
            case .logRatio: "τ_mem, mean ln(d1/d2) reaches ln(1/3)"
            case .fieldCross: "τ_mem, field errors cross"
            case .generalization: "τ_gen, population-field error smallest"
            case .generalizationOnset: "τ_gen onset, population-field error near its minimum"
            }
        }

        var definition: String {
            switch self {
            case .memorization: "first step at which the 1/3-rule ratio (3-row moving average) reaches 0.5, linear in log step"
            case .logRatio: "first step at which the mean ln(d1/d2) (3-row moving average) falls to ln(1/3), linear in log step"
            case .fieldCross: "first step at which ln(field_error_train / field_error_population) (3-row moving average) falls to 0, linear in log step"
            case .generalization: "step of the smallest field_error_population"
            case .generalizationOnset: "first step at which ln field_error_population falls to ln E_min + 0.1 (ln E_1 − ln E_min), E_1 its value at step 1, linear in log step"
            }
        }
    }

    /// The step from which crossings are looked for: the end of the warm-up.
    var from: Double

    func time(_ kind: Kind) -> TrainingTime? {
        let steps = timeline.steps
        switch kind {
        case .memorization:
            return TrainingTime.firstCrossing(steps: steps, y: timeline.values("memorization_ratio"), level: 0.5, rising: true, from: from)
        case .logRatio:
            return TrainingTime.firstCrossing(steps: steps, y: timeline.values("log_nn_ratio"), level: Foundation.log(1.0 / 3),
                                              rising: false, from: from)
        case .fieldCross:
            return TrainingTime.firstCrossing(steps: steps, y: timeline.logRatio("field_error_train", "field_error_population"),
                                              level: 0, rising: false, from: from)
        case .generalization:
            return TrainingTime.minimum(steps: steps, y: timeline.values("field_error_population"))
        case .generalizationOnset:
            let error = timeline.values("field_error_population").map { $0 > 0 ? Foundation.log($0) : .nan }
            guard let low = error.filter(\.isFinite).min(), let start = error.first(where: \.isFinite) else { return nil }
            return TrainingTime.firstCrossing(steps: steps, y: error, level: low + 0.1 * (start - low), rising: false,
                                              from: 1, window: 1)
        }
    }
}

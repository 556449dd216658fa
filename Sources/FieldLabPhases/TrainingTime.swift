import FieldLabAnalysis
import Foundation

/// A time scale read off a training curve, in steps, with how far it can be
/// trusted: measured, or censored at the ends of what was observed (the
/// event came before the first row, or had not come by the last one).
struct TrainingTime: Sendable, Equatable {
    enum Censoring: String, Sendable { case none, atMost, atLeast }

    var steps: Double
    var censoring: Censoring

    /// "1234", "≤ 100", "≥ 12000".
    var text: String {
        let v = ExperimentFormatting.number(steps.rounded())
        switch censoring {
        case .none: return v
        case .atMost: return "≤ " + v
        case .atLeast: return "≥ " + v
        }
    }

    /// The first step at which `y` (smoothed over `window` rows) reaches
    /// `level` from the side it starts on, interpolated linearly in log10
    /// step, among the rows from step `from` on (the end of the warm-up: at
    /// initialisation the two field errors are equal to within noise).
    /// Already past it at the first such row: ≤ that step; never: ≥ the
    /// last step (the budget).
    static func firstCrossing(steps: [Double], y: [Double], level: Double, rising: Bool, from: Double,
                              window: Int = 3) -> TrainingTime? {
        let keep = steps.indices.filter { y[$0].isFinite && steps[$0] >= max(from, 1) }
        guard let first = keep.first, let last = keep.last else { return nil }
        let t = keep.map { Foundation.log10(steps[$0]) }
        let smooth = ObservableTimeline.smoothed(keep.map { y[$0] }, window: window)
        let past = { (v: Double) in rising ? v >= level : v <= level }
        if past(smooth[0]) { return TrainingTime(steps: steps[first], censoring: .atMost) }
        guard let c = LevelCrossing.first(t: t, y: smooth, level: level) else {
            return TrainingTime(steps: steps[last], censoring: .atLeast)
        }
        return TrainingTime(steps: Foundation.pow(10, c), censoring: .none)
    }

    /// The step of the smallest value of `y`; at the first row ≤ it, at the last ≥ it.
    static func minimum(steps: [Double], y: [Double]) -> TrainingTime? {
        let keep = steps.indices.filter { y[$0].isFinite }
        guard let best = keep.min(by: { y[$0] < y[$1] }) else { return nil }
        let censoring: Censoring = best == keep.first ? .atMost : best == keep.last ? .atLeast : .none
        return TrainingTime(steps: steps[best], censoring: censoring)
    }
}

import Foundation

/// What a curve handed to ``CriticalPoints`` can get wrong. Each description is one line.
public enum AnalysisError: Error, CustomStringConvertible, Equatable {
    /// Fewer distinct x values than the method needs.
    case tooFewPoints(method: CriticalPointMethod, distinct: Int, needed: Int)
    /// A NaN or infinity in x or y at 0-based `index`.
    case nonFiniteValue(index: Int)
    /// x ≤ 0 at 0-based `index` while fitting on log10 x.
    case nonPositiveX(index: Int, value: Double)
    /// The curve has no transition the method can locate (flat, or Kneedle finds no knee).
    case noTransition(method: CriticalPointMethod, reason: String)
    /// An argument out of range (confidence, resamples, sensitivity).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .tooFewPoints(let method, let distinct, let needed):
            return "too few points for \(method.rawValue): \(distinct) distinct x value\(distinct == 1 ? "" : "s"), need ≥ \(needed)"
        case .nonFiniteValue(let index):
            return "non-finite value (NaN or infinity) at index \(index)"
        case .nonPositiveX(let index, let value):
            return "non-positive x \(value) at index \(index) on a log axis (log10 x needs x > 0)"
        case .noTransition(let method, let reason):
            return "no transition found by \(method.rawValue): \(reason)"
        case .invalidArgument(let text):
            return text
        }
    }
}

import FieldLabCore

/// The two-sample distances a run can be judged by; the raw value names it
/// on the command line and in result files.
public enum TwoSampleMetric: String, CaseIterable, Sendable {
    case slicedWasserstein2 = "sliced-w2"
    case energyDistance = "energy"
    case mmd = "mmd"

    /// A short human-readable name, for tables and plot legends.
    public var displayName: String {
        switch self {
        case .slicedWasserstein2: "sliced W2"
        case .energyDistance: "energy distance"
        case .mmd: "MMD (RBF mixture)"
        }
    }

    /// The distance between two point sets, with the metric's default settings.
    public func evaluate(_ a: [Point], _ b: [Point]) -> Double {
        switch self {
        case .slicedWasserstein2: Distances.slicedWasserstein2(a, b)
        case .energyDistance: Distances.energyDistance(a, b)
        case .mmd: Distances.mmd(a, b)
        }
    }
}

import FieldLabCore

/// The two-sample distances a run can be judged by; the raw value names it
/// on the command line and in result files.
public enum TwoSampleMetric: String, CaseIterable, Sendable {
    case slicedWasserstein2 = "sliced-w2"
    case energyDistance = "energy"
    case mmd = "mmd"
    /// Exact W₂ by optimal assignment: equal sizes up to 2000 points only.
    case exactWasserstein2 = "w2"
    /// Histogram total variation on a 32 × 32 grid over the union's bounding box.
    case histogramTV = "tv"

    /// A short human-readable name, for tables and plot legends.
    public var displayName: String {
        switch self {
        case .slicedWasserstein2: "sliced W2"
        case .energyDistance: "energy distance"
        case .mmd: "MMD (RBF mixture)"
        case .exactWasserstein2: "exact W2"
        case .histogramTV: "histogram TV"
        }
    }

    /// The distance between two point sets, with the metric's default settings.
    public func evaluate(_ a: [Point], _ b: [Point]) -> Double {
        switch self {
        case .slicedWasserstein2: Distances.slicedWasserstein2(a, b)
        case .energyDistance: Distances.energyDistance(a, b)
        case .mmd: Distances.mmd(a, b)
        case .exactWasserstein2: Distances.exactWasserstein2(a, b)
        case .histogramTV: Distances.histogramTotalVariation(a, b)
        }
    }
}

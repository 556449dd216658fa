/// How a critical point is located on a curve.
public enum CriticalPointMethod: String, CaseIterable, Codable, Sendable {
    /// Midpoint of a four-parameter logistic (see ``LogisticFit``).
    case logistic
    /// Breakpoint of a continuous broken stick (see ``BrokenStickFit``).
    case segmented
    /// First knee of Kneedle on the seed means (see ``Kneedle``).
    case kneedle
    /// Transition of a single Bacon–Watts fit, γ → 0 (see ``BaconWattsFit``).
    case baconWatts = "bacon-watts"
    /// First transition of a double Bacon–Watts fit, γ → 0 (see ``DoubleBaconWattsFit``).
    case baconWattsOnset = "bacon-watts-onset"
    /// First crossing of a level by the seed means (see ``LevelCrossing``).
    case crossing

    /// The fewest distinct x values the method accepts.
    public var minimumDistinctX: Int {
        switch self {
        case .logistic, .segmented, .baconWatts: 5
        case .kneedle: 4
        case .baconWattsOnset: 7
        case .crossing: 2
        }
    }
}

/// A located critical point with its confidence interval, in the x units of
/// the data (also when the fit was made on log10 x).
public struct CriticalPoint: Sendable, Codable, Equatable {
    public var method: CriticalPointMethod
    /// The critical value, in x's own units (NOT log10 x even when fitted on log x).
    public var critical: Double
    /// Lower end of the confidence interval, x units.
    public var low: Double
    /// Upper end of the confidence interval, x units.
    public var high: Double
    /// Coverage the interval was made for, e.g. 0.95.
    public var confidence: Double
    /// Whether the fit was made on log10 x.
    public var logX: Bool
    /// Method-specific extras, e.g. "width" (logistic transition width, in log10 x when logX),
    /// "lower", "upper" (plateaus), "slope_left", "slope_right", "sensitivity" (Kneedle S), "rss".
    /// "bacon-watts-onset" adds "second_transition" (x units) and "slope_middle".
    /// Slopes and "width" are per unit of the fitted variable (log10 x when logX).
    /// Every method also records "resamples" (bootstrap refits that succeeded),
    /// "failed_resamples" and "residual_bootstrap" (1 when no x was repeated).
    public var parameters: [String: Double]
    /// The fitted curve evaluated at `curveX` (x units), for charts; empty for Kneedle.
    public var curveX: [Double]
    public var curveY: [Double]

    public init(method: CriticalPointMethod, critical: Double, low: Double, high: Double, confidence: Double,
                logX: Bool, parameters: [String: Double], curveX: [Double], curveY: [Double]) {
        self.method = method
        self.critical = critical
        self.low = low
        self.high = high
        self.confidence = confidence
        self.logX = logX
        self.parameters = parameters
        self.curveX = curveX
        self.curveY = curveY
    }
}

import FieldLabAnalysis
import Foundation

/// Numbers as the reports print them.
public enum ExperimentFormatting {
    /// Three significant digits, without exponent for ordinary sizes.
    public static func number(_ v: Double) -> String {
        guard v.isFinite else { return v.isNaN ? "–" : (v > 0 ? "∞" : "−∞") }
        if v == v.rounded() && abs(v) < 1e7 { return String(Int(v)) }
        if abs(v) >= 1e-3 && abs(v) < 1e5 { return String(format: "%.3g", v) }
        return String(format: "%.2e", v)
    }

    /// "12.3 [10.1, 14.9]".
    public static func interval(_ value: Double, _ low: Double, _ high: Double) -> String {
        "\(number(value)) [\(number(low)), \(number(high))]"
    }

    public static func interval(_ c: CriticalValue) -> String { interval(c.value, c.low, c.high) }

    public static func seconds(_ s: Double) -> String {
        s < 90 ? String(format: "%.0f s", s) : String(format: "%.1f min", s / 60)
    }
}

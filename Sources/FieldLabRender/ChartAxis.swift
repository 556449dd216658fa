import Foundation

/// One axis of a line chart: the mapping from data values to a fraction of
/// the plot's length, and the ticks and labels that go with it.
///
/// Positions are computed in the axis's *display* coordinate `u`: the value
/// itself on a linear axis, `log10(value)` on a log axis. Everything else
/// (padding, smoothing, tick placement) works in `u`, so a log axis is
/// simply a linear axis over `log10`.
struct ChartAxis: Sendable {
    let scale: AxisScale
    /// Bounds of the axis in display coordinates.
    let lower: Double, upper: Double

    /// An axis showing exactly `range` (data units). On a log axis the
    /// bounds must be positive.
    init(scale: AxisScale, range: ClosedRange<Double>) {
        precondition(range.lowerBound.isFinite && range.upperBound.isFinite && range.upperBound > range.lowerBound,
                     "Chart axis range must be finite with positive width, got \(range)")
        precondition(scale == .linear || range.lowerBound > 0,
                     "A log axis needs a positive range, got \(range)")
        self.scale = scale
        switch scale {
        case .linear: lower = range.lowerBound; upper = range.upperBound
        case .log: lower = Foundation.log10(range.lowerBound); upper = Foundation.log10(range.upperBound)
        }
    }

    /// An axis over the drawable values in `values`, widened by `padding`
    /// times the span on each side (in display coordinates: on a log axis
    /// 5 % of the decades shown). A single distinct value gets a span of
    /// ±10 % of itself (±1 at zero; half a decade on a log axis); no
    /// drawable value gives [0, 1] (linear) or [1, 10] (log).
    init(scale: AxisScale, fitting values: [Double], padding: Double = 0.05) {
        var low = Double.infinity, high = -Double.infinity
        for v in values {
            guard let u = ChartAxis.display(v, scale: scale) else { continue }
            low = min(low, u); high = max(high, u)
        }
        self.scale = scale
        if low > high {                                   // nothing drawable
            lower = 0; upper = 1
        } else if high - low <= 0 {
            let half = scale == .log ? 0.5 : (low == 0 ? 1 : abs(low) * 0.1)
            lower = low - half; upper = high + half
        } else {
            let pad = (high - low) * padding
            lower = low - pad; upper = high + pad
        }
    }

    /// The display coordinate of `value`, or nil when it cannot be drawn
    /// (non-finite, or ≤ 0 on a log axis).
    static func display(_ value: Double, scale: AxisScale) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear: return value
        case .log: return value > 0 ? Foundation.log10(value) : nil
        }
    }

    /// The display coordinate of `value` on this axis, or nil when it cannot be drawn.
    func display(_ value: Double) -> Double? { ChartAxis.display(value, scale: scale) }

    /// Where display coordinate `u` falls along the axis: 0 at the lower
    /// bound, 1 at the upper (outside [0, 1] beyond them).
    func fraction(ofDisplay u: Double) -> Double { (u - lower) / (upper - lower) }

    /// Where data value `value` falls along the axis, or nil when it cannot be drawn.
    func fraction(_ value: Double) -> Double? { display(value).map(fraction(ofDisplay:)) }

    /// Major ticks with labels and unlabelled minor ticks, spaced at least
    /// `minimumSpacing` pixels apart on an axis `length` pixels long.
    ///
    /// Linear: 1-2-5 steps (`Plot.niceTicks`). Log: one tick per decade (every
    /// k-th decade when they would crowd), minor ticks at 2…9 × 10ᵏ when a
    /// decade is wide enough; a range under two decades falls back to
    /// 1, 2, 5 × 10ᵏ, and a range too narrow even for that to linear steps.
    func ticks(length: Int, minimumSpacing: Double) -> (major: [(value: Double, label: String)], minor: [Double]) {
        let wanted = max(2, Int(Double(length) / minimumSpacing))
        switch scale {
        case .linear:
            let ticks = Plot.niceTicks(lower ... upper, target: wanted)
            return (Array(zip(ticks.values, ChartAxis.linearLabels(ticks.values, step: ticks.step))), [])
        case .log:
            return logTicks(length: length, wanted: wanted)
        }
    }

    private func logTicks(length: Int, wanted: Int) -> (major: [(value: Double, label: String)], minor: [Double]) {
        let firstDecade = Int(lower.rounded(.up)), lastDecade = Int(upper.rounded(.down))
        let decades = firstDecade <= lastDecade ? Array(firstDecade ... lastDecade) : []
        let pixelsPerDecade = Double(length) / (upper - lower)
        if decades.count >= 2 {
            let every = max(1, (decades.count + wanted - 1) / wanted)
            let major = decades.filter { ($0 - firstDecade) % every == 0 }
                .map { (value: Foundation.pow(10, Double($0)), label: ChartAxis.powerLabel(mantissa: 1, exponent: $0)) }
            var minor = [Double]()
            if every == 1 && pixelsPerDecade >= 40 {
                minor = mantissaTicks(Array(2 ... 9)).map(\.value)
            } else if every > 1 {
                minor = decades.filter { ($0 - firstDecade) % every != 0 }.map { Foundation.pow(10, Double($0)) }
            }
            return (major, minor)
        }
        let oneTwoFive = mantissaTicks([1, 2, 5])
        if oneTwoFive.count >= 2 && oneTwoFive.count <= wanted + 1 {
            let minor = mantissaTicks([3, 4, 6, 7, 8, 9]).map(\.value)
            return (oneTwoFive.map { ($0.value, ChartAxis.powerLabel(mantissa: $0.mantissa, exponent: $0.exponent)) },
                    pixelsPerDecade >= 40 ? minor : [])
        }
        // Less than about half a decade: linear steps, placed logarithmically.
        let low = Foundation.pow(10, lower), high = Foundation.pow(10, upper)
        let ticks = Plot.niceTicks(low ... high, target: max(2, wanted / 2))
        let values = ticks.values.filter { $0 > 0 }
        return (Array(zip(values, ChartAxis.linearLabels(values, step: ticks.step))), [])
    }

    /// All values `m × 10ᵏ` (m from `mantissas`) inside the axis.
    private func mantissaTicks(_ mantissas: [Int]) -> [(value: Double, mantissa: Int, exponent: Int)] {
        var out = [(value: Double, mantissa: Int, exponent: Int)]()
        for k in Int(lower.rounded(.down)) ... Int(upper.rounded(.up)) {
            for m in mantissas {
                let v = Double(m) * Foundation.pow(10, Double(k))
                let u = Foundation.log10(v)
                if u >= lower - 1e-9 && u <= upper + 1e-9 { out.append((v, m, k)) }
            }
        }
        return out
    }

    /// `m × 10ᵏ` written plainly while that stays short ("0.001", "20",
    /// "10000"), as `me k` otherwise ("1e-5", "2e6").
    static func powerLabel(mantissa m: Int, exponent k: Int) -> String {
        switch k {
        case 0 ... 4: return String(m) + String(repeating: "0", count: k)
        case -3 ... -1: return "0." + String(repeating: "0", count: -k - 1) + String(m)
        default: return "\(m)e\(k)"
        }
    }

    /// Labels for linear ticks `values` spaced `step` apart, with the
    /// decimals the step needs (`Plot.tickLabel`). Once the largest value
    /// reaches five (seven) digits and the step is a whole number of
    /// thousands (millions), every label of the axis is written in that unit
    /// ("5k", "10k", "15k"): step counts read better so and labels stay narrow.
    static func linearLabels(_ values: [Double], step: Double) -> [String] {
        let largest = values.map(abs).max() ?? 0
        for (unit, suffix) in [(1e6, "M"), (1e3, "k")] where largest >= 10 * unit && step >= unit {
            return values.map { $0 == 0 ? "0" : Plot.tickLabel($0 / unit, step: step / unit) + suffix }
        }
        return values.map { Plot.tickLabel($0, step: step) }
    }
}

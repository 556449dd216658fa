import Foundation

/// Kneedle (Satopää, Albrecht, Irwin & Raghavan 2011, "Finding a 'Kneedle'
/// in a haystack", ICDCS Workshops), step for step as the `kneed` package
/// (0.9, `interp_method="interp1d"`, `online=False`):
///
/// 1. normalise x and y to [0, 1];
/// 2. turn the curve into a concave increasing one: decreasing concave flips y
///    (yₙ reversed), decreasing convex takes 1 − yₙ, increasing convex both;
///    the two flipped shapes also take xₙ ← reversed(1 − xₙ);
/// 3. difference curve d = yₙ − xₙ;
/// 4. at each local maximum i of d (d[i] ≥ both neighbours) the threshold is
///    T = d[i] − S·mean(Δxₙ); a local minimum sets T = 0 and pauses detection
///    until the next maximum;
/// 5. the first knee is the last maximum before d drops below T.
///
/// The knee is always one of the x values given.
public enum Kneedle {
    public enum Curve: String, CaseIterable, Sendable, Codable { case concave, convex }
    public enum Direction: String, CaseIterable, Sendable, Codable { case increasing, decreasing }

    /// The shape of a curve as `kneed.find_shape`: the sign of a fitted line's
    /// slope gives the direction, and whether the middle 60 % of the points
    /// (indices ⌊0.2n⌋ ..< ⌊0.8n⌋) lie above that line (concave) or not (convex).
    public static func shape(x: [Double], y: [Double]) -> (direction: Direction, curve: Curve) {
        precondition(x.count == y.count && x.count >= 2, "shape needs at least two points")
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0
        for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx) }
        let slope = sxy / sxx, intercept = my - slope * mx
        let a = Int(n * 0.2), b = Int(n * 0.8)
        var q = 0.0
        if b > a {
            var above = 0.0, line = 0.0
            for i in a..<b { above += y[i]; line += x[i] * slope + intercept }
            q = (above - line) / Double(b - a)
        }
        let direction: Direction = slope > 0 ? .increasing : .decreasing
        return (direction, q > 0 ? .concave : .convex)
    }

    /// The index of the first knee of (x, y), or `nil` when there is none.
    ///
    /// - Parameters:
    ///   - x: increasing, distinct.
    ///   - sensitivity: S, how many mean x-steps d must fall below a maximum
    ///     (larger S: fewer, more conservative knees).
    ///   - curve, direction: the shape; `nil` detects it with ``shape(x:y:)``.
    public static func kneeIndex(x: [Double], y: [Double], sensitivity: Double = 1,
                                 curve: Curve? = nil, direction: Direction? = nil) -> Int? {
        precondition(x.count == y.count, "x and y must have the same length")
        let n = x.count
        guard n >= 3 else { return nil }
        let detected = (curve == nil || direction == nil) ? shape(x: x, y: y) : (.increasing, .concave)
        let curve = curve ?? detected.curve, direction = direction ?? detected.direction
        func normalise(_ a: [Double]) -> [Double] {
            let lo = a.min()!, hi = a.max()!
            return a.map { ($0 - lo) / (hi - lo) }
        }
        var xn = normalise(x), yn = normalise(y)
        guard xn.allSatisfy(\.isFinite), yn.allSatisfy(\.isFinite) else { return nil }
        switch (direction, curve) {
        case (.decreasing, .concave): yn.reverse()
        case (.decreasing, .convex): let top = yn.max()!; yn = yn.map { top - $0 }
        case (.increasing, .convex): let top = yn.max()!; yn = yn.map { top - $0 }.reversed()
        case (.increasing, .concave): break
        }
        if (direction, curve) == (.decreasing, .concave) || (direction, curve) == (.increasing, .convex) {
            xn = xn.map { 1 - $0 }.reversed()
        }
        let d = zip(yn, xn).map { $0 - $1 }
        var isMaximum = [Bool](repeating: false, count: n), isMinimum = isMaximum
        for i in 0..<n {
            let before = d[max(i - 1, 0)], after = d[min(i + 1, n - 1)]
            isMaximum[i] = d[i] >= before && d[i] >= after
            isMinimum[i] = d[i] <= before && d[i] <= after
        }
        guard let firstMaximum = isMaximum.firstIndex(of: true) else { return nil }
        var stepSum = 0.0
        for i in 1..<n { stepSum += xn[i] - xn[i - 1] }
        let drop = sensitivity * abs(stepSum / Double(n - 1))
        var threshold = 0.0, thresholdIndex = firstMaximum, active = true
        for i in firstMaximum..<(n - 1) {
            if isMaximum[i] { threshold = d[i] - drop; thresholdIndex = i; active = true }
            if isMinimum[i] { threshold = 0; active = false }
            if active, d[i + 1] < threshold {
                switch (direction, curve) {
                case (.decreasing, .convex), (.increasing, .concave): return thresholdIndex
                case (.increasing, .convex), (.decreasing, .concave): return n - 1 - thresholdIndex
                }
            }
        }
        return nil
    }
}

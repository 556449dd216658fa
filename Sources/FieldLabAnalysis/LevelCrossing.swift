/// Where a curve first crosses a level: the x at which the seed means pass
/// from one side of `level` to the other, by linear interpolation (in t =
/// log10 x on a log axis) between the two neighbouring distinct x.
///
/// It is the plain definition behind thresholds such as "the memorisation
/// ratio crosses 50 %" (N_c) or "two curves cross" (apply it to the log of
/// their ratio at level 0). It assumes nothing about the curve's shape, which
/// makes it the check on a fitted midpoint; its interval comes from the same
/// bootstrap over seeds as the fits.
public enum LevelCrossing {
    /// The first crossing of `level` by the polyline through (t[i], y[i]),
    /// t increasing; nil when the curve stays on one side. A point exactly on
    /// the level is the crossing.
    public static func first(t: [Double], y: [Double], level: Double) -> Double? {
        precondition(t.count == y.count, "t and y must have the same length")
        guard !t.isEmpty else { return nil }
        if y[0] == level { return t[0] }
        for i in 1..<t.count {
            let a = y[i - 1] - level, b = y[i] - level
            if b == 0 { return t[i] }
            if (a < 0) != (b < 0) { return t[i - 1] + (t[i] - t[i - 1]) * a / (a - b) }
        }
        return nil
    }
}

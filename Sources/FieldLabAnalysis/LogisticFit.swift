import Foundation

/// A four-parameter logistic fitted by least squares:
///
///     y = lower + (upper − lower) / (1 + exp(−(x − midpoint) / width))
///
/// with `lower ≤ upper` the two plateaus; `width` is negative for a
/// decreasing curve. The midpoint is where y is halfway between the plateaus,
/// and |width| the distance over which y goes from 27 % to 73 % of the way.
///
/// Fitting: a grid over (midpoint, |width|) (41 midpoints across the x range
/// × 12 widths from 1/1000 of the range to the range), with the two plateaus
/// solved exactly at each grid point (they enter linearly), gives the start;
/// Levenberg–Marquardt on all four parameters finishes.
public struct LogisticFit: Sendable, Equatable {
    public var midpoint: Double
    public var width: Double
    public var lower: Double
    public var upper: Double
    /// Residual sum of squares.
    public var rss: Double

    public func value(at x: Double) -> Double {
        lower + (upper - lower) / (1 + Foundation.exp(-(x - midpoint) / width))
    }

    /// Least-squares fit to (x, y), started from a grid search.
    /// - Throws: ``AnalysisError/noTransition(method:reason:)`` when y is constant.
    public static func fit(x: [Double], y: [Double]) throws -> LogisticFit {
        precondition(x.count == y.count, "x and y must have the same length")
        let data = GroupedCurve(x: x, y: y)
        guard let lo = x.min(), let hi = x.max(), hi > lo else {
            throw AnalysisError.tooFewPoints(method: .logistic, distinct: Set(x).count, needed: 5)
        }
        guard let yMin = y.min(), let yMax = y.max(), yMax > yMin else {
            throw AnalysisError.noTransition(method: .logistic, reason: "y is constant")
        }
        let span = hi - lo
        var best: (rss: Double, start: [Double]) = (.infinity, [])
        for i in 0...40 {
            let c = lo + span * Double(i) / 40
            for k in 0..<12 {
                let w = span * Foundation.pow(10, -3 + 3 * Double(k) / 11)
                if let (left, right, rss) = plateaus(data, midpoint: c, width: w), rss < best.rss {
                    best = (rss, [c, w, left, right])
                }
            }
        }
        guard !best.start.isEmpty else {
            throw AnalysisError.noTransition(method: .logistic, reason: "no logistic fits the data")
        }
        return refine(data, start: best.start, span: span)
    }

    /// Levenberg–Marquardt from a given fit (a warm start, as the bootstrap uses).
    public static func fit(x: [Double], y: [Double], startingFrom start: LogisticFit) -> LogisticFit {
        let span = (x.max() ?? 0) - (x.min() ?? 0)
        let increasing = start.width > 0
        let p = [start.midpoint, abs(start.width),
                 increasing ? start.lower : start.upper, increasing ? start.upper : start.lower]
        return refine(GroupedCurve(x: x, y: y), start: p, span: span)
    }

    /// Parameters p = (midpoint, w > 0, left plateau, right plateau):
    /// y = left + (right − left)·s, s = 1 / (1 + exp(−(x − midpoint)/w)).
    /// Rows are the distinct x, weighted by √count (see ``GroupedCurve``).
    private static func refine(_ data: GroupedCurve, start: [Double], span: Double) -> LogisticFit {
        let smallest = 1e-9 * span
        let x = data.x, weights = data.rootCount, mean = data.mean
        let (p, weightedRSS) = LeastSquares.levenbergMarquardt(
            start: start, rows: x.count, admissible: { $0[1] > smallest }
        ) { p, r, j in
            let (c, w, left, right) = (p[0], p[1], p[2], p[3])
            for i in x.indices {
                let z = (x[i] - c) / w
                let s = 1 / (1 + Foundation.exp(-z))
                let ds = weights[i] * (right - left) * s * (1 - s)
                r[i] = weights[i] * (left + (right - left) * s - mean[i])
                j[i * 4 + 0] = -ds / w
                j[i * 4 + 1] = -ds * z / w
                j[i * 4 + 2] = weights[i] * (1 - s)
                j[i * 4 + 3] = weights[i] * s
            }
        }
        let rss = weightedRSS + data.within
        let (c, w, left, right) = (p[0], p[1], p[2], p[3])
        return right >= left
            ? LogisticFit(midpoint: c, width: w, lower: left, upper: right, rss: rss)
            : LogisticFit(midpoint: c, width: -w, lower: right, upper: left, rss: rss)
    }

    /// The best plateaus for a fixed midpoint and width (a two-column linear fit).
    private static func plateaus(_ data: GroupedCurve, midpoint: Double, width: Double)
        -> (left: Double, right: Double, rss: Double)? {
        let x = data.x, y = data.mean, n = data.count
        var saa = 0.0, sab = 0.0, sbb = 0.0, sya = 0.0, syb = 0.0
        for i in x.indices {
            let s = 1 / (1 + Foundation.exp(-(x[i] - midpoint) / width))
            let a = 1 - s
            saa += n[i] * a * a; sab += n[i] * a * s; sbb += n[i] * s * s; sya += n[i] * y[i] * a; syb += n[i] * y[i] * s
        }
        let det = saa * sbb - sab * sab
        guard det > 1e-12 * saa * sbb else { return nil }
        let left = (sya * sbb - syb * sab) / det, right = (syb * saa - sya * sab) / det
        var rss = 0.0
        for i in x.indices {
            let s = 1 / (1 + Foundation.exp(-(x[i] - midpoint) / width))
            let e = y[i] - left - (right - left) * s
            rss += n[i] * e * e
        }
        return (left, right, rss + data.within)
    }
}

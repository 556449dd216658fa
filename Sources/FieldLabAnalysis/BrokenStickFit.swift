import Foundation

/// A continuous broken stick (segmented regression with one breakpoint,
/// Muggeo 2003, Stat. Med. 22:3055; R's `segmented`):
///
///     y = intercept + slope·x + slopeChange·(x − breakpoint)₊
///
/// Fitting is an exact profile: for each candidate breakpoint ψ the three
/// coefficients are a linear least-squares problem, so RSS(ψ) is minimised
/// directly — a grid of 8 points per interval between distinct x values
/// (at most 400 points; beyond that, every k-th distinct x), then golden-section search between the best grid point's neighbours to
/// the last bits of ψ. The breakpoint is kept between the second and the
/// second-last distinct x (each segment has at least two distinct x).
public struct BrokenStickFit: Sendable, Equatable {
    public var breakpoint: Double
    public var intercept: Double
    /// Slope left of the breakpoint.
    public var slope: Double
    /// Right slope minus left slope.
    public var slopeChange: Double
    public var rss: Double

    public var slopeRight: Double { slope + slopeChange }

    public func value(at x: Double) -> Double {
        intercept + slope * x + slopeChange * max(x - breakpoint, 0)
    }

    /// Least-squares fit to (x, y).
    /// - Throws: ``AnalysisError/tooFewPoints(method:distinct:needed:)`` with fewer than 4 distinct x;
    ///   ``AnalysisError/noTransition(method:reason:)`` when no breakpoint is identifiable.
    public static func fit(x: [Double], y: [Double]) throws -> BrokenStickFit {
        precondition(x.count == y.count, "x and y must have the same length")
        let profile = HingeProfile(t: x, y: y)
        guard profile.knots.count >= 4 else {
            throw AnalysisError.tooFewPoints(method: .segmented, distinct: profile.knots.count, needed: 4)
        }
        let (psi, _) = profile.bestSingleHinge()
        return try at(breakpoint: psi, profile: profile)
    }

    /// The linear fit with the breakpoint held at `breakpoint`.
    static func at(breakpoint psi: Double, profile: HingeProfile) throws -> BrokenStickFit {
        guard let fit = profile.solve(columns: 3, { v, row in
            row[0] = 1; row[1] = v; row[2] = max(v - psi, 0)
        }) else {
            throw AnalysisError.noTransition(method: .segmented, reason: "no breakpoint is identifiable")
        }
        let c = fit.coefficients
        return BrokenStickFit(breakpoint: psi, intercept: c[0], slope: c[1], slopeChange: c[2], rss: fit.rss)
    }
}

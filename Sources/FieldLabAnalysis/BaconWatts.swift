import Foundation

/// The single Bacon–Watts model (Bacon & Watts 1971, Biometrika 58:525), as
/// used for the knee of battery capacity curves (Fermín-Cueto et al. 2020,
/// Energy and AI 1:100006):
///
///     Y = a0 + a1 (x − x1) + a2 (x − x1) tanh((x − x1)/γ)
///
/// taken at γ → 0 exactly, where (x − x1) tanh((x − x1)/γ) → |x − x1|: two
/// lines of slopes a1 − a2 and a1 + a2 joined at the knee x1. (KneeFinder
/// uses γ = 1e-8, which differs from the limit only within ~1e-8 of x1.)
/// In this limit the model spans the same functions as the broken stick, so
/// the knee equals ``BrokenStickFit``'s breakpoint, and the fit is that one,
/// reparameterised.
public struct BaconWattsFit: Sendable, Equatable {
    public var knee: Double
    public var a0: Double
    public var a1: Double
    public var a2: Double
    public var rss: Double

    public var slopeLeft: Double { a1 - a2 }
    public var slopeRight: Double { a1 + a2 }

    public func value(at x: Double) -> Double {
        a0 + a1 * (x - knee) + a2 * abs(x - knee)
    }

    /// Least-squares fit to (x, y): the broken stick's fit, written in this
    /// model's parameters (a0 the value at the knee, a1 ± a2 the slopes).
    public static func fit(x: [Double], y: [Double]) throws -> BaconWattsFit {
        let stick: BrokenStickFit
        do {
            stick = try BrokenStickFit.fit(x: x, y: y)
        } catch let AnalysisError.tooFewPoints(_, distinct, needed) {
            throw AnalysisError.tooFewPoints(method: .baconWatts, distinct: distinct, needed: needed)
        } catch AnalysisError.noTransition {
            throw AnalysisError.noTransition(method: .baconWatts, reason: "no knee is identifiable")
        }
        let left = stick.slope, right = stick.slopeRight
        return BaconWattsFit(knee: stick.breakpoint, a0: stick.value(at: stick.breakpoint),
                             a1: (left + right) / 2, a2: (right - left) / 2, rss: stick.rss)
    }
}

/// The double Bacon–Watts model (Fermín-Cueto et al. 2020), γ → 0:
///
///     Y = a0 + a1 (x − x0) + a2 (x − x0) tanh((x − x0)/γ) + a3 (x − x2) tanh((x − x2)/γ)
///       → a0 + a1 (x − x0) + a2 |x − x0| + a3 |x − x2|
///
/// three lines joined at x0 < x2. The knee *onset* is the first transition
/// x0: where the curve first leaves its initial linear trend.
///
/// Fitting: the exact profile RSS(x0, x2) on a grid of pairs (distinct x
/// values and midpoints between them; at most 60 positions, beyond that
/// every k-th distinct x), then Levenberg–Marquardt on all six
/// parameters from the best pair.
public struct DoubleBaconWattsFit: Sendable, Equatable {
    /// The first transition x0 (the onset).
    public var onset: Double
    /// The second transition x2.
    public var second: Double
    public var a0: Double
    public var a1: Double
    public var a2: Double
    public var a3: Double
    public var rss: Double

    public var slopeLeft: Double { a1 - a2 - a3 }
    public var slopeMiddle: Double { a1 + a2 - a3 }
    public var slopeRight: Double { a1 + a2 + a3 }

    public func value(at x: Double) -> Double {
        a0 + a1 * (x - onset) + a2 * abs(x - onset) + a3 * abs(x - second)
    }

    /// Least-squares fit to (x, y).
    public static func fit(x: [Double], y: [Double]) throws -> DoubleBaconWattsFit {
        precondition(x.count == y.count, "x and y must have the same length")
        let profile = HingeProfile(t: x, y: y)
        guard profile.knots.count >= 6 else {
            throw AnalysisError.tooFewPoints(method: .baconWattsOnset, distinct: profile.knots.count, needed: 6)
        }
        guard let (hinges, _) = profile.bestTwoHinges() else {
            throw AnalysisError.noTransition(method: .baconWattsOnset, reason: "no two transitions are identifiable")
        }
        let (x0, x2) = (hinges[0], hinges[1])
        guard let fit = profile.solve(columns: 4, { v, row in
            row[0] = 1; row[1] = v - x0; row[2] = abs(v - x0); row[3] = abs(v - x2)
        }) else {
            throw AnalysisError.noTransition(method: .baconWattsOnset, reason: "no two transitions are identifiable")
        }
        let c = fit.coefficients
        return DoubleBaconWattsFit(onset: x0, second: x2, a0: c[0], a1: c[1], a2: c[2], a3: c[3], rss: fit.rss)
    }
}

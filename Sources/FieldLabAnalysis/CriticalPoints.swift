import Foundation
import FieldLabCore

/// Critical points of curves with bootstrap confidence intervals.
public enum CriticalPoints {
    /// Finds the critical point of `samples` by `method`. `logX`: fit on log10 x (x must be > 0).
    ///
    /// Intervals: bootstrap over seeds — resample, independently at each
    /// distinct x, the y values observed there, with replacement; refit;
    /// percentile interval — `resamples` times from a generator seeded by `seed`.
    /// When no x is repeated there are no seeds to resample, so a residual
    /// bootstrap is used instead: residuals of the fit, centred and scaled by
    /// √(n/(n − p)), resampled with replacement and added to the fitted curve
    /// (Kneedle has no fitted curve, so it then reports low = high = critical).
    /// Logistic refits start from the fit to all the data; the hinge fits
    /// search their whole grid again each time. A resample whose refit
    /// fails is dropped and counted in `parameters["failed_resamples"]`.
    ///
    /// - Parameters:
    ///   - confidence: coverage of the interval, in (0, 1).
    ///   - sensitivity: Kneedle's S (ignored by the other methods).
    ///   - level: the level of `crossing` (ignored by the other methods).
    ///   - curve, direction: Kneedle's shape; `nil` detects it (as kneed's `find_shape`).
    /// - Throws: ``AnalysisError``.
    public static func find(_ samples: CurveSamples, method: CriticalPointMethod, logX: Bool,
                            confidence: Double = 0.95, resamples: Int = 500, seed: UInt64 = 0,
                            sensitivity: Double = 1, level: Double = 0.5,
                            curve: Kneedle.Curve? = nil, direction: Kneedle.Direction? = nil) throws -> CriticalPoint {
        guard confidence > 0, confidence < 1 else {
            throw AnalysisError.invalidArgument("confidence must be in (0, 1), got \(confidence)")
        }
        guard resamples >= 0 else { throw AnalysisError.invalidArgument("resamples must be ≥ 0, got \(resamples)") }
        guard sensitivity.isFinite, sensitivity >= 0 else {
            throw AnalysisError.invalidArgument("sensitivity must be a finite number ≥ 0, got \(sensitivity)")
        }
        for i in samples.x.indices where !samples.x[i].isFinite || !samples.y[i].isFinite {
            throw AnalysisError.nonFiniteValue(index: i)
        }
        if logX, let i = samples.x.firstIndex(where: { $0 <= 0 }) {
            throw AnalysisError.nonPositiveX(index: i, value: samples.x[i])
        }
        let groups = samples.groups
        guard groups.count >= method.minimumDistinctX else {
            throw AnalysisError.tooFewPoints(method: method, distinct: groups.count, needed: method.minimumDistinctX)
        }
        let t = logX ? samples.x.map { Foundation.log10($0) } : samples.x
        let y = samples.y
        guard let yMin = y.min(), let yMax = y.max(), yMax > yMin || method == .crossing else {
            throw AnalysisError.noTransition(method: method, reason: "the curve is flat (y is constant)")
        }
        let toX: (Double) -> Double = logX ? { Foundation.pow(10, $0) } : { $0 }

        guard level.isFinite else { throw AnalysisError.invalidArgument("level must be finite, got \(level)") }
        let model = try Model.fit(method, x: samples.x, t: t, y: y, toX: toX, groups: groups, sensitivity: sensitivity,
                                  level: level, curve: curve, direction: direction)
        var generator = SeededGenerator(seed: seed)
        let seeds = groups.contains { $0.count > 1 }
        var criticals: [Double] = []
        var failed = 0
        if seeds || model.predict != nil {
            let fitted = model.predict.map { f in t.map(f) } ?? []
            let residuals = zip(y, fitted).map { $0 - $1 }
            for _ in 0..<resamples {
                let ys = seeds
                    ? Bootstrap.seedResample(y: y, groups: groups, using: &generator)
                    : Bootstrap.residualResample(fitted: fitted, residuals: residuals,
                                                 parameterCount: model.parameterCount, using: &generator)
                if let c = model.refit(ys), c.isFinite { criticals.append(c) } else { failed += 1 }
            }
        }
        var low = model.critical, high = model.critical
        if !criticals.isEmpty {
            (low, high) = Bootstrap.percentileInterval(criticals, confidence: confidence)
        }
        var parameters = model.parameters
        parameters["resamples"] = Double(criticals.count)
        parameters["failed_resamples"] = Double(failed)
        parameters["residual_bootstrap"] = seeds ? 0 : 1
        var curveX: [Double] = [], curveY: [Double] = []
        if let f = model.predict {
            let lo = t.min()!, hi = t.max()!
            for k in 0...200 {
                let u = lo + (hi - lo) * Double(k) / 200
                curveX.append(k == 0 ? samples.x.min()! : k == 200 ? samples.x.max()! : toX(u))
                curveY.append(f(u))
            }
        }
        let critical = model.criticalX ?? toX(model.critical)
        return CriticalPoint(method: method, critical: critical, low: min(toX(low), critical),
                             high: max(toX(high), critical), confidence: confidence, logX: logX,
                             parameters: parameters, curveX: curveX, curveY: curveY)
    }
}

/// One method's fit to all the data, and how to refit a resample.
private struct Model {
    /// The critical value in the fitted variable t.
    var critical: Double
    /// The critical value in x units when it is exactly a data x (Kneedle).
    var criticalX: Double?
    var parameters: [String: Double]
    var parameterCount: Int
    var predict: ((Double) -> Double)?
    var refit: ([Double]) -> Double?

    static func fit(_ method: CriticalPointMethod, x: [Double], t: [Double], y: [Double], toX: (Double) -> Double, groups: [[Int]], sensitivity: Double,
                    level: Double, curve: Kneedle.Curve?, direction: Kneedle.Direction?) throws -> Model {
        switch method {
        case .logistic:
            let fit = try LogisticFit.fit(x: t, y: y)
            guard fit.midpoint >= t.min()!, fit.midpoint <= t.max()! else {
                throw AnalysisError.noTransition(method: method, reason: "the fitted midpoint lies outside the data range")
            }
            return Model(critical: fit.midpoint, parameters: ["width": fit.width, "lower": fit.lower,
                                                              "upper": fit.upper, "rss": fit.rss],
                         parameterCount: 4, predict: fit.value(at:),
                         refit: { LogisticFit.fit(x: t, y: $0, startingFrom: fit).midpoint })
        case .segmented:
            let fit = try BrokenStickFit.fit(x: t, y: y)
            return Model(critical: fit.breakpoint,
                         parameters: ["slope_left": fit.slope, "slope_right": fit.slopeRight,
                                      "intercept": fit.intercept, "rss": fit.rss],
                         parameterCount: 4, predict: fit.value(at:),
                         refit: { try? BrokenStickFit.fit(x: t, y: $0).breakpoint })
        case .baconWatts:
            let fit = try BaconWattsFit.fit(x: t, y: y)
            return Model(critical: fit.knee,
                         parameters: ["slope_left": fit.slopeLeft, "slope_right": fit.slopeRight,
                                      "a0": fit.a0, "a1": fit.a1, "a2": fit.a2, "rss": fit.rss],
                         parameterCount: 4, predict: fit.value(at:),
                         refit: { try? BaconWattsFit.fit(x: t, y: $0).knee })
        case .baconWattsOnset:
            let fit = try DoubleBaconWattsFit.fit(x: t, y: y)
            return Model(critical: fit.onset,
                         parameters: ["second_transition": toX(fit.second),
                                      "slope_left": fit.slopeLeft, "slope_middle": fit.slopeMiddle,
                                      "slope_right": fit.slopeRight,
                                      "a0": fit.a0, "a1": fit.a1, "a2": fit.a2, "a3": fit.a3, "rss": fit.rss],
                         parameterCount: 6, predict: fit.value(at:),
                         refit: { try? DoubleBaconWattsFit.fit(x: t, y: $0).onset })
        case .crossing:
            let ts = groups.map { t[$0[0]] }
            func means(_ ys: [Double]) -> [Double] {
                groups.map { g in g.reduce(0) { $0 + ys[$1] } / Double(g.count) }
            }
            guard let c = LevelCrossing.first(t: ts, y: means(y), level: level) else {
                throw AnalysisError.noTransition(method: method, reason: "the seed means never cross the level \(level)")
            }
            return Model(critical: c, parameters: ["level": level], parameterCount: 0, predict: nil,
                         refit: { LevelCrossing.first(t: ts, y: means($0), level: level) })
        case .kneedle:
            let ts = groups.map { t[$0[0]] }
            func means(_ ys: [Double]) -> [Double] {
                groups.map { g in g.reduce(0) { $0 + ys[$1] } / Double(g.count) }
            }
            let shape = Kneedle.shape(x: ts, y: means(y))
            let c = curve ?? shape.curve, d = direction ?? shape.direction
            guard let k = Kneedle.kneeIndex(x: ts, y: means(y), sensitivity: sensitivity, curve: c, direction: d) else {
                throw AnalysisError.noTransition(method: method, reason: "Kneedle finds no knee (S = \(sensitivity))")
            }
            return Model(critical: ts[k], criticalX: x[groups[k][0]],
                         parameters: ["sensitivity": sensitivity, "index": Double(k),
                                      "concave": c == .concave ? 1 : 0, "increasing": d == .increasing ? 1 : 0],
                         parameterCount: 0, predict: nil,
                         refit: { ys in
                             Kneedle.kneeIndex(x: ts, y: means(ys), sensitivity: sensitivity, curve: c, direction: d)
                                 .map { ts[$0] }
                         })
        }
    }
}

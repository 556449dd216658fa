import Foundation
import FieldLabCore

/// What an adaptive integration did.
public struct AdaptiveResult: Sendable, Equatable {
    /// Steps whose error estimate was within tolerance.
    public var accepted: Int
    /// Steps retried with a smaller step size.
    public var rejected: Int
    /// Field evaluations, the initial step-size estimate included.
    public var evaluations: Int
    /// `false` when it stopped early: `maxSteps` attempts were used up, or the
    /// step size shrank to rounding level (a non-finite or stiff field).
    public var reachedEnd: Bool
    /// The time the state has reached (`t1` when `reachedEnd`).
    public var time: Double
}

extension DormandPrince {
    /// Integrates from `t0` to `t1` with step-size control (DOPRI5: Dormand &
    /// Prince 1980; controller and initial step after Hairer, Nørsett & Wanner,
    /// *Solving ODEs I*, §II.4).
    ///
    /// Each attempt takes a fifth-order step and estimates its error from the
    /// embedded fourth-order solution, err_i = h·Σ_j e_j k_ij, measured as
    ///
    ///     ‖err‖ = sqrt( mean_i (err_i / (atol + rtol·max(|x_i|, |x̃_i|)))² )
    ///
    /// over all elements of the batch. The step is accepted when ‖err‖ ≤ 1 and
    /// the next step is h·min(10, max(0.2, 0.9·‖err‖^(−1/5))) (no growth right
    /// after a rejection). The seventh stage is evaluated at the new point and
    /// reused as the next step's first ("first same as last"), so an attempt
    /// costs 6 evaluations; the start costs 2 more (v(x₀) and one for the
    /// initial step estimate unless `initialStep` is given).
    ///
    /// - Parameters:
    ///   - state: the points, updated in place to their values at `t1` (or at
    ///     `result.time` when the integration stopped early).
    ///   - t0, t1: start and end; `t1 < t0` integrates backwards.
    ///   - relativeTolerance, absoluteTolerance: rtol and atol above.
    ///   - initialStep: the first step's size |h|; estimated when `nil`.
    ///   - maxSteps: the most attempts (accepted + rejected).
    public static func integrateAdaptive<F: VectorField>(
        _ field: inout F, state x: inout Matrix<Double>, from t0: Double, to t1: Double,
        relativeTolerance rtol: Double = 1e-5, absoluteTolerance atol: Double = 1e-5,
        initialStep: Double? = nil, maxSteps: Int = 10_000
    ) -> AdaptiveResult {
        precondition(rtol >= 0 && atol >= 0 && rtol + atol > 0, "Tolerances must be non-negative, not both zero")
        precondition(maxSteps > 0, "maxSteps must be positive")
        precondition(t0.isFinite && t1.isFinite, "Integration limits must be finite")
        var result = AdaptiveResult(accepted: 0, rejected: 0, evaluations: 0, reachedEnd: true, time: t0)
        if t0 == t1 || x.count == 0 { result.time = t1; return result }

        let direction: Double = t1 > t0 ? 1 : -1
        var solver = DormandPrince()
        solver.shapeBuffers(like: x)
        var proposal = x
        var errorVector = x

        var t = t0
        field.velocity(at: x, time: t, into: &solver.k1)
        result.evaluations += 1

        var hAbs: Double
        if let h = initialStep {
            precondition(h > 0, "initialStep must be positive")
            hAbs = h
        } else {
            hAbs = solver.initialStepEstimate(&field, state: x, time: t, direction: direction,
                                              rtol: rtol, atol: atol)
            result.evaluations += 1
        }
        hAbs = min(hAbs, abs(t1 - t0))

        let safety = 0.9, minFactor = 0.2, maxFactor = 10.0
        var rejectedLast = false
        while t != t1 {
            if result.accepted + result.rejected >= maxSteps { result.reachedEnd = false; break }
            if hAbs <= 16 * abs(t).ulp || !hAbs.isFinite { result.reachedEnd = false; break }
            let isLast = hAbs >= abs(t1 - t)
            let tNew = isLast ? t1 : t + direction * hAbs
            let h = tNew - t

            solver.computeStages2to6(&field, from: x, time: t, to: tNew)
            // Fifth-order solution (the seventh stage's argument).
            Elementwise.set(&proposal, to: x, plus: h * b1, times: solver.k1)
            Elementwise.add(&proposal, h * b3, times: solver.k3, h * b4, times: solver.k4)
            Elementwise.add(&proposal, h * b5, times: solver.k5, h * b6, times: solver.k6)
            field.velocity(at: proposal, time: tNew, into: &solver.k7)
            result.evaluations += 6

            Elementwise.set(&errorVector, h * e1, times: solver.k1)
            Elementwise.add(&errorVector, h * e3, times: solver.k3, h * e4, times: solver.k4)
            Elementwise.add(&errorVector, h * e5, times: solver.k5, h * e6, times: solver.k6)
            Elementwise.add(&errorVector, h * e7, times: solver.k7)
            let err = scaledNorm(errorVector, x, proposal, rtol: rtol, atol: atol)

            if err <= 1 {
                result.accepted += 1
                t = tNew
                swap(&x, &proposal)
                swap(&solver.k1, &solver.k7)
                let grow = err == 0 ? maxFactor : min(maxFactor, max(minFactor, safety * pow(err, -0.2)))
                hAbs *= rejectedLast ? min(1, grow) : grow
                rejectedLast = false
            } else {
                result.rejected += 1
                // A NaN error (the field blew up) shrinks as hard as allowed.
                let shrink = err.isFinite ? max(minFactor, safety * pow(err, -0.2)) : minFactor
                hAbs = abs(h) * shrink
                rejectedLast = true
            }
        }
        result.time = t
        return result
    }

    /// Hairer, Nørsett & Wanner's starting step (*Solving ODEs I*, II.4):
    /// h₀ = 0.01·‖x‖/‖v‖, one Euler trial step to estimate the second
    /// derivative, then h = min(100·h₀, (0.01 / max(‖v‖, ‖v′‖))^(1/5)).
    /// Uses one field evaluation; `k1` must hold v(x, t).
    mutating func initialStepEstimate<F: VectorField>(_ field: inout F, state x: Matrix<Double>,
                                                      time t: Double, direction: Double,
                                                      rtol: Double, atol: Double) -> Double {
        let d0 = Self.scaledNorm(x, x, x, rtol: rtol, atol: atol)
        let d1 = Self.scaledNorm(k1, x, x, rtol: rtol, atol: atol)
        let h0 = (d0 < 1e-5 || d1 < 1e-5) ? 1e-6 : 0.01 * d0 / d1
        Elementwise.set(&stage, to: x, plus: direction * h0, times: k1)
        field.velocity(at: stage, time: t + direction * h0, into: &k2)
        Elementwise.set(&k3, to: k2, plus: -1, times: k1)
        let d2 = Self.scaledNorm(k3, x, x, rtol: rtol, atol: atol) / h0
        let dMax = max(d1, d2)
        let h1 = dMax <= 1e-15 ? max(1e-6, h0 * 1e-3) : pow(0.01 / dMax, 1.0 / 5)
        return min(100 * h0, h1)
    }

    /// sqrt(mean_i (e_i / (atol + rtol·max(|a_i|, |b_i|)))²).
    static func scaledNorm(_ e: Matrix<Double>, _ a: Matrix<Double>, _ b: Matrix<Double>,
                           rtol: Double, atol: Double) -> Double {
        let n = e.count
        guard n > 0 else { return 0 }
        var sum = 0.0
        e.storage.withUnsafeBufferPointer { ep in
            a.storage.withUnsafeBufferPointer { ap in
                b.storage.withUnsafeBufferPointer { bp in
                    for i in 0..<n {
                        let scale = atol + rtol * max(abs(ap[i]), abs(bp[i]))
                        let r = ep[i] / scale
                        sum += r * r
                    }
                }
            }
        }
        return (sum / Double(n)).squareRoot()
    }
}

import Foundation
import Testing
import FieldLabCore
@testable import FieldLabSampling

@Suite struct AdaptiveDormandPrinceTests {
    struct Run {
        var result: AdaptiveResult
        /// max_i |x_i − exact_i| / (atol + rtol·|exact_i|): 1 means "at the tolerance".
        var scaledError: Double
    }

    static func run(tolerance: Double, from t0: Double, to t1: Double, maxSteps: Int = 10_000) -> Run {
        var field = RotatingDecay.field
        let x0 = RotatingDecay.exact(RotatingDecay.initial, from: 0, to: t0)
        var x = x0
        let result = DormandPrince.integrateAdaptive(&field, state: &x, from: t0, to: t1,
                                                     relativeTolerance: tolerance,
                                                     absoluteTolerance: tolerance, maxSteps: maxSteps)
        let exact = RotatingDecay.exact(x0, from: t0, to: t1)
        let scaled = zip(x.storage, exact.storage).map { abs($0 - $1) / (tolerance + tolerance * abs($1)) }
        return Run(result: result, scaledError: scaled.max() ?? 0)
    }

    /// The tolerance bounds each step's local error; the global error is their
    /// sum, so it lands within a small factor of the tolerance (3–7 seen here)
    /// and falls in proportion with it.
    @Test(arguments: [(0.0, 2.0), (2.0, 0.0), (0.0, 10.0)])
    func reachesRequestedTolerance(_ t0: Double, _ t1: Double) {
        var previous: Run?
        for tolerance in [1e-3, 1e-5, 1e-7, 1e-9] {
            let run = Self.run(tolerance: tolerance, from: t0, to: t1)
            #expect(run.result.reachedEnd)
            #expect(run.result.time == t1, "must land on t1 exactly")
            #expect(run.scaledError < 10, "tolerance \(tolerance): error is \(run.scaledError)× the tolerance")
            if let previous {
                // Tighter tolerance costs more evaluations.
                #expect(run.result.evaluations > previous.result.evaluations)
            }
            previous = run
        }
    }

    /// Evaluations are 6 per attempt plus 2 at the start (v(x₀) and the
    /// initial step estimate).
    @Test func countsEvaluations() {
        let tolerance = 1e-6
        var calls = 0
        let base = RotatingDecay.field
        var field = ClosureField { x, t, v in
            calls += 1
            var inner = base
            inner.velocity(at: x, time: t, into: &v)
        }
        var x = RotatingDecay.initial
        let result = DormandPrince.integrateAdaptive(&field, state: &x, from: 0, to: 3,
                                                     relativeTolerance: tolerance,
                                                     absoluteTolerance: tolerance)
        #expect(result.evaluations == calls)
        #expect(result.evaluations == 6 * (result.accepted + result.rejected) + 2)
    }

    @Test func stopsAtMaxSteps() {
        let run = Self.run(tolerance: 1e-10, from: 0, to: 10, maxSteps: 5)
        #expect(!run.result.reachedEnd)
        #expect(run.result.accepted + run.result.rejected == 5)
        #expect(run.result.time > 0 && run.result.time < 10)
    }

    /// A field that turns non-finite past t = 1 cannot be crossed: the step
    /// shrinks to rounding level and the integrator reports where it stopped.
    @Test func stopsOnNonFiniteField() {
        var field = ClosureField { x, t, v in
            for i in 0..<x.count { v.storage[i] = t > 1 ? .nan : -x.storage[i] }
        }
        var x = Matrix<Double>([[1, 1]])
        let result = DormandPrince.integrateAdaptive(&field, state: &x, from: 0, to: 2)
        #expect(!result.reachedEnd)
        #expect(result.time <= 1 && result.time > 0.99)
        #expect(x.isFinite)
    }

    @Test func zeroLengthIntervalDoesNothing() {
        var field = RotatingDecay.field
        var x = RotatingDecay.initial
        let result = DormandPrince.integrateAdaptive(&field, state: &x, from: 1, to: 1)
        #expect(result.evaluations == 0 && result.reachedEnd)
        #expect(x == RotatingDecay.initial)
    }
}

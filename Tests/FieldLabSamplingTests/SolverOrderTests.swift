import Foundation
import Testing
import FieldLabCore
@testable import FieldLabSampling

/// Each solver's order of accuracy, observed by halving the step: with global
/// error C·hᵖ, log2(err(h) / err(h/2)) → p.
@Suite struct SolverOrderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let kind: SolverKind
        /// Step counts n, 2n, 4n: large enough to be asymptotic, small enough
        /// that the error stays far above rounding (≥ 1e-11).
        let steps: Int
        let slack: Double
        var testDescription: String { kind.rawValue }
    }

    static let cases: [Case] = [
        Case(kind: .euler, steps: 200, slack: 0.3),
        Case(kind: .heun, steps: 40, slack: 0.3),
        Case(kind: .rk4, steps: 16, slack: 0.3),
        Case(kind: .dopri5, steps: 16, slack: 0.5),
    ]

    static func observedOrders(_ c: Case, from t0: Double, to t1: Double) -> [Double] {
        let errors = [1, 2, 4].map { globalError(c.kind.makeSolver(), steps: c.steps * $0, from: t0, to: t1) }
        return [log2(errors[0] / errors[1]), log2(errors[1] / errors[2])]
    }

    @Test(arguments: cases)
    func orderForwardInTime(_ c: Case) {
        let orders = Self.observedOrders(c, from: 0, to: 2)
        for p in orders {
            #expect(abs(p - Double(c.kind.order)) <= c.slack, "observed order \(p)")
        }
    }

    @Test(arguments: cases)
    func orderBackwardInTime(_ c: Case) {
        let orders = Self.observedOrders(c, from: 2, to: 0)
        for p in orders {
            #expect(abs(p - Double(c.kind.order)) <= c.slack, "observed order \(p)")
        }
    }

    /// The solvers treat the state as a flat array: any number of columns
    /// works. Independent exponential decays per column, rate (c + 1)/2·g(t).
    @Test(arguments: SolverKind.allCases)
    func threeColumnsDecayExactly(_ kind: SolverKind) {
        var field = ClosureField { x, t, v in
            for r in 0..<x.rows {
                for c in 0..<x.columns { v[r, c] = -Double(c + 1) / 2 * RotatingDecay.g(t) * x[r, c] }
            }
        }
        let x0 = Matrix<Double>([[1, -2, 3], [0.5, 0.25, -1]])
        var solver = kind.makeSolver()
        let result = integrate(&field, solver: &solver, from: x0,
                               grid: TimeGrid.uniform(from: 0, to: 1, steps: 400))
        let s = RotatingDecay.bigG(1) - RotatingDecay.bigG(0)
        var exact = x0
        for r in 0..<2 { for c in 0..<3 { exact[r, c] = x0[r, c] * exp(-Double(c + 1) / 2 * s) } }
        #expect(result.final.columns == 3)
        #expect(maxAbsDifference(result.final, exact) < 5e-3)
    }

    /// One Euler step by hand: x₁ = x₀ + h·v(x₀, t₀).
    @Test func eulerStepMatchesHandComputation() {
        var field = ClosureField { x, t, v in
            for i in 0..<x.count { v.storage[i] = t * x.storage[i] + 1 }
        }
        var x = Matrix<Double>([[1, 2]])
        var euler = Euler()
        euler.step(&field, state: &x, from: 2, to: 2.5)   // v = (3, 5), h = 0.5
        #expect(isClose(x[0, 0], 2.5) && isClose(x[0, 1], 4.5))
    }

    /// One Heun step by hand on dx/dt = t: exact for a linear-in-t velocity.
    @Test func heunIntegratesLinearTimeExactly() {
        var field = ClosureField { x, t, v in
            for i in 0..<x.count { v.storage[i] = t }
        }
        var x = Matrix<Double>([[0, 1]])
        var heun = Heun()
        heun.step(&field, state: &x, from: 1, to: 3)   // ∫₁³ t dt = 4
        #expect(isClose(x[0, 0], 4) && isClose(x[0, 1], 5))
    }

    /// On dx/dt = tᵏ a step is a quadrature rule: RK4's is Simpson's (exact
    /// up to cubics), DoPri5's fifth-order weights are exact up to quartics.
    @Test(arguments: [(SolverKind.rk4, 3, 4.0), (.dopri5, 4, 6.4)])
    func integratesPolynomialInTimeExactly(_ kind: SolverKind, _ degree: Int, _ integral: Double) {
        var field = ClosureField { x, t, v in
            for i in 0..<x.count { v.storage[i] = pow(t, Double(degree)) }
        }
        var x = Matrix<Double>([[0, 1]])
        var solver = kind.makeSolver()
        solver.step(&field, state: &x, from: 0, to: 2)   // ∫₀² tᵏ dt
        #expect(isClose(x[0, 0], integral, relative: 1e-13))
        #expect(isClose(x[0, 1], integral + 1, relative: 1e-13))
    }

    @Test func heunEulerAtZeroTakesOneEvaluation() {
        var calls = 0
        var field = ClosureField { x, t, v in
            calls += 1
            for i in 0..<x.count { v.storage[i] = x.storage[i] / t }
        }
        var x = Matrix<Double>([[2, 4]])
        var heun = Heun(eulerAtZero: true)
        heun.step(&field, state: &x, from: 1, to: 0)   // Euler: x + (−1)·x/1 = 0
        #expect(calls == 1)
        #expect(heun.evaluations(from: 1, to: 0) == 1)
        #expect(x.isFinite && abs(x[0, 0]) < 1e-15 && abs(x[0, 1]) < 1e-15)
    }
}

import FieldLabCore
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling

/// Log-likelihoods by the probability-flow ODE (instantaneous change of
/// variables, Chen et al. 2018; Song et al. 2021): along a trajectory of
/// dx/dt = v(x, t), d/dt log p_t(x(t)) = −∇·v. Integrating from the data end
/// of the time grid back to the prior end,
///
///     log p_data(x₀) = log p_prior(x_T) + ∫_{t_data}^{t_prior} ∇·v dt,
///
/// with the exact 2 × 2 divergence (no trace estimator). The state carries
/// the running integral as a third column, so the shared solvers integrate
/// both together.
public enum Likelihood {
    /// Negative log-likelihood (nats) of each point in `points` (standard frame).
    public static func negativeLogLikelihood<F: DivergenceField>(
        of points: [Point], field: inout F, method: any GenerativeMethod,
        grid: [Double], solver: SolverKind = .rk4
    ) -> [Double] {
        var augmented = AugmentedField(base: field, count: points.count)
        var state = Matrix<Double>(rows: points.count, columns: 3)
        for (i, p) in points.enumerated() { state[i, 0] = p.x; state[i, 1] = p.y }
        var s = solver.makeSolver()
        func run<S: ODESolver>(_ s: inout S) -> IntegrationResult {
            integrate(&augmented, solver: &s, from: state, grid: Array(grid.reversed()))
        }
        let end = run(&s).final
        field = augmented.base
        return (0..<points.count).map { i in
            -(method.priorLogDensity(Point(end[i, 0], end[i, 1])) + end[i, 2])
        }
    }

    /// Mean NLL of `points` under a trained network's ODE (RK4 on the method's grid).
    public static func meanNegativeLogLikelihood(network: MLP<Float>, method: any GenerativeMethod,
                                                 points: [Point], steps: Int = 48) -> Double {
        let method = method.likelihoodMethod
        var field = NetworkField(network: network, method: method)
        let nll = negativeLogLikelihood(of: points, field: &field, method: method, grid: method.timeGrid(steps: steps))
        return nll.reduce(0, +) / Double(nll.count)
    }
}

/// (x, y, L) ↦ (v_x, v_y, ∇·v): a field with its divergence as a third column.
struct AugmentedField<Base: DivergenceField>: VectorField {
    var base: Base
    var xy: Matrix<Double>
    var v: Matrix<Double>
    var divergence: [Double]

    init(base: Base, count: Int) {
        self.base = base
        xy = Matrix(rows: count, columns: 2)
        v = Matrix(rows: count, columns: 2)
        divergence = Array(repeating: 0, count: count)
    }

    mutating func velocity(at x: Matrix<Double>, time t: Double, into out: inout Matrix<Double>) {
        for i in 0..<x.rows { xy[i, 0] = x[i, 0]; xy[i, 1] = x[i, 1] }
        base.velocityAndDivergence(at: xy, time: t, into: &v, divergence: &divergence)
        for i in 0..<x.rows {
            out[i, 0] = v[i, 0]
            out[i, 1] = v[i, 1]
            out[i, 2] = divergence[i]
        }
    }
}

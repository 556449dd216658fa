import Foundation
import FieldLabCore
@testable import FieldLabSampling

/// The test ODE: a decaying rotation whose speed varies in time,
///
///     dx/dt = g(t)·A·x,   A = [[−a, −ω], [ω, −a]],   g(t) = 1 + sin(t)/2.
///
/// A commutes with itself at all times, so the exact flow is the matrix
/// exponential of A·(G(t₁) − G(t₀)) with G(t) = t − cos(t)/2, and
/// exp(A·s) = e^(−a·s)·R(ω·s) (R a rotation) is written out by hand here,
/// independently of every solver. The time dependence makes a wrong stage
/// time visible, which an autonomous test field would hide.
enum RotatingDecay {
    static let a = 0.3, omega = 2.0

    static func g(_ t: Double) -> Double { 1 + sin(t) / 2 }
    static func bigG(_ t: Double) -> Double { t - cos(t) / 2 }

    static var field: ClosureField {
        ClosureField { x, t, v in
            let s = g(t)
            for r in 0..<x.rows {
                let p = x[r, 0], q = x[r, 1]
                v[r, 0] = s * (-a * p - omega * q)
                v[r, 1] = s * (omega * p - a * q)
            }
        }
    }

    /// The exact state at `t1` of the points `x0` at `t0`.
    static func exact(_ x0: Matrix<Double>, from t0: Double, to t1: Double) -> Matrix<Double> {
        let s = bigG(t1) - bigG(t0)
        let decay = exp(-a * s), c = cos(omega * s), sn = sin(omega * s)
        var x = x0
        for r in 0..<x.rows {
            let p = x0[r, 0], q = x0[r, 1]
            x[r, 0] = decay * (c * p - sn * q)
            x[r, 1] = decay * (sn * p + c * q)
        }
        return x
    }

    static let initial = Matrix<Double>([[1, 0], [0, 1], [0.5, -0.3], [-1, 2]])
}

/// The largest absolute element-wise difference.
func maxAbsDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
    precondition(a.rows == b.rows && a.columns == b.columns)
    return zip(a.storage, b.storage).map { abs($0 - $1) }.max() ?? 0
}

/// `true` when |a − b| ≤ absolute + relative·|b|.
func isClose(_ a: Double, _ b: Double, relative: Double = 1e-12, absolute: Double = 0) -> Bool {
    abs(a - b) <= absolute + relative * abs(b)
}

/// Global error of `solver` with `steps` uniform steps from t0 to t1.
func globalError<S: ODESolver>(_ solver: S, steps: Int, from t0: Double, to t1: Double) -> Double {
    var solver = solver
    var field = RotatingDecay.field
    let x0 = RotatingDecay.exact(RotatingDecay.initial, from: 0, to: t0)
    let result = integrate(&field, solver: &solver, from: x0,
                           grid: TimeGrid.uniform(from: t0, to: t1, steps: steps))
    return maxAbsDifference(result.final, RotatingDecay.exact(x0, from: t0, to: t1))
}

/// Sample standard deviation of all elements.
func standardDeviation(_ values: [Double]) -> Double {
    let mean = values.reduce(0, +) / Double(values.count)
    let ss = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (ss / Double(values.count - 1)).squareRoot()
}

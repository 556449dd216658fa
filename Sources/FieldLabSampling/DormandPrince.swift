import FieldLabCore

/// The Dormand–Prince 5(4) Runge–Kutta pair, used here as a fixed-step
/// fifth-order method (its adaptive use is `integrateAdaptive`).
///
/// Butcher tableau from Dormand & Prince, "A family of embedded Runge–Kutta
/// formulae", J. Comp. Appl. Math. 6 (1980), as printed in Hairer, Nørsett &
/// Wanner, *Solving ODEs I*, Table II.5.2:
///
///     0    |
///     1/5  | 1/5
///     3/10 | 3/40        9/40
///     4/5  | 44/45      −56/15      32/9
///     8/9  | 19372/6561 −25360/2187 64448/6561 −212/729
///     1    | 9017/3168  −355/33     46732/5247 49/176   −5103/18656
///     1    | 35/384      0          500/1113   125/192  −2187/6784   11/84
///     -----+-------------------------------------------------------------------
///     b    | 35/384      0          500/1113   125/192  −2187/6784   11/84    0
///     b̂    | 5179/57600  0          7571/16695 393/640  −92097/339200 187/2100 1/40
///
/// A fixed step advances with the fifth-order weights `b`, which need only
/// stages 1–6: **6 field evaluations per step**. The seventh stage (the
/// "first same as last" evaluation at the new point) exists only for the
/// embedded fourth-order error estimate; fixed steps do not compute it and do
/// not carry it over to the next step, because the caller may change the
/// state between steps (EDM's churn adds noise).
public struct DormandPrince: ODESolver, Sendable {
    // Stage times c and coefficients a (row i is stage i + 1).
    static let c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9
    static let a21 = 1.0 / 5
    static let a31 = 3.0 / 40, a32 = 9.0 / 40
    static let a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9
    static let a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729
    static let a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176
    static let a65 = -5103.0 / 18656
    // Fifth-order weights b (b2 = b7 = 0); they are also row 7 of a.
    static let b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84
    // Error weights e = b − b̂ (e2 = 0).
    static let e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200
    static let e6 = 22.0 / 525, e7 = -1.0 / 40

    var k1 = Matrix<Double>(rows: 0, columns: 0)
    var k2 = Matrix<Double>(rows: 0, columns: 0)
    var k3 = Matrix<Double>(rows: 0, columns: 0)
    var k4 = Matrix<Double>(rows: 0, columns: 0)
    var k5 = Matrix<Double>(rows: 0, columns: 0)
    var k6 = Matrix<Double>(rows: 0, columns: 0)
    var k7 = Matrix<Double>(rows: 0, columns: 0)
    var stage = Matrix<Double>(rows: 0, columns: 0)

    public init() {}

    public var name: String { "dopri5" }
    public var evaluationsPerStep: Int { 6 }

    public mutating func step<F: VectorField>(_ field: inout F, state x: inout Matrix<Double>,
                                              from t0: Double, to t1: Double) {
        shapeBuffers(like: x)
        field.velocity(at: x, time: t0, into: &k1)
        let h = t1 - t0
        computeStages2to6(&field, from: x, time: t0, to: t1)
        typealias T = DormandPrince
        Elementwise.add(&x, h * T.b1, times: k1, h * T.b3, times: k3)
        Elementwise.add(&x, h * T.b4, times: k4, h * T.b5, times: k5)
        Elementwise.add(&x, h * T.b6, times: k6)
    }

    /// Sizes every stage buffer like `x` (allocates only when the shape grows).
    mutating func shapeBuffers(like x: Matrix<Double>) {
        Elementwise.shape(&k1, like: x); Elementwise.shape(&k2, like: x)
        Elementwise.shape(&k3, like: x); Elementwise.shape(&k4, like: x)
        Elementwise.shape(&k5, like: x); Elementwise.shape(&k6, like: x)
        Elementwise.shape(&k7, like: x); Elementwise.shape(&stage, like: x)
    }

    /// Evaluates stages 2…6 of the step from `t0` to `t1`; `k1` must hold v(x, t0).
    mutating func computeStages2to6<F: VectorField>(_ field: inout F, from x: Matrix<Double>,
                                                    time t0: Double, to t1: Double) {
        typealias T = DormandPrince
        let h = t1 - t0
        Elementwise.set(&stage, to: x, plus: h * T.a21, times: k1)
        field.velocity(at: stage, time: t0 + T.c2 * h, into: &k2)

        Elementwise.set(&stage, to: x, plus: h * T.a31, times: k1)
        Elementwise.add(&stage, h * T.a32, times: k2)
        field.velocity(at: stage, time: t0 + T.c3 * h, into: &k3)

        Elementwise.set(&stage, to: x, plus: h * T.a41, times: k1)
        Elementwise.add(&stage, h * T.a42, times: k2, h * T.a43, times: k3)
        field.velocity(at: stage, time: t0 + T.c4 * h, into: &k4)

        Elementwise.set(&stage, to: x, plus: h * T.a51, times: k1)
        Elementwise.add(&stage, h * T.a52, times: k2, h * T.a53, times: k3)
        Elementwise.add(&stage, h * T.a54, times: k4)
        field.velocity(at: stage, time: t0 + T.c5 * h, into: &k5)

        Elementwise.set(&stage, to: x, plus: h * T.a61, times: k1)
        Elementwise.add(&stage, h * T.a62, times: k2, h * T.a63, times: k3)
        Elementwise.add(&stage, h * T.a64, times: k4, h * T.a65, times: k5)
        // c6 = 1: evaluate at t1 itself (t0 + h may round differently).
        field.velocity(at: stage, time: t1, into: &k6)
    }
}

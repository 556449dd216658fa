import Foundation
import Testing
import FieldLabCore
import FieldLabFields
@testable import FieldLabMethods

/// Each method's exact velocity against a direct formula written here from
/// the definitions: the posterior mean of the training points under the
/// method's forward process, then the method's ODE.
@Suite struct ExactFieldTests {
    static let points: [Point] = {
        var rng = SeededGenerator(seed: 11)
        return (0..<300).map { _ in Point(rng.nextGaussian(), 0.5 * rng.nextGaussian() + 0.3) }
    }()

    /// Σ w_i y_i / Σ w_i with log-weights `logWeight(y)`, stabilised by the maximum.
    static func weightedMean(_ logWeight: (Point) -> Double) -> Point {
        let logs = points.map(logWeight)
        let top = logs.max()!
        var total = 0.0, mean = Point.zero
        for (y, l) in zip(points, logs) { let w = exp(l - top); total += w; mean += w * y }
        return mean / total
    }

    static func expected(_ kind: MethodKind, x: Point, t: Double) -> Point {
        switch kind {
        case .diffusion:  // p(x | y) = N(y, σ² I); dx/dσ = (x − E[y|x]) / σ
            let d = weightedMean { y in -((x - y) * (x - y)).sum() / (2 * t * t) }
            return (x - d) / t
        case .poisson:  // p_r(x | y) ∝ (‖x − y‖² + r²)^(−(2+D)/2), r = σ√D
            let dims = 4.0, r2 = t * t * dims
            let d = weightedMean { y in -(2 + dims) / 2 * log(((x - y) * (x - y)).sum() + r2) }
            return (x - d) / t
        case .flowMatching:  // x_t = (1 − t) ε + t y: p(x | y) = N(t y, (1 − t)² I); dx/dt = (E[y|x] − x)/(1 − t)
            let d = weightedMean { y in -((x - t * y) * (x - t * y)).sum() / (2 * (1 - t) * (1 - t)) }
            return (d - x) / (1 - t)
        }
    }

    @Test(arguments: MethodKind.allCases)
    func exactVelocityMatchesTheDefinition(kind: MethodKind) {
        let method = makeMethod(kind: kind, parameters: ["extra_dims": 4])
        var field = ExactField(method: method, trainingPoints: Self.points)
        var rng = SeededGenerator(seed: 12)
        let times = kind == .flowMatching ? [0.05, 0.3, 0.7, 0.95] : [0.02, 0.2, 1.0, 10.0]
        for t in times {
            let x = Matrix<Double>(rows: 40, columns: 2, storage: (0..<80).map { _ in 2 * rng.nextGaussian() })
            var v = Matrix<Double>(rows: 40, columns: 2)
            field.velocity(at: x, time: t, into: &v)
            for i in 0..<x.rows {
                let e = Self.expected(kind, x: Point(x[i, 0], x[i, 1]), t: t)
                let got = Point(v[i, 0], v[i, 1])
                let error = ((got - e) * (got - e)).sum().squareRoot() / max(1, (e * e).sum().squareRoot())
                #expect(error < 1e-6, "\(kind.rawValue) t = \(t): \(got) vs \(e)")
            }
        }
    }
}

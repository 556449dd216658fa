import FieldLabCore
import FieldLabFields
import FieldLabMethods
import FieldLabNeural
import FieldLabSampling

/// How far a trained network's velocity is from the exact one of its own
/// training set, along the network's sampling path: an observable of learning.
public struct FieldErrorReport: Sendable, Codable {
    /// Grid times at which the states were compared.
    public var times: [Double]
    /// mean ‖v_θ − v*‖² over the points, per time.
    public var meanSquaredError: [Double]
    /// mean ‖v_θ − v*‖² / mean ‖v*‖², per time.
    public var relativeError: [Double]
    /// Means over the times.
    public var overall: Double
    public var overallRelative: Double
}

public enum FieldError {
    /// The field error against the exact field of `trainingPoints` (standard frame).
    public static func measure(network: MLP<Float>, method: any GenerativeMethod, trainingPoints: [Point],
                               count: Int = 512, steps: Int = 18, seed: UInt64 = 0) -> FieldErrorReport {
        measure(network: network, method: method, denoiser: ExactDenoiser(points: trainingPoints),
                count: count, steps: steps, seed: seed)
    }

    /// Integrates `count` prior draws with the network's ODE (Heun, `steps`
    /// steps, standard frame) and compares both velocities at every grid time.
    public static func measure(network: MLP<Float>, method: any GenerativeMethod, denoiser: ExactDenoiser,
                               count: Int = 512, steps: Int = 18, seed: UInt64 = 0) -> FieldErrorReport {
        var rng = SeededGenerator(seed: seed)
        let prior = method.samplePrior(count: count, using: &rng)
        let grid = ExactField.timeGrid(for: method, steps: steps)
        var networkField = NetworkField(network: network, method: method)
        var exactField = ExactField(method: method, denoiser: denoiser)
        var solver = Heun()
        let path = integrate(&networkField, solver: &solver, from: prior, grid: grid, recordCount: count)
        var mse: [Double] = [], relative: [Double] = []
        var learned = Matrix<Double>(rows: count, columns: 2), exact = Matrix<Double>(rows: count, columns: 2)
        for (k, t) in grid.enumerated() {
            let x = path.trajectory!.states[k]
            networkField.velocity(at: x, time: t, into: &learned)
            exactField.velocity(at: x, time: t, into: &exact)
            var difference = 0.0, reference = 0.0
            for i in 0..<learned.storage.count {
                let e = learned.storage[i] - exact.storage[i]
                difference += e * e
                reference += exact.storage[i] * exact.storage[i]
            }
            mse.append(difference / Double(count))
            relative.append(reference > 0 ? difference / reference : 0)
        }
        return FieldErrorReport(times: grid, meanSquaredError: mse, relativeError: relative,
                                overall: mse.reduce(0, +) / Double(mse.count),
                                overallRelative: relative.reduce(0, +) / Double(relative.count))
    }
}

import FieldLabCore
import FieldLabFields
import FieldLabSampling

/// A method's exact velocity field for a finite training set, computed by the
/// field engine from the training points themselves, as a `VectorField` that
/// the same ODE solvers integrate. Integrated from the prior it is a
/// training-free sampler, and it reproduces the training points: memorisation
/// in its purest form.
public struct ExactField: VectorField {
    public let method: any GenerativeMethod
    public let denoiser: ExactDenoiser
    /// Field evaluations so far.
    public private(set) var evaluations = 0

    public init(method: any GenerativeMethod, trainingPoints: [Point], gridSize: Int = 256) {
        self.method = method
        self.denoiser = ExactDenoiser(points: trainingPoints, gridSize: gridSize)
    }

    public init(method: any GenerativeMethod, denoiser: ExactDenoiser) {
        self.method = method
        self.denoiser = denoiser
    }

    public mutating func velocity(at x: Matrix<Double>, time t: Double, into v: inout Matrix<Double>) {
        let denoised = denoise(x, time: t)
        for i in 0..<x.rows {
            let velocity = method.velocity(at: Point(x[i, 0], x[i, 1]),
                                           denoised: Point(denoised[i, 0], denoised[i, 1]), time: t)
            v[i, 0] = velocity.x
            v[i, 1] = velocity.y
        }
    }

    /// The ideal denoiser's output E[y | x] at time `t` for each row of `x`
    /// (one field evaluation). From the grid's last time, the Euler step to
    /// the data end (σ = 0, or t = 1 for flow matching) lands exactly here.
    public mutating func denoise(_ x: Matrix<Double>, time t: Double) -> Matrix<Double> {
        let (kernel, scale) = method.exactKernel(at: t)
        var queries = x
        if scale != 1 { for i in 0..<queries.storage.count { queries.storage[i] *= scale } }
        evaluations += 1
        return denoiser.denoise(queries, kernel: kernel)
    }

    /// The method's grid for integrating its exact field, down to `finalScale`
    /// (data units) if that is below the method's own smallest scale.
    public static func timeGrid(for method: any GenerativeMethod, steps: Int,
                                finalScale: Double = .infinity) -> [Double] {
        method.exactTimeGrid(steps: steps, finalScale: finalScale)
    }

}

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
        let (kernel, scale) = method.exactKernel(at: t)
        var queries = x
        if scale != 1 { for i in 0..<queries.storage.count { queries.storage[i] *= scale } }
        let denoised = denoiser.denoise(queries, kernel: kernel)
        evaluations += 1
        for i in 0..<x.rows {
            let velocity = method.velocity(at: Point(x[i, 0], x[i, 1]),
                                           denoised: Point(denoised[i, 0], denoised[i, 1]), time: t)
            v[i, 0] = velocity.x
            v[i, 1] = velocity.y
        }
    }

    /// The method's grid for integrating its exact field.
    public static func timeGrid(for method: any GenerativeMethod, steps: Int) -> [Double] {
        method.exactTimeGrid(steps: steps)
    }
}

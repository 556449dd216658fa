import FieldLabCore
import FieldLabNeural
import FieldLabSampling

/// The velocity field of a trained network under a method's preconditioning,
/// as a `VectorField` that any ODE solver integrates:
///
///     v(x, t) = skip(t) · x + output(t) · F(inputScale(t) · x, c(t))
///
/// Buffers are kept between calls, so a sampling loop does not reallocate.
public struct NetworkField: VectorField {
    public let network: MLP<Float>
    public let method: any GenerativeMethod
    /// Number of network evaluations (batched calls) so far.
    public private(set) var evaluations = 0
    private var workspace = MLPWorkspace<Float>()
    private var inference = InferenceWorkspace()
    private var input = Matrix<Float>(rows: 0, columns: 2)
    private var conditioning: [Float] = []
    private var parameterGradient: [Float] = []

    public init(network: MLP<Float>, method: any GenerativeMethod) {
        self.network = network
        self.method = method
    }

    public mutating func velocity(at x: Matrix<Double>, time t: Double, into v: inout Matrix<Double>) {
        precondition(x.columns == 2 && v.rows == x.rows && v.columns == 2, "NetworkField works on n × 2 batches")
        let p = method.preconditioning(at: t)
        network.evaluate(points: x, inputScale: p.inputScale, conditioning: p.conditioning,
                         skip: p.skip, output: p.output, into: &v, workspace: &inference)
        evaluations += 1
    }

    /// The training-path forward pass (per-row conditioning, activations kept
    /// for backward), as `velocityAndDivergence` needs.
    private mutating func forwardKeepingActivations(at x: Matrix<Double>, preconditioning p: Preconditioning) {
        let n = x.rows
        if input.rows != n { input.resize(rows: n) }
        let scale = Float(p.inputScale)
        x.storage.withUnsafeBufferPointer { xs in
            input.storage.withUnsafeMutableBufferPointer { inp in
                for i in 0..<xs.count { inp[i] = Float(xs[i]) * scale }
            }
        }
        if conditioning.count != n { conditioning = Array(repeating: 0, count: n) }
        let c = Float(p.conditioning)
        for i in 0..<n { conditioning[i] = c }
        network.forward(points: input, conditioning: conditioning, workspace: &workspace)
    }

    /// The velocity and its exact divergence: ∇·v = 2·skip + output·c_in·(∂F_x/∂u_x + ∂F_y/∂u_y),
    /// the two diagonal Jacobian entries from two backward passes through the network.
    public mutating func velocityAndDivergence(at x: Matrix<Double>, time t: Double,
                                               into v: inout Matrix<Double>, divergence: inout [Double]) {
        precondition(x.columns == 2 && v.rows == x.rows && v.columns == 2, "NetworkField works on n × 2 batches")
        let p = method.preconditioning(at: t)
        forwardKeepingActivations(at: x, preconditioning: p)
        evaluations += 1
        // v from the same forward pass whose activations the two backward passes use.
        let skip = p.skip, out = p.output
        workspace.output.withUnsafeBufferPointer { f in
            x.storage.withUnsafeBufferPointer { xs in
                v.storage.withUnsafeMutableBufferPointer { vs in
                    for i in 0..<xs.count { vs[i] = skip * xs[i] + out * Double(f[i]) }
                }
            }
        }
        let n = x.rows
        var seed = [Float](repeating: 0, count: 2 * n)
        var diagonal = [Double](repeating: 0, count: n)
        for component in 0..<2 {
            for i in 0..<n { seed[2 * i] = component == 0 ? 1 : 0; seed[2 * i + 1] = component == 1 ? 1 : 0 }
            network.backward(outputGradient: seed, workspace: &workspace, into: &parameterGradient,
                             computeInputGradient: true)
            for i in 0..<n { diagonal[i] += Double(workspace.inputGradient[2 * i + component]) }
        }
        for i in 0..<n { divergence[i] = 2 * p.skip + p.output * p.inputScale * diagonal[i] }
    }
}

extension NetworkField: DivergenceField {}

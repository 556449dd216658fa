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
    private var input = Matrix<Float>(rows: 0, columns: 2)
    private var conditioning: [Float] = []

    public init(network: MLP<Float>, method: any GenerativeMethod) {
        self.network = network
        self.method = method
    }

    public mutating func velocity(at x: Matrix<Double>, time t: Double, into v: inout Matrix<Double>) {
        precondition(x.columns == 2 && v.rows == x.rows && v.columns == 2, "NetworkField works on n × 2 batches")
        let p = method.preconditioning(at: t)
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
        evaluations += 1
        let skip = p.skip, out = p.output
        workspace.output.withUnsafeBufferPointer { f in
            x.storage.withUnsafeBufferPointer { xs in
                v.storage.withUnsafeMutableBufferPointer { vs in
                    for i in 0..<xs.count { vs[i] = skip * xs[i] + out * Double(f[i]) }
                }
            }
        }
    }
}

import Foundation
import Testing
import FieldLabCore
@testable import FieldLabNeural

/// Backprop against central finite differences, in double precision.
@Suite struct BackpropTests {
    static let configuration = NetworkConfiguration(width: 7, depth: 3, embedding: .sinusoidal(frequencyCount: 3))

    /// L(θ) = Σ G ⊙ F(x, c; θ), so ∂L/∂F = G.
    static func loss(_ net: MLP<Double>, _ x: Matrix<Double>, _ c: [Double], _ g: [Double]) -> Double {
        let f = net(x, conditioning: c)
        return zip(f.storage, g).reduce(0) { $0 + $1.0 * $1.1 }
    }

    static func problem(seed: UInt64) -> (MLP<Double>, Matrix<Double>, [Double], [Double]) {
        var rng = SeededGenerator(seed: seed)
        let net = MLP<Double>(configuration: configuration, seed: seed)
        let batch = 6
        let x = Matrix(rows: batch, columns: 2, storage: (0..<(2 * batch)).map { _ in rng.nextGaussian() })
        let c = (0..<batch).map { _ in rng.nextUniform() * 2 - 1 }
        let g = (0..<(2 * batch)).map { _ in rng.nextGaussian() }
        return (net, x, c, g)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func parameterGradientMatchesFiniteDifferences(seed: UInt64) {
        let (net, x, c, g) = Self.problem(seed: seed)
        var workspace = MLPWorkspace<Double>()
        net.forward(points: x, conditioning: c, workspace: &workspace)
        var gradient: [Double] = []
        net.backward(outputGradient: g, workspace: &workspace, into: &gradient)

        let h = 1e-6
        var numeric = [Double](repeating: 0, count: net.parameters.count)
        for i in 0..<net.parameters.count {
            var plus = net, minus = net
            plus.parameters[i] += h
            minus.parameters[i] -= h
            numeric[i] = (Self.loss(plus, x, c, g) - Self.loss(minus, x, c, g)) / (2 * h)
        }
        // Every parameter tensor separately: relative error of the whole tensor.
        for (l, layer) in net.layout.enumerated() {
            for (name, range) in [("weight", layer.weightOffset ..< layer.weightOffset + layer.weightCount),
                                  ("bias", layer.biasOffset ..< layer.biasOffset + layer.output)] {
                let diff = range.reduce(0.0) { $0 + (gradient[$1] - numeric[$1]) * (gradient[$1] - numeric[$1]) }.squareRoot()
                let norm = range.reduce(0.0) { $0 + numeric[$1] * numeric[$1] }.squareRoot()
                #expect(norm > 1e-3, "layer \(l) \(name) gradient should not vanish")
                #expect(diff / norm < 1e-6, "layer \(l) \(name): relative error \(diff / norm)")
            }
        }
    }

    @Test func inputGradientMatchesFiniteDifferences() {
        let (net, x, c, g) = Self.problem(seed: 9)
        var workspace = MLPWorkspace<Double>()
        net.forward(points: x, conditioning: c, workspace: &workspace)
        var gradient: [Double] = []
        net.backward(outputGradient: g, workspace: &workspace, into: &gradient, computeInputGradient: true)
        let h = 1e-6
        for i in 0..<x.count {
            var plus = x, minus = x
            plus.storage[i] += h
            minus.storage[i] -= h
            let numeric = (Self.loss(net, plus, c, g) - Self.loss(net, minus, c, g)) / (2 * h)
            #expect(abs(workspace.inputGradient[i] - numeric) <= 1e-7 * max(1, abs(numeric)))
        }
    }

    @Test func floatForwardAgreesWithDouble() {
        let (net, x, c, _) = Self.problem(seed: 4)
        let f64 = net(x, conditioning: c)
        let f32 = net.converted(to: Float.self)(x.converted(), conditioning: c.map { Float($0) })
        for (a, b) in zip(f64.storage, f32.storage) {
            #expect(abs(a - Double(b)) < 1e-4 * max(1, abs(a)))
        }
    }

    /// The Float path (SIMD kernels, tiled GEMM) computes the same gradient as the Double path.
    @Test(arguments: [(37, 33), (256, 128), (5, 8)])
    func floatGradientAgreesWithDouble(batch: Int, width: Int) {
        var rng = SeededGenerator(seed: UInt64(batch))
        let configuration = NetworkConfiguration(width: width, depth: 3)
        let net = MLP<Double>(configuration: configuration, seed: 2)
        let x = Matrix(rows: batch, columns: 2, storage: (0..<(2 * batch)).map { _ in 2 * rng.nextGaussian() })
        let c = (0..<batch).map { _ in rng.nextUniform() * 3 - 1.5 }
        let g = (0..<(2 * batch)).map { _ in rng.nextGaussian() }
        var w64 = MLPWorkspace<Double>(), grad64: [Double] = []
        net.forward(points: x, conditioning: c, workspace: &w64)
        net.backward(outputGradient: g, workspace: &w64, into: &grad64)
        let net32 = net.converted(to: Float.self)
        var w32 = MLPWorkspace<Float>(), grad32: [Float] = []
        net32.forward(points: x.converted(), conditioning: c.map { Float($0) }, workspace: &w32)
        net32.backward(outputGradient: g.map { Float($0) }, workspace: &w32, into: &grad32)
        for (l, layer) in net.layout.enumerated() {
            let range = layer.weightOffset ..< (layer.biasOffset + layer.output)
            let diff = range.reduce(0.0) { $0 + pow(grad64[$1] - Double(grad32[$1]), 2) }.squareRoot()
            let norm = range.reduce(0.0) { $0 + grad64[$1] * grad64[$1] }.squareRoot()
            #expect(diff / norm < 1e-4, "layer \(l): relative error \(diff / norm)")
        }
        let outDiff = zip(w64.output, w32.output).map { abs($0 - Double($1)) }.max() ?? 0
        #expect(outDiff < 1e-3)
    }

    @Test func workspaceReuseAcrossBatchSizesGivesSameOutputs() {
        let (net, x, c, _) = Self.problem(seed: 5)
        var workspace = MLPWorkspace<Double>()
        net.forward(points: x.rows(0..<3), conditioning: Array(c[0..<3]), workspace: &workspace)
        net.forward(points: x, conditioning: c, workspace: &workspace)
        #expect(workspace.output == net(x, conditioning: c).storage)
    }
}

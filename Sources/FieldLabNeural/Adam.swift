import FieldLabCore
import Foundation

/// Adam (Kingma & Ba 2015) with bias correction:
///
///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²
///     θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
///
/// The state vectors have the layout of the network's parameters.
public struct Adam<Scalar: NetworkScalar>: Sendable, Equatable {
    public var beta1: Scalar
    public var beta2: Scalar
    public var epsilon: Scalar
    public private(set) var step = 0
    public private(set) var firstMoment: [Scalar]
    public private(set) var secondMoment: [Scalar]

    public init(parameterCount: Int, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        firstMoment = Array(repeating: 0, count: parameterCount)
        secondMoment = Array(repeating: 0, count: parameterCount)
    }

    /// One update of `parameters` along `gradient` with learning rate `learningRate`.
    public mutating func update(_ parameters: inout [Scalar], gradient: [Scalar], learningRate: Scalar) {
        updateImplementation(&parameters, gradient: gradient, learningRate: learningRate)
    }

    @inline(__always)
    mutating func updateImplementation(_ parameters: inout [Scalar], gradient: [Scalar], learningRate: Scalar) {
        precondition(parameters.count == firstMoment.count && gradient.count == firstMoment.count,
                     "Adam state, parameters and gradient must have the same length")
        step += 1
        let b1 = beta1, b2 = beta2, eps = epsilon
        let t = Double(step)
        let correction1 = Scalar(1 - pow(Double(b1), t))
        let correction2 = Scalar(1 - pow(Double(b2), t))
        // Fold the bias corrections into one step size and a scaled ε.
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        parameters.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        for i in 0..<theta.count {
                            let gi = g[i]
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                            theta[i] -= stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + eps)
                        }
                    }
                }
            }
        }
    }
}

extension Adam where Scalar == Float {
    /// The `Float` entry point, specialised inside this module.
    public mutating func update(_ parameters: inout [Float], gradient: [Float], learningRate: Float) {
        updateImplementation(&parameters, gradient: gradient, learningRate: learningRate)
    }
}

import FieldLabCore
import Foundation

/// Adam (Kingma & Ba 2015) with bias correction and optional decoupled
/// weight decay λ (AdamW, Loshchilov & Hutter 2019):
///
///     m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²
///     θ ← θ − lr · λ · θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε)
///
/// The decay shrinks θ by the factor 1 − lr·λ, with the same (scheduled)
/// learning rate as the Adam step, as PyTorch's `AdamW` does; it never enters
/// m or v. It applies to every parameter, weights and biases alike (AdamW's
/// usual setting when all of a model's parameters form one group). λ = 0 is
/// plain Adam, bit for bit (θ · 1 is exact).
///
/// The state vectors have the layout of the network's parameters.
public struct Adam<Scalar: NetworkScalar>: Sendable, Equatable {
    public var beta1: Scalar
    public var beta2: Scalar
    public var epsilon: Scalar
    /// Decoupled weight decay λ (0: plain Adam).
    public var weightDecay: Scalar
    public private(set) var step = 0
    public private(set) var firstMoment: [Scalar]
    public private(set) var secondMoment: [Scalar]

    public init(parameterCount: Int, beta1: Scalar = 0.9, beta2: Scalar = 0.999, epsilon: Scalar = 1e-8,
                weightDecay: Scalar = 0) {
        precondition(weightDecay >= 0 && weightDecay.isFinite, "weight decay must be finite and ≥ 0")
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        firstMoment = Array(repeating: 0, count: parameterCount)
        secondMoment = Array(repeating: 0, count: parameterCount)
    }

    /// The optimiser at a saved position: `step` updates taken, with their
    /// moments (a resumed run continues bit for bit).
    ///
    /// - Precondition: the moments have the same length, `step` ≥ 0.
    public init(step: Int, firstMoment: [Scalar], secondMoment: [Scalar], beta1: Scalar = 0.9, beta2: Scalar = 0.999,
                epsilon: Scalar = 1e-8, weightDecay: Scalar = 0) {
        precondition(firstMoment.count == secondMoment.count && step >= 0, "Adam state: moments differ in length or step < 0")
        self.init(parameterCount: 0, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay)
        self.step = step
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
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
        let shrink = 1 - learningRate * weightDecay
        parameters.withUnsafeMutableBufferPointer { theta in
            gradient.withUnsafeBufferPointer { g in
                firstMoment.withUnsafeMutableBufferPointer { m in
                    secondMoment.withUnsafeMutableBufferPointer { v in
                        for i in 0..<theta.count {
                            let gi = g[i]
                            m[i] = b1 * m[i] + (1 - b1) * gi
                            v[i] = b2 * v[i] + (1 - b2) * gi * gi
                            theta[i] = theta[i] * shrink - stepSize * m[i] / (v[i].squareRoot() / rootCorrection2 + eps)
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

extension Adam where Scalar == Float {
    /// One training step's whole update in a single pass over the parameters:
    /// the sum of the shards' gradients, scaled by `gradientScale` (the
    /// clipping factor), the Adam update, and the moving average's blend —
    /// eight lanes at a time. Same arithmetic as `update` followed by
    /// `ExponentialMovingAverage.update`, without three extra passes over memory.
    public mutating func update(_ parameters: inout [Float], gradient first: [Float], plus second: [Float]? = nil,
                                gradientScale: Float,
                                learningRate: Float, average: inout ExponentialMovingAverage<Float>) {
        precondition(parameters.count == firstMoment.count && first.count == firstMoment.count
                     && (second?.count ?? first.count) == first.count,
                     "Adam state, parameters and gradients must have the same length")
        step += 1
        let t = Double(step)
        let stepSize = learningRate / Float(1 - pow(Double(beta1), t))
        let inverseRoot = 1 / Float(1 - pow(Double(beta2), t)).squareRoot()
        let b1 = beta1, b2 = beta2, eps = epsilon
        let shrink = 1 - learningRate * weightDecay
        // Without a second shard, the first is read twice with weight 0 (one loop for both cases).
        let other = second ?? first, shards: Float = second == nil ? 0 : 1
        average.advance { avg, d in
            parameters.withUnsafeMutableBufferPointer { theta in
                first.withUnsafeBufferPointer { g0 in
                    other.withUnsafeBufferPointer { g1 in
                        firstMoment.withUnsafeMutableBufferPointer { m in
                            secondMoment.withUnsafeMutableBufferPointer { v in
                                let job = FusedAdamJob(
                                    theta: SendablePointer(theta.baseAddress!), average: SendablePointer(avg.baseAddress!),
                                    m: SendablePointer(m.baseAddress!), v: SendablePointer(v.baseAddress!),
                                    g0: SendableConstPointer(g0.baseAddress!), g1: SendableConstPointer(g1.baseAddress!),
                                    count: theta.count, shards: shards, scale: gradientScale, stepSize: stepSize,
                                    inverseRoot: inverseRoot, shrink: shrink, b1: b1, b2: b2, eps: eps, decay: d)
                                // Element-wise, so any split gives the same result; both cores
                                // when there is enough of it.
                                Parallel.forEachChunk(count: (theta.count + 7) / 8, minimumPerChunk: 1024, job: job)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The fused update over a range of 8-float groups of the parameters.
private struct FusedAdamJob: ParallelJob {
    let theta: SendablePointer<Float>, average: SendablePointer<Float>
    let m: SendablePointer<Float>, v: SendablePointer<Float>
    let g0: SendableConstPointer<Float>, g1: SendableConstPointer<Float>
    let count: Int
    let shards: Float, scale: Float, stepSize: Float, inverseRoot: Float
    /// 1 − lr·λ, the decoupled weight decay's factor (exactly 1 without decay).
    let shrink: Float
    let b1: Float, b2: Float, eps: Float, decay: Float

    func run(chunk: Int, range: Range<Int>) {
        typealias V = SIMD8<Float>
        let end = min(count, range.upperBound * 8)
        var i = range.lowerBound * 8
        func load(_ p: UnsafePointer<Float>) -> V { UnsafeRawPointer(p + i).loadUnaligned(as: V.self) }
        func store(_ x: V, _ p: UnsafeMutablePointer<Float>) { UnsafeMutableRawPointer(p + i).storeBytes(of: x, as: V.self) }
        let d = decay
        while i + 8 <= end {
            let g = (load(g0.base) + shards * load(g1.base)) * scale
            let mi = (1 - b1) * g + b1 * load(m.base)
            let vi = ((1 - b2) * g) * g + b2 * load(v.base)
            let th = load(theta.base) * shrink - stepSize * mi / (vi.squareRoot() * inverseRoot + eps)
            store(mi, m.base)
            store(vi, v.base)
            store(th, theta.base)
            store(d * load(average.base) + (1 - d) * th, average.base)
            i += 8
        }
        while i < end {
            let g = (g0.base[i] + shards * g1.base[i]) * scale
            m.base[i] = (1 - b1) * g + b1 * m.base[i]
            v.base[i] = ((1 - b2) * g) * g + b2 * v.base[i]
            theta.base[i] = theta.base[i] * shrink - stepSize * m.base[i] / (v.base[i].squareRoot() * inverseRoot + eps)
            average.base[i] = d * average.base[i] + (1 - d) * theta.base[i]
            i += 1
        }
    }
}

/// ‖g₀ + g₁‖₂ of one or two gradient shards, eight lanes at a time (the
/// clipping norm, computed without forming the sum).
public func gradientNorm(_ first: [Float], plus second: [Float]? = nil) -> Float {
    precondition((second?.count ?? first.count) == first.count, "gradient shards must have the same length")
    let other = second ?? first, shards: Float = second == nil ? 0 : 1
    var total = SIMD8<Float>()
    var tail: Float = 0
    first.withUnsafeBufferPointer { g0 in
        other.withUnsafeBufferPointer { g1 in
            var i = 0
            while i + 8 <= g0.count {
                let g = UnsafeRawPointer(g0.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
                    + shards * UnsafeRawPointer(g1.baseAddress! + i).loadUnaligned(as: SIMD8<Float>.self)
                total = total.addingProduct(g, g)
                i += 8
            }
            while i < g0.count { let g = g0[i] + shards * g1[i]; tail += g * g; i += 1 }
        }
    }
    return (total.sum() + tail).squareRoot()
}

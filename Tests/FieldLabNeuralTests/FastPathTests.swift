import Foundation
import Testing
import FieldLabCore
@testable import FieldLabNeural

/// The fast paths against the plain ones they replace: the shared-conditioning
/// inference pass against the training forward pass, and the fused optimiser
/// step against Adam and the moving average run separately (in Double).
@Suite struct FastPathTests {
    @Test(arguments: [1, 7, 192, 500])
    func inferenceMatchesTheTrainingForwardPass(rows: Int) {
        let network = MLP<Float>(configuration: NetworkConfiguration(width: 32, depth: 3), seed: 5)
        var rng = SeededGenerator(seed: UInt64(rows))
        let x = Matrix<Double>(rows: rows, columns: 2, storage: (0..<(2 * rows)).map { _ in 2 * rng.nextGaussian() })
        let scale = 0.7, c = 0.31, skip = -0.4, output = 1.3
        var v = Matrix<Double>(rows: rows, columns: 2)
        var workspace = InferenceWorkspace()
        network.evaluate(points: x, inputScale: scale, conditioning: c, skip: skip, output: output,
                         into: &v, workspace: &workspace)
        // The plain pass: per-row conditioning, embedding through the first layer's weights.
        let input = Matrix<Float>(rows: rows, columns: 2, storage: x.storage.map { Float($0 * scale) })
        let f = network(input, conditioning: [Float](repeating: Float(c), count: rows))
        var worst = 0.0
        for i in 0..<(2 * rows) {
            worst = max(worst, abs(v.storage[i] - (skip * x.storage[i] + output * Double(f.storage[i]))))
        }
        #expect(worst < 1e-4, "largest difference \(worst)")
    }

    @Test func fusedStepEqualsAdamThenMovingAverageOnTheSummedGradient() {
        let n = 45  // a vector part and a tail
        var rng = SeededGenerator(seed: 11)
        var fused = (0..<n).map { _ in Float(rng.nextGaussian()) }
        var plain = fused.map(Double.init)
        var adamF = Adam<Float>(parameterCount: n), adamD = Adam<Double>(parameterCount: n)
        var emaF = ExponentialMovingAverage(initial: fused, decay: 0.9)
        var emaD = ExponentialMovingAverage(initial: plain, decay: 0.9)
        for step in 0..<5 {
            let g0 = (0..<n).map { _ in Float(rng.nextGaussian()) }, g1 = (0..<n).map { _ in Float(rng.nextGaussian()) }
            let scale: Float = step == 2 ? 0.25 : 1  // a clipped step
            adamF.update(&fused, gradient: g0, plus: g1, gradientScale: scale, learningRate: 0.01, average: &emaF)
            let summed = (0..<n).map { (Double(g0[$0]) + Double(g1[$0])) * Double(scale) }
            adamD.update(&plain, gradient: summed, learningRate: 0.01)
            emaD.update(with: plain)
        }
        for i in 0..<n {
            #expect(abs(Double(fused[i]) - plain[i]) < 1e-5)
            #expect(abs(Double(emaF.average[i]) - emaD.average[i]) < 1e-5)
        }
        #expect(adamF.step == 5 && emaF.updates == 5)
    }

    /// AdamW written out in Double, element by element, against the fused
    /// Float pass with decay: θ ← θ(1 − lr·λ) − lr·m̂/(√v̂ + ε), then the EMA.
    @Test func fusedStepWithWeightDecayEqualsAPlainAdamWComputation() {
        let n = 45, lambda = 0.3, lr = 0.01
        var rng = SeededGenerator(seed: 12)
        var fused = (0..<n).map { _ in Float(rng.nextGaussian()) }
        var theta = fused.map(Double.init), average = theta
        var m = [Double](repeating: 0, count: n), v = m
        var adam = Adam<Float>(parameterCount: n, weightDecay: Float(lambda))
        var ema = ExponentialMovingAverage(initial: fused, decay: 0.9)
        for step in 1...5 {
            let g0 = (0..<n).map { _ in Float(rng.nextGaussian()) }, g1 = (0..<n).map { _ in Float(rng.nextGaussian()) }
            adam.update(&fused, gradient: g0, plus: g1, gradientScale: 1, learningRate: Float(lr), average: &ema)
            let d = min(0.9, Double(step) / Double(9 + step))
            for i in 0..<n {
                let g = Double(g0[i]) + Double(g1[i])
                m[i] = 0.9 * m[i] + 0.1 * g
                v[i] = 0.999 * v[i] + 0.001 * g * g
                let mHat = m[i] / (1 - pow(0.9, Double(step))), vHat = v[i] / (1 - pow(0.999, Double(step)))
                theta[i] = theta[i] * (1 - lr * lambda) - lr * mHat / (vHat.squareRoot() + 1e-8)
                average[i] = d * average[i] + (1 - d) * theta[i]
            }
        }
        for i in 0..<n {
            #expect(abs(Double(fused[i]) - theta[i]) < 1e-5)
            #expect(abs(Double(ema.average[i]) - average[i]) < 1e-5)
        }
        // The decay is visible: without it the result differs by about lr·λ·θ per step.
        var plain = fused
        var adam0 = Adam<Float>(parameterCount: n)
        var ema0 = ExponentialMovingAverage(initial: plain, decay: 0.9)
        adam0.update(&plain, gradient: fused, gradientScale: 0, learningRate: Float(lr), average: &ema0)
        #expect(plain == fused, "a zero gradient without decay leaves θ unchanged, bit for bit")
    }

    @Test func gradientNormOfTwoShardsIsTheNormOfTheirSum() {
        let a: [Float] = (0..<29).map { Float($0) * 0.1 - 1 }, b: [Float] = (0..<29).map { Float($0 % 5) }
        let expected = zip(a, b).map { Double($0 + $1) * Double($0 + $1) }.reduce(0, +).squareRoot()
        #expect(abs(Double(gradientNorm(a, plus: b)) - expected) < 1e-5 * expected)
        let single = a.map { Double($0) * Double($0) }.reduce(0, +).squareRoot()
        #expect(abs(Double(gradientNorm(a)) - single) < 1e-5 * single)
    }
}

import Foundation
import Testing
import FieldLabCore
@testable import FieldLabNeural

@Suite struct OptimizerTests {
    @Test func firstAdamStepMovesEachParameterByTheLearningRate() {
        // After one step m̂ = g and v̂ = g², so the update is lr·g/(|g| + ε) ≈ lr·sign(g).
        var theta: [Double] = [1, -2, 0.5]
        var adam = Adam<Double>(parameterCount: 3)
        adam.update(&theta, gradient: [0.5, -0.1, 0], learningRate: 0.1)
        #expect(abs(theta[0] - (1 - 0.1 * 0.5 / (0.5 + 1e-8))) < 1e-15)
        #expect(abs(theta[1] - (-2 + 0.1 * 0.1 / (0.1 + 1e-8))) < 1e-15)
        #expect(theta[2] == 0.5)
    }

    @Test func secondAdamStepMatchesHandComputedUpdate() {
        var theta: [Double] = [0.3]
        var adam = Adam<Double>(parameterCount: 1, beta1: 0.9, beta2: 0.99, epsilon: 1e-3)
        let g1 = 2.0, g2 = -1.0, lr = 0.01
        adam.update(&theta, gradient: [g1], learningRate: lr)
        adam.update(&theta, gradient: [g2], learningRate: lr)
        // By hand, straight from the paper's Algorithm 1.
        var m = 0.0, v = 0.0, t = 0.3
        for (step, g) in [g1, g2].enumerated() {
            m = 0.9 * m + 0.1 * g
            v = 0.99 * v + 0.01 * g * g
            let mHat = m / (1 - pow(0.9, Double(step + 1)))
            let vHat = v / (1 - pow(0.99, Double(step + 1)))
            t -= lr * mHat / (vHat.squareRoot() + 1e-3)
        }
        #expect(abs(theta[0] - t) < 1e-15)
    }

    @Test func clippingScalesToTheMaximumNormAndLeavesSmallGradients() {
        var g: [Double] = [3, 4]
        let norm = clipGradientNorm(&g, maxNorm: 1)
        #expect(norm == 5)
        #expect(abs(g[0] - 0.6) < 1e-15 && abs(g[1] - 0.8) < 1e-15)
        var small: [Double] = [0.3, 0.4]
        clipGradientNorm(&small, maxNorm: 1)
        #expect(small == [0.3, 0.4])
    }

    @Test func movingAverageFollowsItsRecurrence() {
        var ema = ExponentialMovingAverage<Double>(initial: [0], decay: 0.5)
        ema.update(with: [1])   // d = min(0.5, 1/10) = 0.1 → 0.9
        #expect(abs(ema.average[0] - 0.9) < 1e-15)
        ema.update(with: [1])   // d = min(0.5, 2/11) → 0.9·(2/11) + 9/11
        #expect(abs(ema.average[0] - (0.9 * 2 / 11 + 9.0 / 11)) < 1e-15)
    }
}

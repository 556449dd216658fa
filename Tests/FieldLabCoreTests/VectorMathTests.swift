import Foundation
import Testing
@testable import FieldLabCore

/// The vectorised element-wise kernels against Foundation's Double functions.
@Suite struct VectorMathTests {
    @Test func sineAndCosineMatchFoundationOverTheEmbeddingsRange() {
        // Phases reach |ω c| ≈ 64 · 2 for EDM's c_noise; test well beyond.
        var worst = 0.0
        for i in 0..<40_000 {
            let x = -300 + 600 * Double(i) / 40_000 + 0.000_123 * Double(i % 7)
            let v = VectorMath.sinCos(SIMD8(repeating: Float(x)))
            let xf = Double(Float(x))  // the argument the kernel actually saw
            worst = max(worst, abs(Double(v.sin[0]) - sin(xf)), abs(Double(v.cos[3]) - cos(xf)))
        }
        #expect(worst < 2e-6, "worst absolute error \(worst)")
    }

    @Test func siluKeepsTheSigmoidAndItsDerivativeMatchesTheFormula() {
        let count = 37  // a vector part and a scalar tail
        var z = (0..<count).map { Float(-12 + 24 * Double($0) / Double(count - 1)) }
        let original = z
        var h = [Float](repeating: 0, count: count)
        z.withUnsafeMutableBufferPointer { zb in
            h.withUnsafeMutableBufferPointer { VectorMath.siluKeepingSigmoid(zb.baseAddress!, $0.baseAddress!, count: count) }
        }
        let upstream = (0..<count).map { Float(0.5 + 0.01 * Double($0)) }
        var dz = [Float](repeating: 0, count: count)
        VectorMath.siluBackward(sigmoid: z, output: h, upstream, &dz, count: count)
        for i in 0..<count {
            let x = Double(original[i]), s = 1 / (1 + exp(-x))
            #expect(abs(Double(z[i]) - s) < 2e-7)
            #expect(abs(Double(h[i]) - x * s) < 2e-6 * max(1, abs(x)))
            // d/dx x·σ(x) by a central difference in Double: an independent derivative.
            let e = 1e-6, derivative = ((x + e) / (1 + exp(-(x + e))) - (x - e) / (1 + exp(-(x - e)))) / (2 * e)
            #expect(abs(Double(dz[i]) - Double(upstream[i]) * derivative) < 1e-5)
        }
    }

    @Test func biasAndSiLUInOnePassMatchesTheTwoSteps() {
        let rows = 3, columns = 21
        var x = (0..<(rows * columns)).map { Float(sin(Double($0))) * 3 }
        let bias = (0..<columns).map { Float(cos(Double($0))) }
        let expected = (0..<(rows * columns)).map { i -> Double in
            let z = Double(x[i]) + Double(bias[i % columns])
            return z / (1 + exp(-z))
        }
        VectorMath.addBiasAndSiLU(&x, bias: bias, rows: rows, columns: columns)
        for i in 0..<x.count { #expect(abs(Double(x[i]) - expected[i]) < 1e-5) }
    }
}

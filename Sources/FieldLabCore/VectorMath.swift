/// Vectorised element-wise kernels for `Float` (AVX2 + FMA when built with a
/// target CPU). glibc's `expf` cost more per training step than all matrix
/// products together; this SIMD8 exp costs about a nanosecond per element.
public enum VectorMath {
    /// e^x for eight lanes: Cody–Waite reduction x = n ln2 + r, |r| ≤ ln2/2,
    /// a degree-6 Taylor polynomial for e^r (relative error ≈ 2e-7), and 2^n
    /// assembled in the exponent bits. Inputs are clamped to [−87, 88].
    @inline(__always)
    public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let lo = SIMD8<Float>(repeating: -87), hi = SIMD8<Float>(repeating: 88)
        var xc = x.replacing(with: lo, where: x .< lo)
        xc = xc.replacing(with: hi, where: xc .> hi)
        // Round x·log2(e) to the nearest integer with the 1.5·2^23 trick.
        let magic = SIMD8<Float>(repeating: 12_582_912)
        let t = magic.addingProduct(xc, SIMD8(repeating: 1.442_695_04))  // x·log2(e) + magic
        let n = t - magic
        // r = x − n·ln2, with ln2 split in a high and a low part (Cody–Waite).
        var r = xc.addingProduct(n, SIMD8(repeating: -0.693_145_751_953_125))
        r = r.addingProduct(n, SIMD8(repeating: -1.428_606_765_330_187e-6))
        // e^r by Horner: 1 + r(1 + r(1/2 + r(1/6 + r(1/24 + r(1/120 + r/720))))).
        var p = SIMD8<Float>(repeating: 1.0 / 120).addingProduct(r, SIMD8(repeating: 1.0 / 720))
        p = SIMD8<Float>(repeating: 1.0 / 24).addingProduct(p, r)
        p = SIMD8<Float>(repeating: 1.0 / 6).addingProduct(p, r)
        p = SIMD8<Float>(repeating: 0.5).addingProduct(p, r)
        p = SIMD8<Float>(repeating: 1).addingProduct(p, r)
        p = SIMD8<Float>(repeating: 1).addingProduct(p, r)
        let bits = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127
        let scale = unsafeBitCast(bits &<< 23, to: SIMD8<Float>.self)
        return p * scale
    }

    /// SiLU: h = z·σ(z) = z / (1 + e^−z), over `count` elements.
    public static func silu(_ z: UnsafePointer<Float>, _ h: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(z + i).loadUnaligned(as: SIMD8<Float>.self)
            let s = 1 / (1 + exp(-v))
            UnsafeMutableRawPointer(h + i).storeBytes(of: v * s, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { h[i] = z[i] / (1 + scalarExp(-z[i])); i += 1 }
    }

    /// SiLU backward: dz = dh · σ(z)·(1 + z·(1 − σ(z))), over `count` elements.
    public static func siluBackward(_ z: UnsafePointer<Float>, _ dh: UnsafePointer<Float>,
                                    _ dz: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(z + i).loadUnaligned(as: SIMD8<Float>.self)
            let g = UnsafeRawPointer(dh + i).loadUnaligned(as: SIMD8<Float>.self)
            let s = 1 / (1 + exp(-v))
            let d = s * (v * (1 - s) + 1)
            UnsafeMutableRawPointer(dz + i).storeBytes(of: g * d, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            let s = 1 / (1 + scalarExp(-z[i]))
            dz[i] = dh[i] * s * (1 + z[i] * (1 - s))
            i += 1
        }
    }

    /// Scalar e^x through the same polynomial (for loop tails).
    @inline(__always)
    public static func scalarExp(_ x: Float) -> Float {
        exp(SIMD8(repeating: x))[0]
    }
}

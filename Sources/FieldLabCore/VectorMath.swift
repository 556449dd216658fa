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

    /// Scalar e^x through the same polynomial (for loop tails).
    @inline(__always)
    public static func scalarExp(_ x: Float) -> Float {
        exp(SIMD8(repeating: x))[0]
    }
}

// MARK: - Sine and cosine, SiLU with a stored sigmoid

extension VectorMath {
    /// sin x and cos x for eight lanes at once (the embedding's features).
    /// x = j·π/2 + r with |r| ≤ π/4 (π/2 in three parts, exact for |x| < 2¹⁵),
    /// minimax polynomials for sin r and cos r (absolute error about 1e-7), and
    /// the quadrant j mod 4 swaps and negates them.
    @inline(__always)
    public static func sinCos(_ x: SIMD8<Float>) -> (sin: SIMD8<Float>, cos: SIMD8<Float>) {
        typealias V = SIMD8<Float>
        let magic = V(repeating: 12_582_912)
        let t = magic.addingProduct(x, V(repeating: 0.636_619_772))  // x·2/π + magic
        let j = t - magic
        let quadrant = unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000
        var r = x.addingProduct(j, V(repeating: -1.570_312_5))
        r = r.addingProduct(j, V(repeating: -4.837_512_969_970_703e-4))
        r = r.addingProduct(j, V(repeating: -7.549_789_948_768_648e-8))
        let r2 = r * r
        var s = V(repeating: 8.332_160_873_6e-3).addingProduct(r2, V(repeating: -1.951_529_589_1e-4))
        s = V(repeating: -1.666_665_461_1e-1).addingProduct(s, r2)
        s = r.addingProduct(s * r2, r)
        var c = V(repeating: -1.388_731_625_493_765e-3).addingProduct(r2, V(repeating: 2.443_315_711_809_948e-5))
        c = V(repeating: 4.166_664_568_298_827e-2).addingProduct(c, r2)
        c = V(repeating: -0.5).addingProduct(c, r2)
        c = V(repeating: 1).addingProduct(c, r2)
        // Quadrant q: (sin, cos) = (s, c), (c, −s), (−s, −c), (−c, s).
        let swap = (quadrant & 1) .!= 0
        let sine = s.replacing(with: c, where: swap)
        let cosine = c.replacing(with: s, where: swap)
        let signBit = SIMD8<UInt32>(repeating: 0x8000_0000)
        let negateSine = SIMD8<UInt32>(truncatingIfNeeded: (quadrant & 2) &<< 30)
        let negateCosine = SIMD8<UInt32>(truncatingIfNeeded: ((quadrant &+ 1) & 2) &<< 30)
        return (unsafeBitCast(unsafeBitCast(sine, to: SIMD8<UInt32>.self) ^ (negateSine & signBit), to: V.self),
                unsafeBitCast(unsafeBitCast(cosine, to: SIMD8<UInt32>.self) ^ (negateCosine & signBit), to: V.self))
    }

    /// SiLU that keeps its sigmoid for the backward pass: s = σ(z), h = z·s,
    /// written over `z` (s) and into `h`. With s and h kept, the derivative
    /// SiLU′(z) = s + h·(1 − s) needs no second exponential.
    public static func siluKeepingSigmoid(_ z: UnsafeMutablePointer<Float>, _ h: UnsafeMutablePointer<Float>,
                                          count: Int) {
        var i = 0
        while i + 8 <= count {
            let v = UnsafeRawPointer(z + i).loadUnaligned(as: SIMD8<Float>.self)
            let s = 1 / (1 + exp(-v))
            UnsafeMutableRawPointer(z + i).storeBytes(of: s, as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(h + i).storeBytes(of: v * s, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            let s = 1 / (1 + scalarExp(-z[i]))
            h[i] = z[i] * s
            z[i] = s
            i += 1
        }
    }

    /// dz = dh · (s + h·(1 − s)) from the sigmoid `s` and output `h` that
    /// `siluKeepingSigmoid` left (`dz` may be `dh`).
    public static func siluBackward(sigmoid s: UnsafePointer<Float>, output h: UnsafePointer<Float>,
                                    _ dh: UnsafePointer<Float>, _ dz: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        while i + 8 <= count {
            let sv = UnsafeRawPointer(s + i).loadUnaligned(as: SIMD8<Float>.self)
            let hv = UnsafeRawPointer(h + i).loadUnaligned(as: SIMD8<Float>.self)
            let g = UnsafeRawPointer(dh + i).loadUnaligned(as: SIMD8<Float>.self)
            let d = sv.addingProduct(hv, 1 - sv)
            UnsafeMutableRawPointer(dz + i).storeBytes(of: g * d, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count { dz[i] = dh[i] * (s[i] + h[i] * (1 - s[i])); i += 1 }
    }
}

extension VectorMath {
    /// x[r, j] ← SiLU(x[r, j] + bias[j]) in place: a hidden layer's epilogue
    /// in one pass while its block of rows is still in cache.
    public static func addBiasAndSiLU(_ x: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>,
                                      rows: Int, columns: Int) {
        let vectorColumns = columns / 8 * 8
        for r in 0..<rows {
            let row = x + r * columns
            var j = 0
            while j < vectorColumns {
                let z = UnsafeRawPointer(row + j).loadUnaligned(as: SIMD8<Float>.self)
                    + UnsafeRawPointer(bias + j).loadUnaligned(as: SIMD8<Float>.self)
                UnsafeMutableRawPointer(row + j).storeBytes(of: z / (1 + exp(-z)), as: SIMD8<Float>.self)
                j += 8
            }
            while j < columns {
                let z = row[j] + bias[j]
                row[j] = z / (1 + scalarExp(-z))
                j += 1
            }
        }
    }
}

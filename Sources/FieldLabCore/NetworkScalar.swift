import Foundation

/// The scalar types a network can be computed in: `Float` for training and
/// sampling, `Double` for gradient checks against finite differences.
///
/// Generic network code only orchestrates layers; every loop over elements
/// lives in these concrete kernels, so the generic layer code costs a few
/// witness-table calls per layer and nothing per element.
public protocol NetworkScalar: BinaryFloatingPoint, Sendable, SIMDScalar, Codable {
    /// The safetensors dtype tag ("F32" or "F64").
    static var safetensorsDType: String { get }

    /// C = op(A)·op(B) + beta·C (row-major; see `GEMM`); `parallel: false`
    /// stays on the calling thread.
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int, parallel: Bool)
    /// s = σ(z) over `z` and h = z·s into `h` (the forward pass that keeps what backward needs).
    static func siluKeepingSigmoid(_ z: UnsafeMutablePointer<Self>, _ h: UnsafeMutablePointer<Self>, count: Int)
    /// dz = dh · SiLU′ = dh · (s + h·(1 − s)) from the kept sigmoid and output (`dz` may be `dh`).
    static func siluBackward(sigmoid s: UnsafePointer<Self>, output h: UnsafePointer<Self>,
                             _ dh: UnsafePointer<Self>, _ dz: UnsafeMutablePointer<Self>, count: Int)
    /// [sin(ω_k c_r), cos(ω_k c_r)] for every row r: `rows × 2K` values written
    /// at `out + r·stride` (sines, then cosines).
    static func embed(_ c: UnsafePointer<Self>, rows: Int, frequencies w: UnsafePointer<Self>, count nf: Int,
                      into out: UnsafeMutablePointer<Self>, stride: Int)
}

extension Float: NetworkScalar {
    public static var safetensorsDType: String { "F32" }

    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, parallel: Bool) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, parallel: parallel)
    }
    public static func siluKeepingSigmoid(_ z: UnsafeMutablePointer<Float>, _ h: UnsafeMutablePointer<Float>,
                                          count: Int) {
        VectorMath.siluKeepingSigmoid(z, h, count: count)
    }
    public static func siluBackward(sigmoid s: UnsafePointer<Float>, output h: UnsafePointer<Float>,
                                    _ dh: UnsafePointer<Float>, _ dz: UnsafeMutablePointer<Float>, count: Int) {
        VectorMath.siluBackward(sigmoid: s, output: h, dh, dz, count: count)
    }
    /// Eight rows at a time through `VectorMath.sinCos`, one frequency per pass.
    public static func embed(_ c: UnsafePointer<Float>, rows: Int, frequencies w: UnsafePointer<Float>, count nf: Int,
                             into out: UnsafeMutablePointer<Float>, stride: Int) {
        var r = 0
        while r + 8 <= rows {
            let cv = UnsafeRawPointer(c + r).loadUnaligned(as: SIMD8<Float>.self)
            for k in 0..<nf {
                let (s, co) = VectorMath.sinCos(cv * w[k])
                for lane in 0..<8 {
                    out[(r + lane) * stride + k] = s[lane]
                    out[(r + lane) * stride + nf + k] = co[lane]
                }
            }
            r += 8
        }
        while r < rows {
            for k in 0..<nf {
                let (s, co) = VectorMath.sinCos(SIMD8(repeating: c[r] * w[k]))
                out[r * stride + k] = s[0]
                out[r * stride + nf + k] = co[0]
            }
            r += 1
        }
    }
}

extension Double: NetworkScalar {
    public static var safetensorsDType: String { "F64" }

    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int, parallel: Bool) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
    public static func siluKeepingSigmoid(_ z: UnsafeMutablePointer<Double>, _ h: UnsafeMutablePointer<Double>,
                                          count: Int) {
        for i in 0..<count {
            let s = 1 / (1 + Foundation.exp(-z[i]))
            h[i] = z[i] * s
            z[i] = s
        }
    }
    public static func siluBackward(sigmoid s: UnsafePointer<Double>, output h: UnsafePointer<Double>,
                                    _ dh: UnsafePointer<Double>, _ dz: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { dz[i] = dh[i] * (s[i] + h[i] * (1 - s[i])) }
    }
    public static func embed(_ c: UnsafePointer<Double>, rows: Int, frequencies w: UnsafePointer<Double>, count nf: Int,
                             into out: UnsafeMutablePointer<Double>, stride: Int) {
        for r in 0..<rows {
            for k in 0..<nf {
                out[r * stride + k] = Foundation.sin(w[k] * c[r])
                out[r * stride + nf + k] = Foundation.cos(w[k] * c[r])
            }
        }
    }
}

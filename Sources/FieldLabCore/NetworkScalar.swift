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

    /// C = op(A)·op(B) + beta·C (row-major; see `GEMM`).
    static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// h = SiLU(z) element-wise.
    static func silu(_ z: UnsafePointer<Self>, _ h: UnsafeMutablePointer<Self>, count: Int)
    /// dz = dh · SiLU′(z) element-wise.
    static func siluBackward(_ z: UnsafePointer<Self>, _ dh: UnsafePointer<Self>,
                             _ dz: UnsafeMutablePointer<Self>, count: Int)
    static func sine(_ x: Self) -> Self
    static func cosine(_ x: Self) -> Self
}

extension Float: NetworkScalar {
    public static var safetensorsDType: String { "F32" }

    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
    public static func silu(_ z: UnsafePointer<Float>, _ h: UnsafeMutablePointer<Float>, count: Int) {
        VectorMath.silu(z, h, count: count)
    }
    public static func siluBackward(_ z: UnsafePointer<Float>, _ dh: UnsafePointer<Float>,
                                    _ dz: UnsafeMutablePointer<Float>, count: Int) {
        VectorMath.siluBackward(z, dh, dz, count: count)
    }
    public static func sine(_ x: Float) -> Float { Foundation.sin(x) }
    public static func cosine(_ x: Float) -> Float { Foundation.cos(x) }
}

extension Double: NetworkScalar {
    public static var safetensorsDType: String { "F64" }

    @inline(__always)
    public static func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc)
    }
    public static func silu(_ z: UnsafePointer<Double>, _ h: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count { h[i] = z[i] / (1 + Foundation.exp(-z[i])) }
    }
    public static func siluBackward(_ z: UnsafePointer<Double>, _ dh: UnsafePointer<Double>,
                                    _ dz: UnsafeMutablePointer<Double>, count: Int) {
        for i in 0..<count {
            let s = 1 / (1 + Foundation.exp(-z[i]))
            dz[i] = dh[i] * s * (1 + z[i] * (1 - s))
        }
    }
    public static func sine(_ x: Double) -> Double { Foundation.sin(x) }
    public static func cosine(_ x: Double) -> Double { Foundation.cos(x) }
}

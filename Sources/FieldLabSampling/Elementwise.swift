import FieldLabCore

/// The element-wise kernels the solvers are made of, written over raw buffers
/// so that the compiler vectorises them (the matrices are row-major `n × d`,
/// and every operation here treats them as flat arrays).
enum Elementwise {
    /// Gives `buffer` the shape of `x`. Only the row count usually changes
    /// (a different batch size), and `resize(rows:)` keeps the capacity, so a
    /// solver's buffers stop allocating after the first step.
    @inline(__always)
    static func shape(_ buffer: inout Matrix<Double>, like x: Matrix<Double>) {
        if buffer.columns != x.columns {
            buffer = Matrix(rows: x.rows, columns: x.columns)
        } else if buffer.rows != x.rows {
            buffer.resize(rows: x.rows)
        }
    }

    /// `out = x + a·k`.
    @inline(__always)
    static func set(_ out: inout Matrix<Double>, to x: Matrix<Double>, plus a: Double, times k: Matrix<Double>) {
        let n = out.count
        precondition(x.count == n && k.count == n, "Elementwise.set: shapes differ")
        out.storage.withUnsafeMutableBufferPointer { o in
            x.storage.withUnsafeBufferPointer { xp in
                k.storage.withUnsafeBufferPointer { kp in
                    for i in 0..<n { o[i] = xp[i] + a * kp[i] }
                }
            }
        }
    }

    /// `out += a·k`.
    @inline(__always)
    static func add(_ out: inout Matrix<Double>, _ a: Double, times k: Matrix<Double>) {
        let n = out.count
        precondition(k.count == n, "Elementwise.add: shapes differ")
        out.storage.withUnsafeMutableBufferPointer { o in
            k.storage.withUnsafeBufferPointer { kp in
                for i in 0..<n { o[i] += a * kp[i] }
            }
        }
    }

    /// `out += a·k1 + b·k2` in one pass.
    @inline(__always)
    static func add(_ out: inout Matrix<Double>, _ a: Double, times k1: Matrix<Double>,
                    _ b: Double, times k2: Matrix<Double>) {
        let n = out.count
        precondition(k1.count == n && k2.count == n, "Elementwise.add: shapes differ")
        out.storage.withUnsafeMutableBufferPointer { o in
            k1.storage.withUnsafeBufferPointer { p in
                k2.storage.withUnsafeBufferPointer { q in
                    for i in 0..<n { o[i] += a * p[i] + b * q[i] }
                }
            }
        }
    }
}

extension Elementwise {
    /// `out = a·k`.
    @inline(__always)
    static func set(_ out: inout Matrix<Double>, _ a: Double, times k: Matrix<Double>) {
        let n = out.count
        precondition(k.count == n, "Elementwise.set: shapes differ")
        out.storage.withUnsafeMutableBufferPointer { o in
            k.storage.withUnsafeBufferPointer { kp in
                for i in 0..<n { o[i] = a * kp[i] }
            }
        }
    }
}

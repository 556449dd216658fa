import FieldLabCore

/// Element loops of a linear layer. They live in this module (not in Core)
/// so that the `Float` specialisation of the MLP specialises them too: a
/// generic loop from another module would run through witness tables, one
/// call per element.
extension NetworkScalar {
    /// Adds `bias` (length `columns`) to every row of a `rows × columns` block.
    @inline(__always)
    static func addBias(_ bias: UnsafePointer<Self>, to x: UnsafeMutablePointer<Self>, rows: Int, columns: Int) {
        for r in 0..<rows {
            let xr = x + r * columns
            for j in 0..<columns { xr[j] += bias[j] }
        }
    }

    /// out[j] (+)= Σ_r x[r, j].
    @inline(__always)
    static func columnSums(_ x: UnsafePointer<Self>, rows: Int, columns: Int,
                           into out: UnsafeMutablePointer<Self>, accumulate: Bool) {
        if !accumulate { for j in 0..<columns { out[j] = 0 } }
        for r in 0..<rows {
            let xr = x + r * columns
            for j in 0..<columns { out[j] += xr[j] }
        }
    }
}

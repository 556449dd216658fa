/// A point of the plane. Data, samples, fields and metrics use `Double`.
public typealias Point = SIMD2<Double>

extension Array where Element == Point {
    /// The points as an `n × 2` matrix.
    public func matrix<Scalar: BinaryFloatingPoint & Sendable>(_: Scalar.Type = Double.self) -> Matrix<Scalar> {
        var storage = [Scalar](); storage.reserveCapacity(count * 2)
        for p in self { storage.append(Scalar(p.x)); storage.append(Scalar(p.y)) }
        return Matrix(rows: count, columns: 2, storage: storage)
    }
}

extension Matrix {
    /// The rows of an `n × 2` matrix as points.
    public var points: [Point] {
        precondition(columns == 2, "points needs an n × 2 matrix, got \(rows)×\(columns)")
        return (0..<rows).map { Point(Double(storage[2 * $0]), Double(storage[2 * $0 + 1])) }
    }
}

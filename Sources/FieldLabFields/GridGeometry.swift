import FieldLabCore

/// A square `G × G` grid of nodes: node `(i, j)` sits at `origin + (i·h, j·h)`,
/// `i` along x (columns), `j` along y (rows); grid arrays are row-major,
/// value of node `(i, j)` at index `j·G + i`.
public struct GridGeometry: Sendable, Equatable {
    /// The position of node `(0, 0)`.
    public var origin: Point
    /// `h`, the distance between neighbouring nodes.
    public var spacing: Double
    /// `G`, the number of nodes along each axis.
    public var size: Int

    public init(origin: Point, spacing: Double, size: Int) {
        precondition(spacing > 0 && spacing.isFinite, "GridGeometry needs a positive finite spacing, got \(spacing)")
        precondition(size >= 1, "GridGeometry needs size ≥ 1, got \(size)")
        self.origin = origin
        self.spacing = spacing
        self.size = size
    }

    /// The position of node `(i, j)`.
    public func node(_ i: Int, _ j: Int) -> Point {
        origin + spacing * Point(Double(i), Double(j))
    }

    /// Every node's position, row-major (index `j·G + i`).
    public var nodes: [Point] {
        var result: [Point] = []
        result.reserveCapacity(size * size)
        for j in 0..<size { for i in 0..<size { result.append(node(i, j)) } }
        return result
    }

    /// The node coordinates of a point: `(p − origin)/h` (fractional).
    @inline(__always)
    func gridCoordinates(_ p: Point) -> Point {
        (p - origin) / spacing
    }
}

/// A fixed square region for the grid: `center ± halfWidth` along both axes.
public struct GridBox: Sendable, Equatable {
    public var center: Point
    public var halfWidth: Double

    public init(center: Point, halfWidth: Double) {
        precondition(halfWidth > 0 && halfWidth.isFinite, "GridBox needs a positive finite halfWidth, got \(halfWidth)")
        self.center = center
        self.halfWidth = halfWidth
    }
}

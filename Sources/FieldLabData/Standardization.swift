import FieldLabCore

/// The affine map to the standard frame used for training,
/// `z = (p − mean) / scale`, and back, `p = z · scale + mean`.
///
/// One scale serves both axes, `scale = √((var_x + var_y)/2)`, so the map is a
/// similarity: shapes, angles and distance ratios survive, and every distance
/// (W2, energy distance) in the standard frame is the user's distance divided
/// by `scale`. EDM's σ_data = 1 then holds for every dataset.
public struct Standardization: Codable, Sendable, Equatable {
    public var mean: Point
    public var scale: Double

    /// The map with the given mean and (positive, finite) scale.
    public init(mean: Point, scale: Double) {
        precondition(scale > 0 && scale.isFinite, "Standardization scale must be positive and finite, got \(scale)")
        self.mean = mean
        self.scale = scale
    }

    /// The map that standardises `points` themselves: their mean and the root of
    /// their mean squared deviation per axis (population variance, ÷n),
    /// computed in two passes for accuracy.
    ///
    /// - Precondition: `points` is non-empty and not all equal (callers that
    ///   read user data check first: ``DataError/noSpread(_:)``).
    public init(fitting points: [Point]) {
        precondition(!points.isEmpty, "Standardization(fitting:) needs at least one point")
        var sum = Point.zero
        for p in points { sum += p }
        let mean = sum / Double(points.count)
        var squares = 0.0
        for p in points {
            let d = p - mean
            squares += (d * d).sum()
        }
        let scale = (squares / Double(2 * points.count)).squareRoot()
        precondition(scale > 0, "Standardization(fitting:) needs points that are not all equal")
        self.init(mean: mean, scale: scale)
    }

    /// The map that changes nothing.
    public static let identity = Standardization(mean: .zero, scale: 1)

    /// User coordinates → standard frame.
    public func apply(_ p: [Point]) -> [Point] {
        p.map { ($0 - mean) / scale }
    }

    /// Standard frame → user coordinates.
    public func invert(_ p: [Point]) -> [Point] {
        p.map { $0 * scale + mean }
    }
}

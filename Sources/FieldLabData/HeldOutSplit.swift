import FieldLabCore

/// The part of a point file kept out of training, to judge models against:
/// a seeded share of its points.
///
/// A file is a finite sample of an unknown distribution, so the only ground
/// truth it offers is points no model has seen. `split` picks
/// `round(fraction · n)` of them with a partial Fisher–Yates shuffle seeded
/// by `seed` (at least one, and at least one left to train on). Both parts
/// keep the file's order, and the same file and seed always give the same
/// parts. ``TrainingSet/load(_:size:seed:heldOut:)`` trains on the rest.
public struct HeldOutSplit: Codable, Sendable, Equatable {
    /// The share of the file's points held out, in (0, 1).
    public var fraction: Double
    public var seed: UInt64

    /// `compare`'s default: a fifth of the file.
    public static let defaultFraction = 0.2

    public init(fraction: Double = HeldOutSplit.defaultFraction, seed: UInt64) {
        precondition(fraction > 0 && fraction < 1, "the held-out fraction must lie in (0, 1), got \(fraction)")
        self.fraction = fraction
        self.seed = seed
    }

    /// How many of `count` points are held out.
    public func heldOutCount(of count: Int) -> Int {
        min(max(1, Int((fraction * Double(count)).rounded())), count - 1)
    }

    /// (training, held out), each in the file's order.
    ///
    /// - Precondition: at least 2 points.
    public func split(_ points: [Point]) -> (training: [Point], heldOut: [Point]) {
        precondition(points.count >= 2, "a held-out split needs at least 2 points")
        let k = heldOutCount(of: points.count)
        var rng = SeededGenerator(seed: seed)
        var indices = Array(points.indices)
        rng.shuffle(&indices, first: k)
        var held = [Bool](repeating: false, count: points.count)
        for i in indices[..<k] { held[i] = true }
        var training: [Point] = [], heldOut: [Point] = []
        training.reserveCapacity(points.count - k)
        heldOut.reserveCapacity(k)
        for (i, p) in points.enumerated() {
            if held[i] { heldOut.append(p) } else { training.append(p) }
        }
        return (training, heldOut)
    }
}

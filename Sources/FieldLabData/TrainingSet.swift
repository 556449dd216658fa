import Foundation
import FieldLabCore

/// A training set: a fixed, finite sample in the standard frame, with the map
/// back to the user's coordinates.
///
/// It is finite on purpose: how many points a model sees decides whether it
/// generalises or memorises them (the exact field of a finite set reproduces
/// its points), so its size is a parameter of every experiment. Ground truth
/// for metrics is a fresh sample, never this one.
public struct TrainingSet: Sendable {
    /// The points, standardised (mean 0, isotropic scale 1).
    public var points: [Point]
    /// User coordinates → `points`; `invert` maps samples back.
    public var standardization: Standardization
    /// The built-in dataset's name, or the file's path as given.
    public var source: String

    public init(points: [Point], standardization: Standardization, source: String) {
        self.points = points
        self.standardization = standardization
        self.source = source
    }

    /// The default size of a training set drawn from a built-in distribution.
    public static let defaultSize = 20_000

    /// Loads a built-in dataset by name or a CSV/NPY file by path.
    ///
    /// - A built-in name (``ToyDataset``): `size` fresh points (default
    ///   ``defaultSize``) drawn with `seed`; the recipe is already standard, so
    ///   the standardisation is the identity.
    /// - A picture (.png, .pgm; ``PictureDensity``): `size` fresh points
    ///   (default ``defaultSize``) drawn from its density with `seed`, in pixel
    ///   units; the standardisation is fitted on them.
    /// - A file: all its points when `size` is nil or equals the count,
    ///   otherwise a random subset of `size` distinct points chosen with `seed`
    ///   (kept in file order); the standardisation is fitted on the kept points.
    ///
    /// A name that is neither is reported as a missing file when it looks like a
    /// path (it contains `/` or ends in `.csv`/`.npy`), as an unknown dataset
    /// otherwise.
    ///
    /// With `heldOut`, a file's held-out part (``HeldOutSplit``) is set
    /// aside first, and the training set comes from the rest (a built-in
    /// distribution has fresh truth and ignores it).
    ///
    /// - Precondition: `size`, when given, is at least 1.
    /// - Throws: ``DataError``: those of ``PointFile/read(_:)``, plus
    ///   `tooFewPoints` when the file has fewer than 2 points or fewer than
    ///   `size` (after the held-out part), and `noSpread` when all its points are equal.
    public static func load(_ nameOrPath: String, size: Int?, seed: UInt64,
                            heldOut: HeldOutSplit? = nil) throws -> TrainingSet {
        if let size { precondition(size >= 1, "training set size must be at least 1, got \(size)") }
        if let dataset = ToyDataset(rawValue: nameOrPath) {
            var rng = SeededGenerator(seed: seed)
            return TrainingSet(points: dataset.sample(count: size ?? defaultSize, using: &rng),
                               standardization: .identity, source: dataset.rawValue)
        }
        if PictureDensity.isPicture(nameOrPath) {
            // A picture is a density: fresh points in pixel units, standardised like a file's.
            let picture = try PictureDensity(contentsOf: nameOrPath)
            var rng = SeededGenerator(seed: seed)
            let points = picture.sample(count: size ?? defaultSize, using: &rng)
            guard points.count >= 2, points.contains(where: { $0 != points[0] }) else {
                throw DataError.tooFewPoints(path: nameOrPath, count: points.count, needed: 2)
            }
            let standardization = Standardization(fitting: points)
            return TrainingSet(points: standardization.apply(points), standardization: standardization, source: nameOrPath)
        }
        var all = try readFile(nameOrPath)
        if let heldOut {
            guard all.count >= 4 else { throw DataError.tooFewPoints(path: nameOrPath, count: all.count, needed: 4) }
            all = heldOut.split(all).training
        }
        let needed = max(2, size ?? 0)
        guard all.count >= needed else {
            throw DataError.tooFewPoints(path: nameOrPath, count: all.count, needed: needed)
        }
        let kept = size.map { subset(of: all, count: $0, seed: seed) } ?? all
        guard kept.contains(where: { $0 != kept[0] }) else { throw DataError.noSpread(nameOrPath) }
        let standardization = Standardization(fitting: kept)
        return TrainingSet(points: standardization.apply(kept),
                           standardization: standardization, source: nameOrPath)
    }

    /// The points of a dataset file; a name that is neither a built-in nor a
    /// file is reported as a missing file when it looks like a path, as an
    /// unknown dataset otherwise.
    public static func readFile(_ nameOrPath: String) throws -> [Point] {
        guard FileManager.default.fileExists(atPath: nameOrPath) || looksLikePath(nameOrPath) else {
            throw DataError.unknownDataset(nameOrPath)
        }
        return try PointFile.read(nameOrPath)
    }

    /// `count` distinct elements of `points` chosen uniformly with `seed`
    /// (a partial Fisher–Yates shuffle of the indices), in their original order.
    static func subset(of points: [Point], count: Int, seed: UInt64) -> [Point] {
        guard count < points.count else { return points }
        var rng = SeededGenerator(seed: seed)
        var indices = Array(points.indices)
        rng.shuffle(&indices, first: count)
        return indices[..<count].sorted().map { points[$0] }
    }

    private static func looksLikePath(_ name: String) -> Bool {
        let lower = name.lowercased()
        return name.contains("/") || lower.hasSuffix(".csv") || lower.hasSuffix(".npy")
    }
}

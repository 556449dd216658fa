import FieldLabCore

/// A distribution of the plane that can be sampled afresh as often as
/// needed: a built-in recipe (``ToyDataset``) or a picture
/// (``PictureDensity``). Ground truth for such data is always a fresh
/// sample; a point file, being one finite sample, has none (see ``HeldOutSplit``).
public protocol PointDistribution: Sendable {
    /// `count` independent points, drawn with `rng`.
    func sample(count: Int, using rng: inout SeededGenerator) -> [Point]
}

extension ToyDataset: PointDistribution {}
extension PictureDensity: PointDistribution {}

extension TrainingSet {
    /// The distribution `dataset` names: a built-in name, or a picture file
    /// (.png, .pgm); nil for a point file (CSV, NPY) or an unknown name.
    ///
    /// - Throws: ``DataError`` when a picture cannot be read.
    public static func distribution(named dataset: String) throws -> (any PointDistribution)? {
        if let builtIn = ToyDataset(rawValue: dataset) { return builtIn }
        if PictureDensity.isPicture(dataset) { return try PictureDensity(contentsOf: dataset) }
        return nil
    }
}

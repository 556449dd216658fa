/// `--shard I/N`: the points whose plan index is I modulo N, for job arrays
/// (several processes, or cluster tasks, on one sweep folder).
public struct SweepShard: Sendable, Equatable, CustomStringConvertible {
    public var index: Int
    public var count: Int

    public static let all = SweepShard(index: 0, count: 1)

    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `I/N` (0 ≤ I < N ≤ 100000).
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, n <= 100_000, i >= 0, i < n else {
            throw SweepError.malformedShard(text)
        }
        self.init(index: i, count: n)
    }

    public func contains(_ point: SweepPoint) -> Bool { point.index % count == index }

    public var description: String { "\(index)/\(count)" }
}

/// `--shard I/N`: the points whose plan index is I modulo N, for job arrays
/// (several processes, or cluster tasks, on one sweep folder); `--shard slurm`
/// takes I and N from the Slurm array task's environment.
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

    /// Parses `I/N`, or `slurm`: I from `SLURM_ARRAY_TASK_ID` and N from
    /// `SLURM_ARRAY_TASK_COUNT` in `environment`. The array must be numbered
    /// 0…N−1 (`--array=0-(N-1)`), as `sweep slurm` writes it.
    public init(parsing text: String, environment: [String: String]) throws {
        guard text == "slurm" else { try self.init(parsing: text); return }
        func number(_ name: String) throws -> Int {
            guard let value = environment[name] else { throw SweepError.slurmShard("\(name) is not set: --shard slurm runs inside a Slurm array task (sbatch --array)") }
            guard let n = Int(value.trimmingCharacters(in: .whitespaces)), n >= 0 else {
                throw SweepError.slurmShard("\(name) is '\(value)', not a whole number")
            }
            return n
        }
        let index = try number("SLURM_ARRAY_TASK_ID"), count = try number("SLURM_ARRAY_TASK_COUNT")
        guard count >= 1, count <= 100_000 else { throw SweepError.slurmShard("SLURM_ARRAY_TASK_COUNT is \(count), not from 1 to 100000") }
        guard index < count else {
            throw SweepError.slurmShard("SLURM_ARRAY_TASK_ID \(index) is not below SLURM_ARRAY_TASK_COUNT \(count): submit the whole array, numbered 0-\(count - 1)")
        }
        self.init(index: index, count: count)
    }

    public func contains(_ point: SweepPoint) -> Bool { point.index % count == index }

    public var description: String { "\(index)/\(count)" }
}

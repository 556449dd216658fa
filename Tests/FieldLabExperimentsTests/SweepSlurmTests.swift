import Foundation
import Testing
import FieldLabCLI
import FieldLabExperiments

/// `points.csv` without its timing columns (the only columns that differ
/// between two runs of the same points).
func pointsWithoutTimings(_ folder: String) throws -> [String] {
    let lines = try String(contentsOfFile: folder + "/report/points.csv", encoding: .utf8).split(separator: "\n").map(String.init)
    let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    let keep = header.indices.filter { !SweepTable.timingColumns.contains(header[$0]) }
    #expect(keep.count == header.count - SweepTable.timingColumns.count)
    return lines.map { line in
        let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        return keep.map { cells[$0] }.joined(separator: ",")
    }
}

/// `sweep slurm` writes the array and submit scripts (checked word by word
/// here; a real Slurm runs them in `SlurmClusterTests`), and `sweep merge`
/// joins shards run into different folders.
@Suite struct SweepSlurmTests {
    static let folder: String = {
        let f = NSTemporaryDirectory() + "fieldlab-sweep-slurm-\(getpid())"
        try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }()

    static let sweepArguments = ["--flow-matching", "--dataset", "moons", "--steps", "5", "--batch-size", "16",
                                 "--width", "8", "--depth", "1", "--samples", "50", "--solver-steps", "2",
                                 "--vary", "width=4,8", "--seeds", "3"]

    /// An executable stand-in for the fieldlab binary (the tests run in-process).
    static let binary: String = {
        let path = folder + "/fieldlab"
        FileManager.default.createFile(atPath: path, contents: Data("#!/bin/sh\n".utf8), attributes: [.posixPermissions: 0o755])
        return path
    }()

    @Test func writesAnArrayScriptAndAReportJobAfterIt() throws {
        let out = Self.folder + "/scripts"
        let status = FieldLabCommand.run(["sweep", "slurm"] + Self.sweepArguments
                                         + ["--tasks", "4", "--array-limit=2", "--time", "0-00:30", "--cpus-per-task", "2",
                                            "--partition", "short", "--fieldlab", Self.binary, "--out", out])
        #expect(status == 0)
        // The folder is prepared (its plan written) before any task starts.
        #expect(FileManager.default.fileExists(atPath: out + "/sweep.json"))
        let array = try String(contentsOfFile: out + "/slurm/sweep.sbatch", encoding: .utf8)
        let directives = array.split(separator: "\n").filter { $0.hasPrefix("#SBATCH ") }.map(String.init)
        #expect(directives == ["#SBATCH --job-name=fieldlab-sweep", "#SBATCH --array=0-3%2", "#SBATCH --time=0-00:30",
                               "#SBATCH --cpus-per-task=2", "#SBATCH --output=\(out)/slurm/logs/task-%A_%a.log",
                               "#SBATCH --partition=short"])
        let exec = try #require(array.split(separator: "\n").first { $0.hasPrefix("exec ") })
        #expect(exec == "exec \(Self.binary) sweep run " + Self.sweepArguments.joined(separator: " ")
                + " --shard slurm --jobs 2 --out \(out)")
        #expect(FileManager.default.fileExists(atPath: out + "/slurm/logs"))
        let submit = try String(contentsOfFile: out + "/slurm/submit.sh", encoding: .utf8)
        #expect(submit.contains("sbatch --parsable sweep.sbatch"))
        #expect(submit.contains("--dependency=afterany:\"$array\""))
        #expect(submit.contains("--partition=short"))
        #expect(submit.contains("--wrap='exec \(Self.binary) sweep report \(out)'"))
        // The same command again (resuming) rewrites the same scripts.
        #expect(FieldLabCommand.run(["sweep", "slurm"] + Self.sweepArguments
                                    + ["--tasks", "4", "--array-limit=2", "--time", "0-00:30", "--cpus-per-task", "2",
                                       "--partition", "short", "--fieldlab", Self.binary, "--out", out]) == 0)
        #expect(try String(contentsOfFile: out + "/slurm/sweep.sbatch", encoding: .utf8) == array)
    }

    @Test func badSlurmArgumentsGiveOneLineAndNoFolder() throws {
        let cases: [([String], String)] = [
            (["--time", "soon"], "--time 'soon' is not a Slurm time limit"),
            (["--time", "1:2:3:4"], "is not a Slurm time limit"),
            (["--tasks", "0"], "--tasks must be from 1 to 100000"),
            (["--tasks", "7"], "--tasks 7 is more than the sweep's 6 points"),
            (["--array-limit", "0"], "--array-limit must be from 1"),
            (["--cpus-per-task", "0"], "--cpus-per-task must be from 1"),
            (["--partition", "a b"], "--partition 'a b' is not a partition name"),
            (["--fieldlab", Self.folder + "/nosuch"], "is not an executable file"),
        ]
        for (n, (extra, message)) in cases.enumerated() {
            let out = Self.folder + "/bad-\(n)"
            expectOneLineError(["sweep", "slurm"] + Self.sweepArguments + ["--fieldlab", Self.binary] + extra + ["--out", out],
                               containing: message)
            #expect(!FileManager.default.fileExists(atPath: out), "\(extra) wrote \(out)")
        }
        // In-process, this binary is the test runner: the tasks' binary must be named.
        expectOneLineError(["sweep", "slurm"] + Self.sweepArguments + ["--out", Self.folder + "/bad-binary"],
                           containing: "give --fieldlab PATH")
        // --shard slurm outside an array task.
        if ProcessInfo.processInfo.environment["SLURM_ARRAY_TASK_ID"] == nil {
            expectOneLineError(["sweep"] + Self.sweepArguments + ["--shard", "slurm", "--out", Self.folder + "/bad-shard"],
                               containing: "--shard slurm: SLURM_ARRAY_TASK_ID is not set")
            #expect(!FileManager.default.fileExists(atPath: Self.folder + "/bad-shard"))
        }
    }

    @Test func mergeJoinsShardsOnceAndRefusesConflicts() throws {
        let whole = Self.folder + "/whole", a = Self.folder + "/shard-a", b = Self.folder + "/shard-b"
        #expect(FieldLabCommand.run(["sweep"] + Self.sweepArguments + ["--out", whole]) == 0)
        #expect(FieldLabCommand.run(["sweep"] + Self.sweepArguments + ["--shard", "0/2", "--out", a]) == 0)
        #expect(FieldLabCommand.run(["sweep"] + Self.sweepArguments + ["--shard", "1/2", "--out", b]) == 0)
        // Shard b also holds one of shard a's points, run again (identical but for its timings).
        let points = try #require(try SweepFolder(whole).loadSpecification()).points
        let shared = points[0].id
        try FileManager.default.copyItem(atPath: a + "/points/" + shared, toPath: b + "/points/" + shared)

        // Only one shard: the other's points are listed as missing.
        let partial = Self.folder + "/partial"
        let summaryA = try SweepMerge.merge([a], into: partial)
        #expect(summaryA.merged == 3 && summaryA.missing.map(\.index) == [1, 3, 5])

        let merged = Self.folder + "/merged"
        let summary = try SweepMerge.merge([a, b], into: merged)
        #expect(summary.planned == 6 && summary.merged == 6 && summary.copied == 6)
        #expect(summary.identicalDuplicates == 1 && summary.missing.isEmpty && summary.notInPlan.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: merged + "/points").sorted() == points.map(\.id).sorted())
        // The merged report equals the sweep run whole, timings aside.
        #expect(FieldLabCommand.run(["sweep", "report", whole]) == 0)
        #expect(FieldLabCommand.run(["sweep", "report", merged]) == 0)
        #expect(try pointsWithoutTimings(merged) == pointsWithoutTimings(whole))
        // Merging into a folder that holds some of them copies only the rest.
        #expect(FieldLabCommand.run(["sweep", "merge", b, "--out", partial]) == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: partial + "/points").count == 6)

        // A duplicate whose result differs is refused by id, and nothing is written.
        let conflicting = Self.folder + "/conflicting"
        try FileManager.default.copyItem(atPath: b, toPath: conflicting)
        let resultPath = conflicting + "/points/\(shared)/result.json"
        var result = try JSONDecoder().decode(SweepPointResult.self, from: Data(contentsOf: URL(fileURLWithPath: resultPath)))
        let name = try #require(result.observableNames.first { (result.observables[$0] ?? nil) != nil })
        result.observables[name] = (result.observables[name]! ?? 0) + 1
        try JSONEncoder().encode(result).write(to: URL(fileURLWithPath: resultPath))
        let refused = Self.folder + "/refused"
        expectOneLineError(["sweep", "merge", a, conflicting, "--out", refused], containing: "different results")
        expectOneLineError(["sweep", "merge", a, conflicting, "--out", refused], containing: shared)
        #expect(!FileManager.default.fileExists(atPath: refused))
        // A folder of another sweep is refused.
        let other = Self.folder + "/other"
        #expect(FieldLabCommand.run(["sweep"] + Self.sweepArguments.dropLast(2) + ["--seeds", "1", "--out", other]) == 0)
        expectOneLineError(["sweep", "merge", a, other, "--out", refused], containing: "holds a different sweep")
        expectOneLineError(["sweep", "merge", a, Self.folder + "/nosuch", "--out", refused], containing: "has no sweep.json")
        #expect(!FileManager.default.fileExists(atPath: refused))
    }
}

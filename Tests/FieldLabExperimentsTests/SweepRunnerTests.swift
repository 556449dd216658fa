import Foundation
import Testing
import FieldLabCLI
@testable import FieldLabExperiments

/// Real (small) sweeps, run in-process: files, resume, corrupt and failed
/// points, shards and jobs, and the report.
@Suite(.serialized) struct SweepRunnerTests {
    static let root: String = {
        let f = NSTemporaryDirectory() + "fieldlab-sweep-tests-\(getpid())"
        try? FileManager.default.removeItem(atPath: f)
        try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }()

    static func arguments(_ out: String, vary: [String] = ["train-size=16,64"], seeds: Int = 2,
                          extra: [String] = []) -> [String] {
        ["sweep", "--flow-matching", "--dataset", "moons"] + vary.flatMap { ["--vary", $0] }
            + ["--seeds", String(seeds), "--steps", "20", "--batch-size", "32", "--width", "16", "--depth", "2",
               "--samples", "200", "--solver-steps", "4", "--out", root + "/" + out] + extra
    }

    static func pointFolders(_ out: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + out + "/points")) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    static func results(_ out: String) throws -> [SweepPointResult] {
        try pointFolders(out).map { id in
            let data = try #require(FileManager.default.contents(atPath: root + "/\(out)/points/\(id)/result.json"))
            return try JSONDecoder().decode(SweepPointResult.self, from: data)
        }
    }

    @Test func pointsAreWholeFoldersAndARerunRunsOnlyWhatIsMissing() throws {
        #expect(FieldLabCommand.run(Self.arguments("a")) == 0)
        let ids = Self.pointFolders("a")
        #expect(ids.count == 4)
        for id in ids {
            for file in ["result.json", "training-set.csv", "samples.csv", "model.safetensors", "config.json", "log.csv"] {
                #expect(FileManager.default.fileExists(atPath: Self.root + "/a/points/\(id)/\(file)"), "\(file) missing")
            }
        }
        let results = try Self.results("a")
        #expect(results.allSatisfy { $0.id == $0.point.id && $0.fieldlabVersion == FieldLabVersion.string })
        #expect(results.allSatisfy { $0.observables["memorization_ratio"] != nil })
        // The training set in the folder is the one the point trained on.
        let small = try #require(results.first { $0.point.training.trainSize == 16 })
        let text = try String(contentsOfFile: Self.root + "/a/points/\(small.id)/training-set.csv", encoding: .utf8)
        #expect(text.split(separator: "\n").count == 17)

        let folder = SweepFolder(Self.root + "/a")
        let specification = try #require(try folder.loadSpecification())
        let again = try SweepRunner.run(specification, in: folder)
        #expect(again.ran == 0 && again.alreadyFinished == 4)

        // One point lost, one with a truncated result: exactly those two run again.
        try FileManager.default.removeItem(atPath: folder.pointPath(ids[0]))
        let resultPath = folder.pointPath(ids[1]) + "/result.json"
        let bytes = try #require(FileManager.default.contents(atPath: resultPath))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: resultPath))
        let repaired = try SweepRunner.run(specification, in: folder)
        #expect(repaired.ran == 2 && repaired.alreadyFinished == 2)
        #expect(Self.pointFolders("a") == ids)
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: folder.corruptPath)) ?? []).count == 1)
        // The rerun gives the same numbers as the first run (timings aside).
        let rerun = try Self.results("a")
        #expect(zip(rerun, results).allSatisfy { $0.observables == $1.observables })
    }

    @Test func jobsAndShardsGiveTheSameFiles() throws {
        #expect(FieldLabCommand.run(Self.arguments("serial")) == 0)
        #expect(FieldLabCommand.run(Self.arguments("jobs", extra: ["--jobs", "2"])) == 0)
        #expect(FieldLabCommand.run(Self.arguments("shards", extra: ["--shard", "1/3"])) == 0)
        #expect(Self.pointFolders("shards").count == 1)
        #expect(FieldLabCommand.run(Self.arguments("shards", extra: ["--shard", "0/3"])) == 0)
        #expect(FieldLabCommand.run(Self.arguments("shards", extra: ["--shard", "2/3"])) == 0)
        let ids = Self.pointFolders("serial")
        #expect(Self.pointFolders("jobs") == ids && Self.pointFolders("shards") == ids)
        for id in ids {
            for file in ["samples.csv", "model.safetensors", "training-set.csv"] {
                let a = FileManager.default.contents(atPath: Self.root + "/serial/points/\(id)/\(file)")
                #expect(a != nil)
                #expect(a == FileManager.default.contents(atPath: Self.root + "/jobs/points/\(id)/\(file)"), "\(file)")
                #expect(a == FileManager.default.contents(atPath: Self.root + "/shards/points/\(id)/\(file)"), "\(file)")
            }
        }
        #expect(try Self.results("serial").map(\.observables) == Self.results("jobs").map(\.observables))
    }

    @Test func failedPointsAreRecordedAndRetriedOnlyWhenAsked() throws {
        let args = Self.arguments("failing", vary: ["lr=1e-3,1e30"], seeds: 1)
        #expect(FieldLabCommand.run(args) == 0)
        let folder = SweepFolder(Self.root + "/failing")
        #expect(Self.pointFolders("failing").count == 1)
        let failures = try FileManager.default.contentsOfDirectory(atPath: folder.failedPath)
        #expect(failures.count == 1)
        let failure = try JSONDecoder().decode(SweepFailure.self, from: Data(contentsOf: URL(fileURLWithPath: folder.failedPath + "/" + failures[0])))
        #expect(failure.reason.contains("diverged"), "\(failure.reason)")
        let specification = try #require(try folder.loadSpecification())
        let skipped = try SweepRunner.run(specification, in: folder)
        #expect(skipped.ran == 0 && skipped.failed == 0 && skipped.skippedFailed == 1)
        let retried = try SweepRunner.run(specification, in: folder, options: .init(retryFailed: true))
        #expect(retried.failed == 1 && retried.ran == 0)
        #expect(Self.pointFolders("failing").count == 1)
        // The report lists it and uses only the finished point.
        _ = try SweepReport.write(folder, options: .init(resamples: 50), command: "test")
        let readme = try String(contentsOfFile: folder.reportPath + "/README.md", encoding: .utf8)
        #expect(readme.contains("## Failed points") && readme.contains(failure.id))
    }

    @Test func reportWritesTablesChartsAndCriticalPoints() throws {
        #expect(FieldLabCommand.run(Self.arguments("report", vary: ["train-size=8,16,32,64,128"], seeds: 2)) == 0)
        #expect(FieldLabCommand.run(["sweep", "report", Self.root + "/report", "--resamples", "50"]) == 0)
        let out = Self.root + "/report/report"
        let points = try String(contentsOfFile: out + "/points.csv", encoding: .utf8).split(separator: "\n")
        #expect(points.count == 11)
        let header = points[0].split(separator: ",").map(String.init)
        #expect(Array(header.prefix(3)) == ["id", "seed", "train_size"])
        #expect(header.contains("memorization_ratio") && header.contains("log_nn_ratio") && header.contains("total_seconds"))
        let summary = try String(contentsOfFile: out + "/summary.csv", encoding: .utf8).split(separator: "\n")
        #expect(summary.count == 6)
        #expect(summary[0].hasPrefix("train_size,seeds,"))
        // The summary's mean is the mean of the two seeds' rows.
        let column = header.firstIndex(of: "memorization_ratio")!
        let values = points.dropFirst().prefix(2).map { Double($0.split(separator: ",", omittingEmptySubsequences: false)[column])! }
        let summaryHeader = summary[0].split(separator: ",").map(String.init)
        let meanColumn = summaryHeader.firstIndex(of: "memorization_ratio_mean")!
        let mean = Double(summary[1].split(separator: ",", omittingEmptySubsequences: false)[meanColumn])!
        #expect(abs(mean - (values[0] + values[1]) / 2) < 1e-12)
        let critical = try String(contentsOfFile: out + "/critical.csv", encoding: .utf8).split(separator: "\n")
        #expect(critical[0].hasPrefix("control,group,observable,method,critical,low,high"))
        #expect(critical.contains { $0.contains("memorization_ratio,logistic") })
        for file in ["README.md", "memorization_ratio.png", "log_nn_ratio.png", "samples-strip.png"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(file) missing")
        }
    }
}

import Foundation
import Testing
import FieldLabCore
import FieldLabCLI
import FieldLabData
@testable import FieldLabExperiments
import FieldLabMetrics

/// `compare` and `report` on the user's own points: the truth is a held-out
/// part of the file that no run trains on (or a separate truth file), the
/// floors come from disjoint halves of it, the runs record the split, and
/// every number is in the file's units.
@Suite struct OwnDataComparisonTests {
    /// `moons` in other units: × 3 around (10, −5).
    static func moonsFile(_ path: String, count: Int, seed: UInt64) throws -> [Point] {
        var rng = SeededGenerator(seed: seed)
        let points = ToyDataset.moons.sample(count: count, using: &rng).map { $0 * 3 + Point(10, -5) }
        try PointFile.write(points, to: path)
        return points
    }

    @Test func aHeldOutSplitPartitionsTheFileTheSameWayEachTime() {
        var rng = SeededGenerator(seed: 1)
        let points = (0..<1000).map { _ in Point(rng.nextUniform(), rng.nextUniform()) }
        let split = HeldOutSplit(fraction: 0.2, seed: 7)
        let (training, heldOut) = split.split(points)
        #expect(heldOut.count == 200 && training.count == 800)
        #expect(Set(training.map { [$0.x, $0.y] }).isDisjoint(with: Set(heldOut.map { [$0.x, $0.y] })))
        #expect(Set((training + heldOut).map { [$0.x, $0.y] }) == Set(points.map { [$0.x, $0.y] }))
        // Both parts keep the file's order.
        let position = Dictionary(uniqueKeysWithValues: points.enumerated().map { ([$1.x, $1.y], $0) })
        #expect(heldOut.map { position[[$0.x, $0.y]]! } == heldOut.map { position[[$0.x, $0.y]]! }.sorted())
        #expect(split.split(points).heldOut == heldOut)
        #expect(HeldOutSplit(fraction: 0.2, seed: 8).split(points).heldOut != heldOut)
        #expect(HeldOutSplit(fraction: 0.001, seed: 7).split(points).heldOut.count == 1)
    }

    /// Disjoint halves of a large finite truth behave as two fresh samples:
    /// the split floor agrees with the pair floor from the distribution itself.
    @Test func theSplitFloorOfALargeTruthIsThePairFloor() {
        var rng = SeededGenerator(seed: 5)
        let truth = ToyDataset.moons.sample(count: 40_000, using: &rng)
        for metric in [TwoSampleMetric.slicedWasserstein2, .energyDistance] {
            let split = metric.noiseFloor(splitting: truth, sampleSize: 500, repeats: 40, seed: 9)
            let pairs = metric.noiseFloor(sampleSize: 500, repeats: 40, seed: 10) { n, r in
                ToyDataset.moons.sample(count: n, using: &r)
            }
            let error = (split.standardDeviation * split.standardDeviation / 40
                         + pairs.standardDeviation * pairs.standardDeviation / 40).squareRoot()
            #expect(abs(split.mean - pairs.mean) < 4 * error, "\(metric): \(split.mean) against \(pairs.mean) ± \(error)")
            #expect(split.sampleSize == 500 && split.repeats == 40)
        }
        // One repeat is the metric between two disjoint subsets: with 2n = the whole truth,
        // the two halves partition it.
        let small = Array(truth.prefix(10))
        let floor = TwoSampleMetric.energyDistance.noiseFloor(splitting: small, sampleSize: 5, repeats: 1, seed: 3)
        #expect(floor.mean > 0 && floor.standardDeviation == 0)
    }

    @Test func compareOnAFileJudgesAgainstItsHeldOutPart() throws {
        try withTemporaryFolder("own-compare") { folder in
            let data = folder + "/my points.csv"
            let all = try Self.moonsFile(data, count: 3000, seed: 2)
            let out = folder + "/out"
            var errors: [String] = []
            let status = FieldLabCommand.run(["compare", "--dataset", data, "--methods", "flow-matching,diffusion",
                                              "--steps", "400", "--batch-size", "256", "--samples", "2000", "--seed", "4",
                                              "--out", out], errorOutput: { errors.append($0) })
            try #require(status == 0, "\(errors)")
            // The split is recorded, and the runs trained on the rest of the file only.
            let split = HeldOutSplit(fraction: 0.2, seed: 4)
            let (training, heldOut) = split.split(all)
            for method in ["flow-matching", "diffusion"] {
                let config = try JSONDecoder().decode(TrainingConfiguration.self,
                                                      from: Data(contentsOf: URL(fileURLWithPath: out + "/\(method)/config.json")))
                #expect(config.heldOut == split && config.dataset == data)
                let trained = try PointFile.read(out + "/\(method)/training-set.csv")
                #expect(trained.count == training.count)
                let held = Set(heldOut.map { [$0.x, $0.y] })
                #expect(!trained.contains { held.contains([$0.x, $0.y]) }, "\(method) trained on held-out points")
                // Samples in the file's units.
                let samples = try PointFile.read(out + "/\(method)/samples.csv")
                #expect(samples.count == 300, "the reference is half of the 600 held-out points")
                let mean = samples.reduce(Point.zero, +) / Double(samples.count)
                #expect(abs(mean.x - 10) < 1.5 && abs(mean.y + 5) < 1.5, "\(mean)")
            }
            let report = try String(contentsOfFile: out + "/comparison.md", encoding: .utf8)
            #expect(report.contains("Ground truth: 300 of 600 held-out points of `\(data)` (20 % of its 3000, chosen with seed 4, never trained on)"))
            #expect(report.contains("noise floor (disjoint halves of the truth)"))
            #expect(FileManager.default.fileExists(atPath: out + "/comparison.png"))
        }
    }

    @Test func aTruthFileReplacesTheHeldOutPart() throws {
        try withTemporaryFolder("own-truth") { folder in
            let data = folder + "/train.csv", truth = folder + "/truth.csv"
            let all = try Self.moonsFile(data, count: 800, seed: 3)
            _ = try Self.moonsFile(truth, count: 400, seed: 4)
            let out = folder + "/out"
            var errors: [String] = []
            let status = FieldLabCommand.run(["compare", "--dataset", data, "--truth", truth, "--methods", "flow-matching",
                                              "--steps", "100", "--batch-size", "128", "--out", out],
                                             errorOutput: { errors.append($0) })
            try #require(status == 0, "\(errors)")
            #expect(try PointFile.read(out + "/flow-matching/training-set.csv").count == all.count)
            let config = try JSONDecoder().decode(TrainingConfiguration.self,
                                                  from: Data(contentsOf: URL(fileURLWithPath: out + "/flow-matching/config.json")))
            #expect(config.heldOut == nil)
            let report = try String(contentsOfFile: out + "/comparison.md", encoding: .utf8)
            #expect(report.contains("Ground truth: 200 of the 400 points of `\(truth)` (training uses all of `\(data)`)"))

            // Bad truth and split options: one line, nothing written.
            try "x,y,z\n1,2,3\n".write(toFile: folder + "/three.csv", atomically: true, encoding: .utf8)
            for (arguments, message) in [
                (["--dataset", data, "--truth", folder + "/three.csv"], "three.csv"),
                (["--dataset", data, "--truth", folder + "/missing.csv"], "missing.csv"),
                (["--dataset", "moons", "--truth", truth], "--truth goes with a dataset file"),
                (["--dataset", data, "--held-out", "1.5"], "--held-out must be a fraction between 0 and 1"),
                (["--dataset", folder + "/nothing.csv"], "nothing.csv"),
            ] {
                let target = folder + "/bad"
                expectOneLineError(["compare"] + arguments + ["--steps", "10", "--out", target], containing: message)
                #expect(!FileManager.default.fileExists(atPath: target), "\(arguments) left \(target)")
            }
        }
    }

    @Test func reportTakesFiles() throws {
        try withTemporaryFolder("own-report") { folder in
            let a = folder + "/ring one.csv", b = folder + "/b.npy"
            _ = try Self.moonsFile(a, count: 500, seed: 5)
            _ = try Self.moonsFile(b, count: 500, seed: 6)
            let out = folder + "/report"
            var errors: [String] = []
            let status = FieldLabCommand.run(["report", "--datasets", "\(a),\(b)", "--steps", "30", "--out", out,
                                              "--runs", folder + "/runs"], errorOutput: { errors.append($0) })
            try #require(status == 0, "\(errors)")
            let text = try String(contentsOfFile: out + "/README.md", encoding: .utf8)
            #expect(text.contains("## \(a)") && text.contains("## \(b)"))
            #expect(text.contains("](ring-one-comparison.png)") && text.contains("](b-comparison.png)"))
            for name in ["ring-one-comparison.png", "b-comparison.png", "b-loss.png"] {
                #expect(FileManager.default.fileExists(atPath: out + "/" + name), "no \(name)")
            }
            expectOneLineError(["report", "--datasets", "moons,\(folder)/none.csv", "--out", folder + "/r2"], containing: "none.csv")
            #expect(!FileManager.default.fileExists(atPath: folder + "/r2"))
        }
    }
}

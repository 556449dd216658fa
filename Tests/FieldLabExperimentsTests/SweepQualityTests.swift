import FieldLabCLI
import FieldLabCore
import FieldLabData
@testable import FieldLabExperiments
import FieldLabMetrics
import Foundation
import Testing

/// `fieldlab sweep quality`: every point scored at its full sample count
/// against one fixed fresh draw, next to the floor at that count.
@Suite struct SweepQualityTests {
    static let folder = NSTemporaryDirectory() + "fieldlab-sweep-quality-\(getpid())"

    @Test func pointsAreScoredAgainstOneReferenceAndTheirFloor() throws {
        let out = Self.folder + "/moons"
        let arguments = ["sweep", "--flow-matching", "--dataset", "moons", "--steps", "5", "--batch-size", "16", "--width", "8",
                         "--depth", "1", "--samples", "400", "--solver-steps", "2", "--vary", "width=4,8", "--seeds", "2", "--out", out]
        #expect(FieldLabCommand.run(arguments) { _ in } == 0)
        // One point's samples replaced by fresh truth: its ratio to the floor is about 1.
        let table = try SweepTable(folder: SweepFolder(out))
        let fresh = table.results[0]
        var rng = SeededGenerator(seed: 77)
        let truth = ToyDataset.moons.sample(count: 400, using: &rng)
        try PointFile.write(truth, to: SweepFolder(out).pointPath(fresh.id) + "/samples.csv")

        var errors: [String] = []
        #expect(FieldLabCommand.run(["sweep", "quality", out]) { errors.append($0) } == 0)
        #expect(errors.isEmpty, "\(errors)")
        let rows = try SweepQuality.measure(table, folder: SweepFolder(out))
        #expect(rows.count == 4 && rows.allSatisfy { $0.sampleCount == 400 && $0.nonFinite == 0 })
        // The same reference and floors for every point, recomputed here directly.
        let (reference, floors) = SweepQuality.prepare(.moons, count: 400, repeats: 10)
        let samples = try PointFile.read(SweepFolder(out).pointPath(rows[1].result.id) + "/samples.csv")
        #expect(rows[1].values[0] == Distances.slicedWasserstein2(samples, reference))
        #expect(rows[1].values[1] == Distances.energyDistance(samples, reference))
        #expect(rows.allSatisfy { $0.floors == floors } && floors.allSatisfy { $0.mean > 0 && $0.sampleSize == 400 })
        let truthRow = try #require(rows.first { $0.result.id == fresh.id })
        #expect(truthRow.ratios.allSatisfy { $0 > 0.3 && $0 < 3 }, "\(truthRow.ratios)")
        // A five-step network is far from the data.
        #expect(rows.filter { $0.result.id != fresh.id }.allSatisfy { $0.ratios[0] > 3 }, "\(rows.map(\.ratios))")
        let csv = try String(contentsOfFile: out + "/quality.csv", encoding: .utf8)
        #expect(csv.hasPrefix("id,width,seed,samples,non_finite,sliced_w2,sliced_w2_floor,sliced_w2_ratio,energy_distance,"))
        #expect(csv.split(separator: "\n").count == 5)
    }

    @Test func badFoldersAreOneLineErrors() throws {
        for (arguments, message) in [(["sweep", "quality", Self.folder + "/none"], "is not a sweep folder: no sweep.json"),
                                     (["sweep", "quality", Self.folder, "--repeats", "0"], "--repeats must be from 1 to 100")] {
            var lines: [String] = []
            #expect(FieldLabCommand.run(arguments) { lines.append($0) } != 0)
            #expect(lines.count == 1 && lines[0].hasPrefix("error: ") && lines[0].contains(message), "\(lines)")
        }
    }
}

import Foundation
import Testing
@testable import FieldLabExperiments
import FieldLabMethods

@Suite struct SweepPlanTests {
    static func specification(_ axes: [(SweepParameter, String)], seeds: Int = 2,
                              method: MethodKind = .flowMatching) throws -> SweepSpecification {
        try SweepSpecification(
            base: TrainingConfiguration(method: method, methodParameters: makeMethod(kind: method).parameters,
                                        dataset: "moons", steps: 10, seed: 5),
            sampling: SweepSampling(), axes: axes.map { SweepAxis(parameter: $0.0, values: try SweepValueList.parse($0.1, for: $0.0)) },
            seeds: seeds)
    }

    @Test func logRangeIsEvenInLogAndRoundsIntegers() throws {
        let values = try SweepValueList.parse("log:8:8192:11", for: .trainSize)
        #expect(values.values.map(\.description) == ["8", "16", "32", "64", "128", "256", "512", "1024", "2048", "4096", "8192"])
        #expect(values.spacing == .log && values.suggestsLogAxis)
        let lr = try SweepValueList.parse("log:1e-4:1e-2:3", for: .lr)
        #expect(abs(lr.values[1].number! - 1e-3) < 1e-15)
        let linear = try SweepValueList.parse("lin:0:1:5", for: .weightDecay)
        #expect(linear.values.compactMap(\.number) == [0, 0.25, 0.5, 0.75, 1])
        #expect(!linear.suggestsLogAxis)
    }

    @Test func badValuesAreNamed() {
        func message(_ text: String, _ p: SweepParameter) -> String {
            do { _ = try SweepValueList.parse(text, for: p); return "" } catch { return "\(error)" }
        }
        #expect(message("", .width).contains("has no values"))
        #expect(message("8,,16", .width).contains("empty value"))
        #expect(message("8,abc", .width).contains("'abc' is not a finite number"))
        #expect(message("log:0:10:3", .lr).contains("positive ends"))
        #expect(message("log:8:9:5", .trainSize).contains("appears twice after rounding"))
        #expect(message("0,64", .width).contains("out of range"))
        #expect(message("1.5", .depth).contains("whole number"))
        #expect(message("-1", .weightDecay).contains("out of range"))
        #expect(message("nosuch", .dataset).contains("not a built-in dataset"))
        #expect(message("diffusion,nosuch", .method).contains("one of diffusion, flow-matching, poisson"))
        #expect(message("lin:1:2", .steps).contains("expected lin:START:END:COUNT"))
    }

    @Test func expansionIsOrderedWithSeedsInnermostAndStableIds() throws {
        let s = try Self.specification([(.trainSize, "8,64"), (.width, "16,32")])
        let points = s.points
        #expect(points.count == 8)
        #expect(points.map(\.index) == Array(0..<8))
        #expect(points.map(\.seed) == [5, 6, 5, 6, 5, 6, 5, 6])
        #expect(points.map { $0.training.trainSize! } == [8, 8, 8, 8, 64, 64, 64, 64])
        #expect(points.map(\.training.network.width) == [16, 16, 32, 32, 16, 16, 32, 32])
        #expect(Set(points.map(\.id)).count == 8)
        // Same configuration, same id, whatever the plan around it.
        let other = try Self.specification([(.width, "32"), (.trainSize, "64,128")], seeds: 1)
        let shared = other.points.first { $0.training.trainSize == 64 && $0.seed == 5 }!
        #expect(shared.id == points[6].id)
        // The id is a hash of the canonical JSON: 16 hex digits, the same in every process.
        #expect(points[0].id.count == 16 && points[0].id.allSatisfy(\.isHexDigit))
        #expect(try Self.specification([(.trainSize, "8,64"), (.width, "16,32")]).points.map(\.id) == points.map(\.id))
    }

    @Test func methodAxisSetsEachMethodsConstants() throws {
        var s = try Self.specification([(.method, "diffusion,poisson")], seeds: 1)
        s.poissonExtraDimensions = 4
        let points = s.points
        #expect(points.map(\.training.method) == [.diffusion, .poisson])
        #expect(points[1].training.methodParameters["extra_dims"] == 4)
        #expect(points[0].training.methodParameters["extra_dims"] == nil)
        #expect(throws: SweepError.extraDimsNeedsPoisson) {
            try Self.specification([(.method, "diffusion,poisson"), (.extraDims, "1,4")])
        }
        #expect(throws: SweepError.repeatedParameter("width")) {
            try Self.specification([(.width, "8"), (.width, "16")])
        }
    }

    /// Method constants as axes: each point's configuration carries the
    /// value, and the method made from it (which trains and samples) uses it.
    @Test func methodConstantsAreAxes() throws {
        let s = try Self.specification([(.sigmaMax, "2,80"), (.rho, "1,7"), (.pMean, "-0.5")], seeds: 1, method: .poisson)
        let points = s.points
        #expect(points.count == 4)
        let edm = try #require(points[1].training.generativeMethod as? PoissonFlow).edm
        #expect(edm.sigmaMax == 2 && edm.rho == 7 && edm.meanLogSigma == -0.5 && edm.sigmaMin == PoissonFlow.samplerConstants["sigma_min"])
        #expect(points[1].columns.map(\.name) == ["sigma_max", "rho", "p_mean"])
        #expect(Set(points.map(\.id)).count == 4)
        let fm = try Self.specification([(.logitNormalScale, "0,1")], seeds: 1).points
        #expect((fm[1].training.generativeMethod as? FlowMatching)?.logitNormalScale == 1)
        #expect(throws: SweepError.constantNeedsMethod("logit-normal-scale", ["flow matching"])) {
            try Self.specification([(.method, "flow-matching,diffusion"), (.logitNormalScale, "1")])
        }
        #expect(throws: SweepError.sigmaRange("sigma-min 0.002 ≥ sigma-max 0.001")) {
            try Self.specification([(.sigmaMax, "0.001,1")], method: .diffusion)
        }
    }

    @Test func differencesNameTheChangedSettings() throws {
        let a = try Self.specification([(.trainSize, "8,64")])
        var b = try Self.specification([(.trainSize, "8,128")])
        b.base.steps = 20
        let differences = a.differences(from: b)
        #expect(differences.contains { $0.contains("--vary train-size: 8,64 here, 8,128 in the folder") })
        #expect(differences.contains { $0.hasPrefix("base.steps: 10 here, 20") })
        var c = a
        c.command = "fieldlab sweep something else"
        #expect(a.differences(from: c).isEmpty)
    }

    @Test func shardsPartitionThePlan() throws {
        let points = try Self.specification([(.trainSize, "8,16,32")], seeds: 3).points
        let shards = try (0..<4).map { try SweepShard(parsing: "\($0)/4") }
        let covered = shards.flatMap { shard in points.filter(shard.contains).map(\.index) }.sorted()
        #expect(covered == Array(0..<9))
        for bad in ["4/4", "-1/2", "1", "a/b", "0/0", "1/2/3"] {
            #expect(throws: SweepError.malformedShard(bad)) { try SweepShard(parsing: bad) }
        }
    }

    @Test func slurmShardReadsTheArrayTask() throws {
        let task = ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0"]
        #expect(try SweepShard(parsing: "slurm", environment: task) == SweepShard(index: 2, count: 4))
        #expect(try SweepShard(parsing: "1/3", environment: task) == SweepShard(index: 1, count: 3))
        let cases: [([String: String], String)] = [
            ([:], "SLURM_ARRAY_TASK_ID is not set"),
            (["SLURM_ARRAY_TASK_ID": "0"], "SLURM_ARRAY_TASK_COUNT is not set"),
            (["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"], "'x', not a whole number"),
            (["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"], "not below SLURM_ARRAY_TASK_COUNT 4"),
            (["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "0"], "not from 1 to 100000"),
        ]
        for (environment, message) in cases {
            do {
                _ = try SweepShard(parsing: "slurm", environment: environment)
                Issue.record("\(environment) was accepted")
            } catch let error as SweepError {
                #expect(error.description.hasPrefix("--shard slurm: ") && error.description.contains(message), "\(error)")
            }
        }
    }
}

/// `--set` words written for a configuration read back to the same configuration.
@Suite struct SweepSettingTests {
    @Test func setWordsRoundTrip() throws {
        var configuration = TrainingConfiguration(method: .diffusion, methodParameters: makeMethod(kind: .diffusion).parameters)
        configuration.methodParameters["sigma_max"] = 5
        configuration.methodParameters["rho"] = 5
        configuration.methodParameters["p_mean"] = -0.6
        configuration.methodParameters["loss_weighting"] = 1
        configuration.emaDecay = 0.99
        configuration.learningRateFloor = 1
        let words = SweepParameter.setWords(for: configuration, from: TrainingConfiguration(method: .diffusion))
        #expect(words.count == 12, "\(words)")
        var rebuilt = TrainingConfiguration(method: .diffusion, methodParameters: makeMethod(kind: .diffusion).parameters)
        for k in stride(from: 1, to: words.count, by: 2) {
            let (parameter, value) = try SweepParameter.parseSetting(words[k])
            try parameter.set(value, on: &rebuilt)
        }
        #expect(rebuilt == configuration)
        #expect(SweepParameter.setWords(for: rebuilt, from: TrainingConfiguration(method: .diffusion), except: [.rho, .emaDecay]).count == 8)
    }
}

import Foundation
import Testing
import FieldLabCore
import FieldLabData
@testable import FieldLabExperiments
import FieldLabMethods
import FieldLabNeural

/// A run stopped at a checkpoint and resumed from its saved state reaches the
/// run that never stopped, bit for bit (the log's seconds aside), for every
/// method; the state survives its file; a damaged state file is named.
@Suite struct ResumeTests {
    static func configuration(_ kind: MethodKind) -> TrainingConfiguration {
        TrainingConfiguration(method: kind, dataset: "moons", trainSize: 400, steps: 50, batchSize: 64,
                              network: NetworkConfiguration(width: 16, depth: 2), seed: 11)
    }

    static func withoutSeconds(_ log: [TrainingEvent]) -> [TrainingEvent] {
        log.map { var e = $0; e.seconds = 0; return e }
    }

    @Test(arguments: MethodKind.allCases)
    func aResumedRunEqualsTheRunThatNeverStopped(kind: MethodKind) throws {
        var config = Self.configuration(kind)
        config.fieldErrorEvery = 7  // pending field errors are part of the state too
        let set = try TrainingSet.load("moons", size: 400, seed: 11)
        let whole = try Trainer.train(config, on: set, reportEvery: 6)
        var states: [TrainingState] = []
        let checkpointed = try Trainer.train(config, on: set, reportEvery: 6, checkpointEvery: 9,
                                             checkpoint: { states.append($0) })
        // Saving changes nothing; states come after steps 9, 18, …, 45 (not the last step).
        #expect(checkpointed.network == whole.network && checkpointed.rawNetwork == whole.rawNetwork)
        #expect(states.map(\.step) == [9, 18, 27, 36, 45])
        for state in states {
            let resumed = try Trainer.train(config, on: set, reportEvery: 6, resume: state)
            #expect(resumed.network == whole.network, "resumed at \(state.step)")
            #expect(resumed.rawNetwork == whole.rawNetwork, "resumed at \(state.step)")
            #expect(Self.withoutSeconds(resumed.log) == Self.withoutSeconds(whole.log), "resumed at \(state.step)")
            #expect(resumed.log.map(\.seconds) == resumed.log.map(\.seconds).sorted(), "the clock continues")
        }
        // A state from mid-run differs from the end (the test could fail).
        #expect(states[0].parameters != whole.rawNetwork.parameters)
    }

    @Test func theStateSurvivesItsFile() throws {
        let config = Self.configuration(.poisson)
        let set = try TrainingSet.load("moons", size: 400, seed: 11)
        var states: [TrainingState] = []
        _ = try Trainer.train(config, on: set, reportEvery: 4, checkpointEvery: 22, checkpoint: { states.append($0) })
        let state = try #require(states.first)
        #expect(state.pendingCount == 2 && state.log.count == 5)
        let sampling = SamplingOptions(count: 300, solver: .heun, steps: 7, seed: 12)
        let saved = TrainingCheckpoint(configuration: config, sampling: sampling, checkpointEvery: 22,
                                       trainingSet: set, state: state)
        let path = NSTemporaryDirectory() + "fieldlab-state-\(getpid()).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try saved.write(to: path)
        let read = try TrainingCheckpoint(contentsOf: path)
        #expect(read == saved)
        #expect(read.state.random.state == state.random.state)
        // The checksum sees one changed coordinate of the training set.
        var other = set
        other.points[123].x = other.points[123].x.nextUp
        #expect(TrainingCheckpoint.checksum(other) != TrainingCheckpoint.checksum(set))
    }

    @Test func damagedStateFilesAreNamed() throws {
        let config = Self.configuration(.flowMatching)
        let set = try TrainingSet.load("moons", size: 400, seed: 11)
        var states: [TrainingState] = []
        _ = try Trainer.train(config, on: set, checkpointEvery: 20, checkpoint: { states.append($0) })
        let good = TrainingCheckpoint(configuration: config, sampling: SamplingOptions(count: 10, seed: 1),
                                      checkpointEvery: 20, trainingSet: set, state: states[0])
        let path = NSTemporaryDirectory() + "fieldlab-bad-state-\(getpid()).safetensors"
        defer { try? FileManager.default.removeItem(atPath: path) }

        func expectRead(_ file: SafeTensors, failsWith text: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            try file.write(to: path)
            do {
                _ = try TrainingCheckpoint(contentsOf: path)
                Issue.record("read a bad state (\(text))", sourceLocation: sourceLocation)
            } catch let error as CheckpointError {
                #expect("\(error)".contains(text), "got: \(error)", sourceLocation: sourceLocation)
                #expect(!"\(error)".contains("\n"), sourceLocation: sourceLocation)
            }
        }
        var file = good.safeTensors
        file.metadata["format"] = "fieldlab-checkpoint-1"
        try expectRead(file, failsWith: "not a FieldLab training state")
        file = good.safeTensors
        file.metadata["state"] = "{\"step\": 3}"
        try expectRead(file, failsWith: "its 'state' cannot be read")
        file = good.safeTensors
        file.metadata["state"] = file.metadata["state"]!.replacingOccurrences(of: "\"step\":20", with: "\"step\":50")
        try expectRead(file, failsWith: "its step counts are inconsistent")
        file = good.safeTensors
        file.tensors["adam.second_moment"] = .init([Float](repeating: 1, count: 10), shape: [10])
        try expectRead(file, failsWith: "'adam.second_moment' has shape [10]")
        file = good.safeTensors
        file.tensors.removeValue(forKey: "ema.average")
        try expectRead(file, failsWith: "ema.average")
        file = good.safeTensors
        var values = good.state.parameters
        values[3] = .nan
        file.tensors["parameters"] = .init(values, shape: [values.count])
        try expectRead(file, failsWith: "'parameters' holds NaN or infinite values")
        // And a non-finite state is never written.
        var bad = good
        bad.state.average = ExponentialMovingAverage(average: values, updates: 20, decay: config.emaDecay)
        #expect(throws: CheckpointError.nonFinite(path: path + ".new", name: "ema.average")) {
            try bad.write(to: path + ".new")
        }
        #expect(!FileManager.default.fileExists(atPath: path + ".new"))
    }
}

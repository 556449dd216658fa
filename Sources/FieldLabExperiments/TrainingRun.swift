import Foundation
import FieldLabCore
import FieldLabData
import FieldLabMethods
import FieldLabNeural
import FieldLabRender

/// One run = one folder: `model.safetensors`, `config.json`, `log.csv`
/// (step, loss, seconds), `training-set.csv` (the exact training points),
/// `samples.csv` (both in the data's own coordinates) and `samples.ppm`
/// (the samples' density).
public enum TrainingRun {
    public struct Output: Sendable {
        public var model: TrainedModel
        public var training: TrainingResult
        /// Samples in the data's own coordinates.
        public var samples: [Point]
        public var trainingSet: TrainingSet
        public var samplingSeconds: Double
        /// Network evaluations of the sampler.
        public var sampleEvaluations: Int
        /// Recorded sampling paths (`sampling.trajectoryCount` of them), in the data's own coordinates.
        public var paths: [[Point]]
        /// The rows of `observables.csv` (every `observeEvery` steps; empty when not observing).
        public var observations: [ObservationRow] = []
        /// One row measured on the final averaged network after training (with `observeFinal`).
        public var finalObservation: ObservationRow? = nil
        /// The observer (columns, units, costs), when observing.
        public var observer: Observer? = nil
    }

    /// Loads the data, trains, samples and writes the run folder.
    ///
    /// Inputs are checked before any work starts (data readable, folder
    /// writable), files are written only after training succeeded, each one
    /// atomically, and a run that fails (training diverged, a file could not
    /// be written) removes what it wrote: the folder if it created it,
    /// otherwise the files.
    ///
    /// - Throws: data and folder errors before training,
    ///   ``TrainingError/diverged(step:cause:)`` from training, file errors after.
    ///
    /// With `configuration.observeEvery` set, writes `observables.csv` (see
    /// ``Observer``); with `observeFinal`, also measures one row on the final
    /// network (`finalObservation`; the observer is prepared once for both).
    ///
    /// With `checkpointEvery = K` (not with observing), the run's whole state
    /// is saved to `folder/training-state.safetensors` every K steps (see
    /// ``TrainingCheckpoint``), atomically. From the first save on, an
    /// interrupted or killed run keeps its folder with that file, and
    /// ``resume(folder:report:)`` continues it; the file is removed when the
    /// run's files are all written. A run that diverges still leaves nothing
    /// (resuming it would diverge again); one that fails otherwise (a full
    /// disk) keeps its last state.
    public static func execute(_ configuration: TrainingConfiguration, sampling: SamplingOptions,
                               folder: String, observeFinal: Bool = false, checkpointEvery: Int? = nil,
                               report: (TrainingEvent) -> Void = { _ in }) throws -> Output {
        precondition(checkpointEvery == nil || (!observeFinal && configuration.observeEvery == nil),
                     "a resumable run cannot observe")
        let trainingSet = try configuration.loadTrainingSet()
        let created = try RunFolder.prepare(folder)
        guard let checkpointEvery else {
            do {
                let trained = try train(configuration, on: trainingSet, observeFinal: observeFinal, report: report)
                return try finish(trained, as: configuration, sampling: sampling, folder: folder, observeFinal: observeFinal)
            } catch {
                RunFolder.remove(created: created, files: [])
                throw error
            }
        }
        return try resumable(configuration, sampling: sampling, trainingSet: trainingSet, folder: folder,
                             created: created, from: nil, checkpointEvery: checkpointEvery, report: report)
    }

    /// Continues the run whose state `folder/training-state.safetensors`
    /// holds, with its own settings, to the files the uninterrupted run writes.
    ///
    /// - Throws: ``TrainingError/cannotResume(folder:reason:)`` when there is
    ///   no state or the training data changed since it was saved;
    ///   ``CheckpointError`` when the state file is damaged; then as `execute`.
    public static func resume(folder: String, report: (TrainingEvent) -> Void = { _ in }) throws -> Output {
        let path = folder + "/" + TrainingCheckpoint.fileName
        guard FileManager.default.fileExists(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: folder)
                ? "it holds no \(TrainingCheckpoint.fileName) (a run keeps one with --checkpoint-every, until it finishes)"
                : "no such folder"
            throw TrainingError.cannotResume(folder: folder, reason: reason)
        }
        let saved = try TrainingCheckpoint(contentsOf: path)
        let configuration = saved.configuration
        let trainingSet = try configuration.loadTrainingSet()
        guard TrainingCheckpoint.checksum(trainingSet) == saved.trainingSetChecksum else {
            throw TrainingError.cannotResume(
                folder: folder, reason: "its training data '\(configuration.dataset)' changed since the state was saved")
        }
        try RunFolder.prepare(folder)
        Interruption.keep(path)
        // A run killed outright (SIGKILL, a lost node) can leave the temporary file of a write.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(".") && name.contains(".tmp-") {
            try? FileManager.default.removeItem(atPath: folder + "/" + name)
        }
        return try resumable(configuration, sampling: saved.sampling, trainingSet: trainingSet, folder: folder,
                             created: nil, from: saved.state, checkpointEvery: saved.checkpointEvery, report: report)
    }

    /// Trains from `state` (nil: from the start), saving every `checkpointEvery` steps, then finishes.
    static func resumable(_ configuration: TrainingConfiguration, sampling: SamplingOptions, trainingSet: TrainingSet,
                          folder: String, created: String?, from state: TrainingState?, checkpointEvery: Int,
                          report: (TrainingEvent) -> Void) throws -> Output {
        let path = folder + "/" + TrainingCheckpoint.fileName
        var saved = state != nil
        let resumeMessage = "its last state is kept: `fieldlab train --resume \(folder)` continues"
        if saved { Interruption.setMessage(resumeMessage) }
        do {
            let training = try Trainer.train(
                configuration, on: trainingSet, resume: state, checkpointEvery: checkpointEvery,
                checkpoint: { state in
                    try TrainingCheckpoint(configuration: configuration, sampling: sampling,
                                           checkpointEvery: checkpointEvery, trainingSet: trainingSet,
                                           state: state).write(to: path)
                    if !saved {
                        Interruption.keep(path)
                        Interruption.setMessage(resumeMessage)
                        saved = true
                    }
                }, report: report)
            let trained = Trained(configuration: configuration, trainingSet: trainingSet, training: training)
            let output = try finish(trained, as: configuration, sampling: sampling, folder: folder,
                                    removedOnInterrupt: saved)
            try? FileManager.default.removeItem(atPath: path)
            return output
        } catch let error as TrainingError {
            try? FileManager.default.removeItem(atPath: path)
            RunFolder.remove(created: created, files: [])
            throw error
        } catch {
            if !saved { RunFolder.remove(created: created, files: []) }
            throw error
        }
    }

    /// A trained network with what it was trained on: the first half of a
    /// run, which ``finish(_:as:sampling:folder:observeFinal:)`` turns into a
    /// run folder, once or (for settings that only change sampling) many times.
    public struct Trained: Sendable {
        public var configuration: TrainingConfiguration
        public var trainingSet: TrainingSet
        public var training: TrainingResult
    }

    /// Loads the data and trains (no files written).
    public static func train(_ configuration: TrainingConfiguration, observeFinal: Bool = false,
                             report: (TrainingEvent) -> Void = { _ in }) throws -> Trained {
        let trainingSet = try configuration.loadTrainingSet()
        return try train(configuration, on: trainingSet, observeFinal: observeFinal, report: report)
    }

    static func train(_ configuration: TrainingConfiguration, on trainingSet: TrainingSet, observeFinal: Bool,
                      report: (TrainingEvent) -> Void) throws -> Trained {
        let observing = observeFinal || configuration.observeEvery != nil
        let observer = observing ? Observer(configuration: configuration, trainingSet: trainingSet,
                                              settings: configuration.observerSettings) : nil
        let training = try Trainer.train(configuration, on: trainingSet, observer: observer, report: report)
        return Trained(configuration: configuration, trainingSet: trainingSet, training: training)
    }

    /// Samples a trained network and writes the run folder, for `configuration`:
    /// the training's own, or one that differs from it only in settings the
    /// trainer does not read (``GenerativeMethod/samplingParameters``), whose
    /// method then samples and is observed.
    ///
    /// With `removedOnInterrupt`, each file is registered to be removed if the
    /// command is interrupted before all are written (a kept folder then holds
    /// no partial run).
    public static func finish(_ trained: Trained, as configuration: TrainingConfiguration, sampling: SamplingOptions,
                              folder: String, observeFinal: Bool = false, removedOnInterrupt: Bool = false) throws -> Output {
        precondition(configuration.trainingIdentity == trained.configuration.trainingIdentity,
                     "a run finished with settings its network was not trained with")
        let trainingSet = trained.trainingSet
        var training = trained.training
        let created = try RunFolder.prepare(folder)
        var written: [String] = []
        do {
            let model = TrainedModel(network: training.network, configuration: configuration,
                                     standardization: trainingSet.standardization, step: configuration.steps)
            let start = DispatchTime.now().uptimeNanoseconds
            let result = Sampler.sample(network: model.network, method: model.method, options: sampling)
            let samplingSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            var finalObservation: ObservationRow?
            if observeFinal {
                // The final row measures the run's own samples (`sampling`), with
                // this configuration's method when it is not the training's.
                var observer = configuration == trained.configuration ? training.observer
                    : Observer(configuration: configuration, trainingSet: trainingSet, settings: configuration.observerSettings)
                if observer != nil {
                    finalObservation = observer!.measureFinal(
                        network: training.network, rawParameters: training.rawNetwork.parameters,
                        step: configuration.steps, trainingSeconds: training.seconds - training.observeSeconds,
                        samples: result.points)
                    training.observer = observer
                }
            }
            let samples = trainingSet.standardization.invert(result.points)

            func file(_ name: String, _ write: (String) throws -> Void) throws {
                let path = folder + "/" + name
                written.append(path)
                if removedOnInterrupt { Interruption.creating(path) {} }
                try write(path)
            }
            defer { if removedOnInterrupt { written.forEach(Interruption.finished) } }
            try file("model.safetensors") { try model.write(to: $0) }
            try file("config.json") { try RunFolder.writeJSON(configuration, to: $0) }
            try file("log.csv") { try RunFolder.writeLog(training.log, to: $0) }
            try file("training-set.csv") {
                try PointFile.write(trainingSet.standardization.invert(trainingSet.points), to: $0)
            }
            try file("samples.csv") { try PointFile.write(samples, to: $0) }
            let viewport = Viewport.fitting(trainingSet.standardization.invert(trainingSet.points))
            let picture = Plot.density(samples, viewport: viewport, width: 512, height: 512)
            try file("samples.ppm") { try ImageFile.write(picture, to: $0) }
            if configuration.observeEvery != nil, let observer = training.observer {
                try file("observables.csv") { try AtomicFile.write(text: observer.csv(training.observations), to: $0) }
            }
            return Output(model: model, training: training, samples: samples, trainingSet: trainingSet,
                          samplingSeconds: samplingSeconds, sampleEvaluations: result.evaluations,
                          paths: result.paths.map { trainingSet.standardization.invert($0) },
                          observations: training.observations, finalObservation: finalObservation,
                          observer: training.observer)
        } catch {
            RunFolder.remove(created: created, files: written)
            throw error
        }
    }
}

/// Files of a run folder.
public enum RunFolder {
    public enum FolderError: Error, CustomStringConvertible, Equatable {
        case unwritable(path: String, reason: String)
        public var description: String {
            switch self {
            case let .unwritable(path, reason): "cannot write to folder '\(path)': \(reason)"
            }
        }
    }

    /// Creates `folder` (and parents) and checks that files can be created in it.
    ///
    /// - Returns: the outermost folder this call created (`folder` itself or
    ///   a missing parent), nil when `folder` already existed: what a failed
    ///   run passes to ``remove(created:files:)``.
    @discardableResult
    public static func prepare(_ folder: String) throws -> String? {
        // The missing folders, innermost first; each made with mkdir(2), so that
        // a failure keeps its cause (EROFS, ENOSPC, …).
        var missing: [String] = []
        var path = folder
        while !path.isEmpty, !FileManager.default.fileExists(atPath: path) {
            missing.append(path)
            let parent = (path as NSString).deletingLastPathComponent
            if parent == path { break }
            path = parent
        }
        let outermostMissing = missing.last
        for path in missing.reversed() {
            // The outermost new folder is removed if the command is interrupted
            // before it finishes (see `Interruption`; a sweep keeps its folder).
            let failure: Int32? = path == outermostMissing
                ? Interruption.creating(path) { mkdir(path, 0o777) != 0 && errno != EEXIST ? errno : nil }
                : (mkdir(path, 0o777) != 0 && errno != EEXIST ? errno : nil)
            if let failure {
                if let outermostMissing {
                    try? FileManager.default.removeItem(atPath: outermostMissing)
                    Interruption.finished(outermostMissing)
                }
                throw FolderError.unwritable(path: folder, reason: "cannot create it (\(String(cString: strerror(failure))))")
            }
        }
        guard access(folder, W_OK) == 0 else {
            let reason = errno == EACCES ? "permission denied" : String(cString: strerror(errno))
            if let outermostMissing {
                try? FileManager.default.removeItem(atPath: outermostMissing)
                Interruption.finished(outermostMissing)
            }
            throw FolderError.unwritable(path: folder, reason: reason)
        }
        return outermostMissing
    }

    /// Undoes a failed run: removes `created` (the folder `prepare` made) if
    /// there is one, otherwise each of `files`.
    public static func remove(created: String?, files: [String]) {
        if let created {
            try? FileManager.default.removeItem(atPath: created)
        } else {
            for file in files { try? FileManager.default.removeItem(atPath: file) }
        }
    }

    public static func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try AtomicFile.write(Array(try encoder.encode(value)) + [UInt8(ascii: "\n")], to: path)
    }

    /// `step,loss,seconds,learning_rate,gradient_norm,field_error` per
    /// reported step (the field error is empty where it was not measured).
    public static func writeLog(_ log: [TrainingEvent], to path: String) throws {
        var text = "step,loss,seconds,learning_rate,gradient_norm,field_error\n"
        for e in log {
            text += "\(e.step),\(e.loss),\(e.seconds),\(e.learningRate),\(e.gradientNorm),\(e.fieldError.map { "\($0)" } ?? "")\n"
        }
        try AtomicFile.write(text: text, to: path)
    }
}

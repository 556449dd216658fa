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
    public static func execute(_ configuration: TrainingConfiguration, sampling: SamplingOptions,
                               folder: String, observeFinal: Bool = false,
                               report: (TrainingEvent) -> Void = { _ in }) throws -> Output {
        let trainingSet = try TrainingSet.load(configuration.dataset, size: configuration.trainSize,
                                               seed: configuration.seed)
        let created = try RunFolder.prepare(folder)
        do {
            let trained = try train(configuration, on: trainingSet, observeFinal: observeFinal, report: report)
            return try finish(trained, as: configuration, sampling: sampling, folder: folder, observeFinal: observeFinal)
        } catch {
            RunFolder.remove(created: created, files: [])
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
        let trainingSet = try TrainingSet.load(configuration.dataset, size: configuration.trainSize,
                                               seed: configuration.seed)
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
    public static func finish(_ trained: Trained, as configuration: TrainingConfiguration, sampling: SamplingOptions,
                              folder: String, observeFinal: Bool = false) throws -> Output {
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
                try write(path)
            }
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

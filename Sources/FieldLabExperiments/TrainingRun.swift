import Foundation
import FieldLabCore
import FieldLabData
import FieldLabMethods
import FieldLabNeural
import FieldLabRender

/// One run = one folder: `model.safetensors`, `config.json`, `log.csv`
/// (step, loss, seconds), `samples.csv` (in the data's own coordinates) and
/// `samples.ppm` (their density).
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
    }

    /// Loads the data, trains, samples and writes the run folder.
    ///
    /// Inputs are checked before any work starts (data readable, folder
    /// writable), and every file is written atomically.
    public static func execute(_ configuration: TrainingConfiguration, sampling: SamplingOptions,
                               folder: String, report: (TrainingEvent) -> Void = { _ in }) throws -> Output {
        let trainingSet = try TrainingSet.load(configuration.dataset, size: configuration.trainSize,
                                               seed: configuration.seed)
        try RunFolder.prepare(folder)
        let training = Trainer.train(configuration, on: trainingSet, report: report)
        let model = TrainedModel(network: training.network, configuration: configuration,
                                 standardization: trainingSet.standardization, step: configuration.steps)
        let start = DispatchTime.now().uptimeNanoseconds
        let result = Sampler.sample(network: model.network, method: model.method, options: sampling)
        let samplingSeconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
        let samples = trainingSet.standardization.invert(result.points)

        try model.write(to: folder + "/model.safetensors")
        try RunFolder.writeJSON(configuration, to: folder + "/config.json")
        try RunFolder.writeLog(training.log, to: folder + "/log.csv")
        try PointFile.write(samples, to: folder + "/samples.csv")
        let viewport = Viewport.fitting(trainingSet.standardization.invert(trainingSet.points))
        let picture = Plot.density(samples, viewport: viewport, width: 512, height: 512)
        try ImageFile.write(picture, to: folder + "/samples.ppm")
        return Output(model: model, training: training, samples: samples, trainingSet: trainingSet,
                      samplingSeconds: samplingSeconds, sampleEvaluations: result.evaluations,
                      paths: result.paths.map { trainingSet.standardization.invert($0) })
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
    public static func prepare(_ folder: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw FolderError.unwritable(path: folder, reason: "cannot create it")
        }
        guard access(folder, W_OK) == 0 else {
            throw FolderError.unwritable(path: folder, reason: "permission denied")
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

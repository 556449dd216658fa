import Foundation
import FieldLabCore
import FieldLabData
import FieldLabMethods
import FieldLabNeural

/// A trained network with everything needed to sample from it: the method,
/// the map back to the data's own coordinates and the run's settings.
/// Stored as one safetensors checkpoint (see `NetworkCheckpoint`).
public struct TrainedModel: Sendable {
    public var network: MLP<Float>
    public var configuration: TrainingConfiguration
    public var standardization: Standardization
    /// Training steps taken.
    public var step: Int

    public init(network: MLP<Float>, configuration: TrainingConfiguration,
                standardization: Standardization, step: Int) {
        self.network = network
        self.configuration = configuration
        self.standardization = standardization
        self.step = step
    }

    public var method: any GenerativeMethod { configuration.generativeMethod }

    /// The checkpoint's metadata: method, all hyper-parameters, dataset, seed, step, standardisation.
    var metadata: [String: String] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        func json<T: Encodable>(_ value: T) -> String { String(decoding: try! encoder.encode(value), as: UTF8.self) }
        return [
            "method": configuration.method.rawValue,
            "method_parameters": json(configuration.generativeMethod.parameters),
            "config": json(configuration),
            "dataset": configuration.dataset,
            "seed": String(configuration.seed),
            "step": String(step),
            "standardization": json(standardization),
        ]
    }

    /// Writes the checkpoint atomically.
    public func write(to path: String) throws {
        try NetworkCheckpoint(network: network, metadata: metadata).write(to: path)
    }

    /// Reads a checkpoint written by `write(to:)`.
    public init(contentsOf path: String) throws {
        let checkpoint = try NetworkCheckpoint<Float>(contentsOf: path)
        let decoder = JSONDecoder()
        if let method = checkpoint.metadata["method"], MethodKind(rawValue: method) == nil {
            throw CheckpointError.incompatible(
                path: path, reason: "unknown method '\(method.prefix(64))' (known: \(MethodKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let configJSON = checkpoint.metadata["config"],
              let configuration = try? decoder.decode(TrainingConfiguration.self, from: Data(configJSON.utf8)) else {
            throw CheckpointError.malformed(path: path, reason: "no training configuration in its metadata")
        }
        guard configuration.network == checkpoint.network.configuration else {
            throw CheckpointError.malformed(path: path, reason: "network shape disagrees with the saved configuration")
        }
        let standardization = checkpoint.metadata["standardization"].flatMap {
            try? decoder.decode(Standardization.self, from: Data($0.utf8))
        }
        guard let standardization, standardization.scale > 0, standardization.scale.isFinite else {
            throw CheckpointError.malformed(path: path, reason: "no valid standardisation in its metadata")
        }
        self.init(network: checkpoint.network, configuration: configuration, standardization: standardization,
                  step: Int(checkpoint.metadata["step"] ?? "") ?? 0)
    }
}

import Foundation
import FieldLabCore

/// A network saved as safetensors: tensors `layers.<l>.weight` (shape
/// `[input, output]`, used as `x · W`), `layers.<l>.bias` and
/// `embedding.frequencies` (the angular frequencies ω_k of the scale
/// embedding), the network's configuration as JSON under the metadata key
/// `network`, and any other metadata the caller adds (method,
/// hyper-parameters, dataset, seed, step). `docs/checkpoint.md` describes the
/// whole format, enough to sample from a checkpoint without FieldLab.
public struct NetworkCheckpoint<Scalar: NetworkScalar>: Sendable, Equatable {
    public var network: MLP<Scalar>
    public var metadata: [String: String]

    public init(network: MLP<Scalar>, metadata: [String: String] = [:]) {
        self.network = network
        self.metadata = metadata
    }

    /// The safetensors representation.
    public var safeTensors: SafeTensors {
        var tensors: [String: SafeTensors.Tensor] = [:]
        for (l, layer) in network.layout.enumerated() {
            let w = Array(network.parameters[layer.weightOffset ..< layer.weightOffset + layer.weightCount])
            let b = Array(network.parameters[layer.biasOffset ..< layer.biasOffset + layer.output])
            tensors["layers.\(l).weight"] = SafeTensors.Tensor(w, shape: [layer.input, layer.output])
            tensors["layers.\(l).bias"] = SafeTensors.Tensor(b, shape: [layer.output])
        }
        // The embedding's angular frequencies as the network multiplies them (derived from
        // the configuration; saved so that a reader needs no FieldLab random stream).
        if !network.frequencies.isEmpty {
            tensors[Self.frequenciesName] = SafeTensors.Tensor(network.frequencies, shape: [network.frequencies.count])
        }
        var meta = metadata
        meta["format"] = Self.format
        meta["network_kind"] = Self.networkKind
        // Sorted keys: the same network gives the same bytes (JSONEncoder's key order is not stable).
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        meta["network"] = String(decoding: try! encoder.encode(network.configuration), as: UTF8.self)
        return SafeTensors(metadata: meta, tensors: tensors)
    }

    /// Writes the checkpoint atomically.
    ///
    /// - Throws: ``CheckpointError/nonFinite(path:name:)`` (and writes
    ///   nothing) when a parameter is NaN or infinite: a diverged network is
    ///   never saved, whatever its caller checked.
    public func write(to path: String) throws {
        for (l, layer) in network.layout.enumerated() {
            for (name, range) in [("layers.\(l).weight", layer.weightOffset ..< layer.weightOffset + layer.weightCount),
                                  ("layers.\(l).bias", layer.biasOffset ..< layer.biasOffset + layer.output)]
                where network.parameters[range].contains(where: { !$0.isFinite }) {
                throw CheckpointError.nonFinite(path: path, name: name)
            }
        }
        try safeTensors.write(to: path)
    }

    /// Reads a checkpoint written by `write(to:)`.
    public init(contentsOf path: String) throws {
        try self.init(safeTensors: SafeTensors(contentsOf: path), path: path)
    }

    /// The tensor of the embedding's angular frequencies ω_k (F32 `[k]`).
    public static var frequenciesName: String { "embedding.frequencies" }

    /// The format this FieldLab writes and reads (`format` in the metadata).
    public static var format: String { "fieldlab-checkpoint-\(formatVersion)" }
    public static var formatVersion: Int { 1 }
    /// The network kinds this FieldLab runs (`network_kind`; absent means an MLP).
    public static var networkKind: String { "mlp" }

    public init(safeTensors file: SafeTensors, path: String) throws {
        if let format = file.metadata["format"], format != Self.format {
            let prefix = "fieldlab-checkpoint-"
            if format.hasPrefix(prefix), let version = Int(format.dropFirst(prefix.count)), version > Self.formatVersion {
                throw CheckpointError.incompatible(
                    path: path, reason: "format version \(version) is newer than this FieldLab reads (\(Self.formatVersion)): update FieldLab")
            }
            throw CheckpointError.malformed(path: path, reason: "unknown format '\(format.prefix(64))'")
        }
        if let kind = file.metadata["network_kind"], kind != Self.networkKind {
            throw CheckpointError.incompatible(path: path, reason: "unknown network kind '\(kind.prefix(64))' (this FieldLab runs: \(Self.networkKind))")
        }
        guard let json = file.metadata["network"] else {
            throw CheckpointError.malformed(path: path, reason: "no network configuration in its metadata")
        }
        let configuration: NetworkConfiguration
        do {
            configuration = try JSONDecoder().decode(NetworkConfiguration.self, from: Data(json.utf8))
        } catch {
            throw CheckpointError.malformed(path: path, reason: "its network configuration cannot be read (\(Self.summary(of: error)))")
        }
        guard configuration.width > 0, configuration.depth > 0, configuration.depth <= 64,
              configuration.width <= 1 << 14, configuration.pointDimension > 0, configuration.pointDimension <= 64,
              (0...4096).contains(configuration.embedding.featureCount) else {
            throw CheckpointError.malformed(path: path, reason: "implausible network configuration")
        }
        var network = MLP<Scalar>(configuration: configuration, parameters: [])
        for (l, layer) in network.layout.enumerated() {
            for (name, offset, shape) in [("layers.\(l).weight", layer.weightOffset, [layer.input, layer.output]),
                                          ("layers.\(l).bias", layer.biasOffset, [layer.output])] {
                guard let tensor = file.tensors[name] else { throw CheckpointError.missingTensor(path: path, name: name) }
                guard tensor.shape == shape else {
                    throw CheckpointError.incompatible(path: path, reason: "'\(name)' has shape \(tensor.shape), expected \(shape)")
                }
                guard let values = tensor.values(as: Scalar.self) else {
                    throw CheckpointError.incompatible(path: path, reason: "'\(name)' is \(tensor.dtype), expected \(Scalar.safetensorsDType)")
                }
                guard values.allSatisfy({ $0.isFinite }) else {
                    throw CheckpointError.malformed(path: path, reason: "'\(name)' holds NaN or infinite values")
                }
                network.parameters.replaceSubrange(offset ..< offset + values.count, with: values)
            }
        }
        if let saved = file.tensors[Self.frequenciesName] {
            guard saved.shape == [network.frequencies.count], let values = saved.values(as: Scalar.self),
                  values == network.frequencies else {
                throw CheckpointError.malformed(
                    path: path, reason: "'\(Self.frequenciesName)' disagrees with the network configuration's embedding")
            }
        }
        var metadata = file.metadata
        metadata["format"] = nil
        metadata["network"] = nil
        metadata["network_kind"] = nil
        self.init(network: network, metadata: metadata)
    }
}

extension NetworkCheckpoint {
    /// A decoding error in a few words: where, and what.
    public static func summary(of error: Error) -> String {
        func path(_ keys: [CodingKey]) -> String {
            keys.isEmpty ? "top level" : keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case let DecodingError.keyNotFound(key, context): return "no '\(key.stringValue)' at \(path(context.codingPath))"
        case let DecodingError.typeMismatch(_, context): return "unknown or wrong-typed value at \(path(context.codingPath))"
        case let DecodingError.valueNotFound(_, context): return "missing value at \(path(context.codingPath))"
        case let DecodingError.dataCorrupted(context):
            return context.codingPath.isEmpty ? "not JSON" : "\(path(context.codingPath)): \(context.debugDescription.prefix(80))"
        default: return "not JSON"
        }
    }
}

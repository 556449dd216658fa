import Foundation
import FieldLabCore

/// The safetensors file format (Hugging Face): an 8-byte little-endian header
/// length, a JSON header naming each tensor's dtype, shape and byte range (and
/// a `__metadata__` map of strings), then the raw little-endian tensor bytes.
/// Python reads these files with `safetensors.numpy.load_file`.
public struct SafeTensors: Sendable, Equatable {
    public struct Tensor: Sendable, Equatable {
        public var dtype: String
        public var shape: [Int]
        public var bytes: [UInt8]

        public init<Scalar: NetworkScalar>(_ values: [Scalar], shape: [Int]) {
            precondition(shape.reduce(1, *) == values.count, "Tensor shape does not match its values")
            self.dtype = Scalar.safetensorsDType
            self.shape = shape
            self.bytes = values.withUnsafeBytes { Array($0) }  // little-endian on every platform we build for
        }

        /// The values, if the tensor's dtype is `Scalar`'s.
        public func values<Scalar: NetworkScalar>(as: Scalar.Type) -> [Scalar]? {
            guard dtype == Scalar.safetensorsDType,
                  bytes.count == shape.reduce(1, *) * MemoryLayout<Scalar>.size else { return nil }
            return bytes.withUnsafeBytes { raw in
                (0..<(bytes.count / MemoryLayout<Scalar>.size)).map {
                    raw.loadUnaligned(fromByteOffset: $0 * MemoryLayout<Scalar>.size, as: Scalar.self)
                }
            }
        }
    }

    public var metadata: [String: String]
    public var tensors: [String: Tensor]

    public init(metadata: [String: String] = [:], tensors: [String: Tensor] = [:]) {
        self.metadata = metadata
        self.tensors = tensors
    }

    /// The file's bytes. Tensors are laid out in name order; the header is
    /// padded with spaces to a multiple of 8 bytes, as the reference writer does.
    public func serialized() -> [UInt8] {
        var header: [String: Any] = [:]
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var offset = 0
        let names = tensors.keys.sorted()
        for name in names {
            let t = tensors[name]!
            header[name] = ["dtype": t.dtype, "shape": t.shape, "data_offsets": [offset, offset + t.bytes.count]] as [String: Any]
            offset += t.bytes.count
        }
        var json = Array(try! JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]))
        while json.count % 8 != 0 { json.append(UInt8(ascii: " ")) }
        var out = [UInt8](); out.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: json)
        for name in names { out.append(contentsOf: tensors[name]!.bytes) }
        return out
    }

    /// Parses a file's bytes; `path` only names the file in errors.
    public init(bytes: [UInt8], path: String) throws {
        guard bytes.count >= 8 else { throw CheckpointError.truncated(path: path) }
        let headerLength = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard headerLength <= UInt64(bytes.count - 8) else { throw CheckpointError.truncated(path: path) }
        let headerEnd = 8 + Int(headerLength)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])),
              let header = object as? [String: Any] else {
            throw CheckpointError.malformed(path: path, reason: "header is not a JSON object")
        }
        var metadata: [String: String] = [:]
        var tensors: [String: Tensor] = [:]
        let dataCount = bytes.count - headerEnd
        for (name, value) in header {
            if name == "__metadata__" {
                guard let map = value as? [String: String] else {
                    throw CheckpointError.malformed(path: path, reason: "__metadata__ must map strings to strings")
                }
                metadata = map
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int],
                  offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1], shape.allSatisfy({ $0 >= 0 }) else {
                throw CheckpointError.malformed(path: path, reason: "tensor '\(name)' has a bad header entry")
            }
            guard offsets[1] <= dataCount else { throw CheckpointError.truncated(path: path) }
            let size = dtype == "F64" ? 8 : dtype == "F32" ? 4 : dtype == "F16" || dtype == "BF16" ? 2 : 1
            guard shape.reduce(1, *) * size == offsets[1] - offsets[0] else {
                throw CheckpointError.malformed(path: path, reason: "tensor '\(name)' size does not match its shape")
            }
            var t = Tensor([Float](), shape: [0])
            t.dtype = dtype
            t.shape = shape
            t.bytes = Array(bytes[(headerEnd + offsets[0])..<(headerEnd + offsets[1])])
            tensors[name] = t
        }
        self.init(metadata: metadata, tensors: tensors)
    }

    /// Reads a safetensors file.
    public init(contentsOf path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CheckpointError.fileNotFound(path: path)
        }
        try self.init(bytes: Array(data), path: path)
    }

    /// Writes the file atomically.
    public func write(to path: String) throws {
        try AtomicFile.write(serialized(), to: path)
    }
}

/// What can be wrong with a checkpoint file.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    case fileNotFound(path: String)
    case truncated(path: String)
    case malformed(path: String, reason: String)
    case missingTensor(path: String, name: String)
    case incompatible(path: String, reason: String)
    /// Refused on writing: a tensor holds NaN or infinite values.
    case nonFinite(path: String, name: String)

    public var description: String {
        switch self {
        case let .fileNotFound(path): "checkpoint '\(path)' not found"
        case let .truncated(path): "checkpoint '\(path)' is truncated"
        case let .malformed(path, reason): "checkpoint '\(path)' is malformed: \(reason)"
        case let .missingTensor(path, name): "checkpoint '\(path)' has no tensor '\(name)'"
        case let .incompatible(path, reason): "checkpoint '\(path)' does not fit: \(reason)"
        case let .nonFinite(path, name): "checkpoint '\(path)' not written: '\(name)' holds NaN or infinite values"
        }
    }
}

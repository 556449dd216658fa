import Foundation
import Testing
import FieldLabCore
@testable import FieldLabNeural

@Suite struct CheckpointTests {
    func temporaryPath(_ name: String) -> String {
        let folder = NSTemporaryDirectory() + "fieldlab-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder + "/" + name
    }

    @Test func roundTripIsBitExact() throws {
        let net = MLP<Float>(configuration: NetworkConfiguration(width: 16, depth: 2,
                                                                 embedding: .fourier(frequencyCount: 4, scale: 3, seed: 7)),
                             seed: 11)
        let path = temporaryPath("round-trip.safetensors")
        try NetworkCheckpoint(network: net, metadata: ["method": "edm", "step": "42"]).write(to: path)
        let loaded = try NetworkCheckpoint<Float>(contentsOf: path)
        #expect(loaded.network.parameters.map(\.bitPattern) == net.parameters.map(\.bitPattern))
        #expect(loaded.network.configuration == net.configuration)
        #expect(loaded.metadata == ["method": "edm", "step": "42"])
        let x = Matrix<Float>(rows: 3, columns: 2, storage: [0.1, -0.2, 1, 2, -3, 0.5])
        let c: [Float] = [0.1, -0.5, 0.9]
        #expect(loaded.network(x, conditioning: c).storage.map(\.bitPattern) == net(x, conditioning: c).storage.map(\.bitPattern))
    }

    @Test func headerFollowsTheSafetensorsLayout() throws {
        let net = MLP<Float>(configuration: NetworkConfiguration(width: 4, depth: 1), seed: 1)
        let bytes = NetworkCheckpoint(network: net).safeTensors.serialized()
        let n = bytes[0..<8].enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(n % 8 == 0)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
        let w0 = try #require(header["layers.0.weight"] as? [String: Any])
        #expect(w0["dtype"] as? String == "F32")
        #expect(w0["shape"] as? [Int] == [18, 4])
        // The embedding's angular frequencies, as the network multiplies them: ω_k = 64^(k/7).
        let omega = try #require(header["embedding.frequencies"] as? [String: Any])
        #expect(omega["shape"] as? [Int] == [8])
        let saved = try #require(NetworkCheckpoint(network: net).safeTensors.tensors["embedding.frequencies"]?.values(as: Float.self))
        #expect(saved.enumerated().allSatisfy { abs(Double($1) - pow(64, Double($0) / 7)) <= 1e-6 * Double($1) })
        // The data section holds exactly the parameters and the 8 frequencies (4 bytes each).
        #expect(bytes.count - 8 - n == (net.parameters.count + 8) * 4)
    }

    @Test func frequenciesThatDisagreeWithTheConfigurationAreRefused() throws {
        let net = MLP<Float>(configuration: NetworkConfiguration(width: 4, depth: 1), seed: 1)
        var file = NetworkCheckpoint(network: net).safeTensors
        var omega = try #require(file.tensors["embedding.frequencies"]?.values(as: Float.self))
        omega[2] *= 1.01
        file.tensors["embedding.frequencies"] = .init(omega, shape: [8])
        #expect(throws: CheckpointError.malformed(
            path: "x", reason: "'embedding.frequencies' disagrees with the network configuration's embedding")) {
            try NetworkCheckpoint<Float>(safeTensors: file, path: "x")
        }
    }

    @Test func truncatedOrCorruptFilesAreRejectedWithAOneLineError() throws {
        let net = MLP<Float>(configuration: NetworkConfiguration(width: 8, depth: 2), seed: 3)
        let bytes = NetworkCheckpoint(network: net).safeTensors.serialized()
        let cases: [([UInt8], CheckpointError)] = [
            (Array(bytes[0..<5]), .truncated(path: "x")),
            (Array(bytes[0..<(bytes.count - 10)]), .truncated(path: "x")),
            (Array(bytes[0..<8]) + Array(repeating: UInt8(ascii: "{"), count: bytes.count - 8),
             .malformed(path: "x", reason: "header is not a JSON object")),
        ]
        for (data, expected) in cases {
            #expect(throws: expected) { try NetworkCheckpoint<Float>(safeTensors: SafeTensors(bytes: data, path: "x"), path: "x") }
            #expect(!expected.description.contains("\n"))
        }
        #expect(throws: CheckpointError.fileNotFound(path: "/nonexistent/model.safetensors")) {
            try NetworkCheckpoint<Float>(contentsOf: "/nonexistent/model.safetensors")
        }
    }
}

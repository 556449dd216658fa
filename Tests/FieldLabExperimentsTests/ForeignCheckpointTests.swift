import Foundation
import Testing
import FieldLabCLI
import FieldLabCore
import FieldLabNeural

/// A checkpoint from elsewhere (another version, another tool, a hand edit):
/// each way it can be wrong gets a one-line error that names the problem, a
/// non-zero exit and no output file.
@Suite struct ForeignCheckpointTests {
    static let folder: String = {
        let f = NSTemporaryDirectory() + "fieldlab-foreign-\(getpid())"
        try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }()

    @Test func eachWrongCheckpointIsNamedInOneLine() throws {
        let run = Self.folder + "/tiny"
        #expect(FieldLabCommand.run(["train", "--flow-matching", "--dataset", "moons", "--steps", "2", "--width", "4",
                                     "--depth", "1", "--batch-size", "8", "--train-size", "16", "--samples", "10",
                                     "--out", run]) == 0)
        let good = try SafeTensors(contentsOf: run + "/model.safetensors")
        #expect(good.metadata["format"] == "fieldlab-checkpoint-1" && good.metadata["network_kind"] == "mlp")
        #expect(FieldLabCommand.run(["sample", "--checkpoint", run + "/model.safetensors", "--count", "5",
                                     "--out", Self.folder + "/good.csv"]) == 0)

        func edited(_ change: (inout SafeTensors) -> Void) -> SafeTensors { var f = good; change(&f); return f }
        let nan = SafeTensors.Tensor([Float](repeating: .nan, count: good.tensors["layers.0.bias"]!.shape[0]),
                                     shape: good.tensors["layers.0.bias"]!.shape)
        let cases: [(String, SafeTensors, String)] = [
            ("future", edited { $0.metadata["format"] = "fieldlab-checkpoint-2" },
             "format version 2 is newer than this FieldLab reads (1)"),
            ("other-format", edited { $0.metadata["format"] = "pytorch" }, "unknown format 'pytorch'"),
            ("kan", edited { $0.metadata["network_kind"] = "kan" }, "unknown network kind 'kan'"),
            ("method", edited { $0.metadata["method"] = "gan" }, "unknown method 'gan'"),
            ("shape", edited { $0.tensors["layers.0.weight"] = SafeTensors.Tensor([Float](repeating: 0.5, count: 12), shape: [3, 4]) },
             "'layers.0.weight' has shape [3, 4], expected [18, 4]"),
            ("size", edited { $0.tensors["layers.0.weight"]!.shape = [3, 4] }, "'layers.0.weight' size does not match its shape"),
            ("missing", edited { $0.tensors["layers.1.bias"] = nil }, "has no tensor 'layers.1.bias'"),
            ("nan", edited { $0.tensors["layers.0.bias"] = nan }, "'layers.0.bias' holds NaN or infinite values"),
            ("embedding", edited {
                $0.metadata["network"] = #"{"depth":1,"embedding":{"wavelet":{}},"pointDimension":2,"width":4}"#
            }, "its network configuration cannot be read (unknown or wrong-typed value at embedding)"),
            ("no-network", edited { $0.metadata["network"] = nil }, "no network configuration"),
            ("huge", edited {
                $0.metadata["network"] = #"{"depth":1,"embedding":{"sinusoidal":{"frequencyCount":100000000,"minFrequency":1,"maxFrequency":64}},"pointDimension":2,"width":4}"#
            }, "implausible network configuration"),
            ("config", edited { $0.metadata["config"] = "{" }, "no training configuration"),
            ("frequencies", edited {
                $0.tensors["embedding.frequencies"] = SafeTensors.Tensor([Float](repeating: 1, count: 8), shape: [8])
            }, "'embedding.frequencies' disagrees with the network configuration's embedding"),
        ]
        for (name, file, message) in cases {
            let path = Self.folder + "/\(name).safetensors"
            try file.write(to: path)
            let out = Self.folder + "/\(name).csv"
            expectOneLineError(["sample", "--checkpoint", path, "--count", "5", "--out", out], containing: message)
            #expect(!FileManager.default.fileExists(atPath: out), "\(name) wrote \(out)")
        }
    }
}

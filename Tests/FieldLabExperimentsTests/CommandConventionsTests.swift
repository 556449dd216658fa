import Foundation
import Testing
import FieldLabCLI
import FieldLabExperiments

/// What a command-line user expects of any tool, checked on the real
/// binary: `--version`, shell completion scripts, `--quiet` (nothing but
/// errors) and `--json` (one parseable object), `--coupling`, and the
/// animations' files.
@Suite struct CommandConventionsTests {
    static let binary = InterruptTests.binary

    /// (status, standard output, standard error) of `fieldlab arguments`.
    static func run(_ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outReader = PipeReader(out.fileHandleForReading), errReader = PipeReader(err.fileHandleForReading)
        process.waitUntilExit()
        return (process.terminationStatus, outReader.wait(), errReader.wait())
    }

    @Test func versionAndCompletionScripts() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no fieldlab binary at \(Self.binary)")
        let (status, out, _) = try Self.run(["--version"])
        #expect(status == 0 && out.trimmingCharacters(in: .whitespacesAndNewlines) == FieldLabCommand.version)
        for shell in ["bash", "zsh", "fish"] {
            let (status, script, _) = try Self.run(["--generate-completion-script", shell])
            #expect(status == 0)
            for word in ["train", "compare", "sweep", "checkpoint-every", "coupling"] {
                #expect(script.contains(word), "\(shell) completion lacks \(word)")
            }
        }
    }

    /// docs/man/fieldlab.1 (made by Scripts/man.sh from the same help text)
    /// is not stale: every command's abstract and every long option in the
    /// binary's help are in it.
    @Test func theManualPageCoversEveryCommandAndOption() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no fieldlab binary at \(Self.binary)")
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
        let page = try String(contentsOfFile: root + "/docs/man/fieldlab.1", encoding: .utf8)
        let (status, help, _) = try Self.run(["--experimental-dump-help"])
        try #require(status == 0)
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(help.utf8)) as? [String: Any])
        var missing: [String] = []
        func visit(_ command: [String: Any], path: String) {
            let name = path.isEmpty ? "fieldlab" : path
            // (The page drops characters groff cannot set, such as "…".)
            if let abstract = (command["abstract"] as? String).map({ String($0.unicodeScalars.filter(\.isASCII).map(Character.init)) }),
               !page.contains(abstract) { missing.append("\(name): its abstract") }
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                for n in argument["names"] as? [[String: Any]] ?? [] where n["kind"] as? String == "long" {
                    let option = n["name"] as? String ?? ""
                    if !page.contains("Fl -\(option)") { missing.append("\(name) --\(option)") }
                }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                visit(sub, path: path + " " + (sub["commandName"] as? String ?? "?"))
            }
        }
        visit(try #require(tool["command"] as? [String: Any]), path: "")
        #expect(missing.isEmpty, "docs/man/fieldlab.1 is stale (run bash Scripts/man.sh): \(missing.prefix(8))")
    }

    @Test func quietAndJSON() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no fieldlab binary at \(Self.binary)")
        try withTemporaryFolder("conventions-json") { folder in
            let train = ["train", "--flow-matching", "--coupling", "ot", "--dataset", "moons", "--steps", "60",
                         "--width", "16", "--samples", "100"]
            let (quietStatus, quietOut, quietErr) = try Self.run(train + ["--quiet", "--out", folder + "/quiet"])
            #expect(quietStatus == 0 && quietOut.isEmpty && quietErr.isEmpty, "quiet printed: \(quietOut) \(quietErr)")
            let (status, out, err) = try Self.run(train + ["--json", "--out", folder + "/run"])
            #expect(status == 0 && err.isEmpty)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            #expect(object["steps"] as? Int == 60 && object["samples"] as? Int == 100 && object["method"] as? String == "flow-matching")
            #expect(out.split(separator: "\n").count == 1)
            // The coupling is in the checkpoint.
            let model = try TrainedModel(contentsOf: folder + "/run/model.safetensors")
            #expect(model.configuration.methodParameters["minibatch_ot"] == 1)
            #expect(model.configuration.methodTitle == "OT flow matching")

            let (sampleStatus, sampleOut, _) = try Self.run(["sample", "--checkpoint", folder + "/run/model.safetensors",
                                                             "--count", "7", "--json", "--out", folder + "/s.csv"])
            #expect(sampleStatus == 0)
            let sample = try #require(try JSONSerialization.jsonObject(with: Data(sampleOut.utf8)) as? [String: Any])
            #expect(sample["count"] as? Int == 7 && sample["evaluations"] as? Int == 10)

            let (compareStatus, compareOut, compareErr) = try Self.run(
                ["compare", "--dataset", "moons", "--methods", "flow-matching", "--steps", "30", "--batch-size", "64",
                 "--train-size", "300", "--samples", "100", "--json", "--out", folder + "/compare"])
            #expect(compareStatus == 0 && compareErr.isEmpty, "\(compareErr)")
            let compare = try #require(try JSONSerialization.jsonObject(with: Data(compareOut.utf8)) as? [String: Any])
            let methods = try #require(compare["methods"] as? [[String: Any]])
            let metrics = try #require(methods.first?["metrics"] as? [[String: Any]])
            #expect(metrics.contains { $0["metric"] as? String == "sliced-w2" && ($0["ratio"] as? Double ?? 0) > 0 })

            // The other result-printing commands: one JSON object, or silence.
            let (errorStatus, errorOut, _) = try Self.run(["field-error", "--checkpoint", folder + "/run/model.safetensors",
                                                           "--count", "200", "--steps", "4", "--json"])
            #expect(errorStatus == 0)
            let fieldError = try #require(try JSONSerialization.jsonObject(with: Data(errorOut.utf8)) as? [String: Any])
            #expect((fieldError["times"] as? [Double])?.count == (fieldError["relativeError"] as? [Double])?.count)
            let (dataStatus, dataOut, _) = try Self.run(["data", "moons", "--count", "5", "--json", "--out", folder + "/m.csv"])
            #expect(dataStatus == 0 && dataOut == "{\"count\":5,\"out\":\"\(folder)/m.csv\",\"unit\":\"points\"}\n")
            for arguments in [["render", folder + "/run", "--out", folder + "/r.png"],
                              ["field", "--flow-matching", "--dataset", "moons", "--train-size", "300", "--scale", "0.5",
                               "--size", "64", "--resolution", "16", "--out", folder + "/f.png"]] {
                let (status, out, err) = try Self.run(arguments + ["--quiet"])
                #expect(status == 0 && out.isEmpty && err.isEmpty, "\(arguments[0]) --quiet printed \(out) \(err)")
            }

            expectOneLineError(["train", "--poisson", "--coupling", "ot", "--dataset", "moons", "--out", folder + "/bad"],
                               containing: "--coupling goes with --flow-matching")
            expectOneLineError(["sample", "--checkpoint", folder + "/run/model.safetensors", "--quiet", "--json",
                                "--out", folder + "/t.csv"], containing: "--quiet and --json do not go together")
            #expect(!FileManager.default.fileExists(atPath: folder + "/bad"))
        }
    }

    @Test func animationsAreAnimatedPNGs() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no fieldlab binary at \(Self.binary)")
        try withTemporaryFolder("conventions-animate") { folder in
            func frames(_ path: String) throws -> Int {
                let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
                let chunks = try AnimatedPNGChunks.types(bytes)
                #expect(chunks.first == "IHDR" && chunks.last == "IEND")
                return chunks.filter { $0 == "fcTL" }.count
            }
            let (trained, _, err) = try Self.run(["train", "--diffusion", "--dataset", "8gaussians", "--steps", "40",
                                                  "--width", "16", "--samples", "50", "--out", folder + "/run"])
            try #require(trained == 0, "\(err)")
            let (status, _, renderErr) = try Self.run(["render", folder + "/run", "--animate", "--frames", "9", "--points", "500",
                                                       "--size", "128", "--out", folder + "/flow.png"])
            #expect(status == 0, "\(renderErr)")
            #expect(try frames(folder + "/flow.png") == 9)
            let (fieldStatus, _, fieldErr) = try Self.run(["field", "--poisson", "--dataset", "moons", "--train-size", "500",
                                                           "--scale", "1,0.5,0.2", "--animate", "--size", "96",
                                                           "--resolution", "16", "--out", folder + "/field.png"])
            #expect(fieldStatus == 0, "\(fieldErr)")
            #expect(try frames(folder + "/field.png") == 3)
            expectOneLineError(["render", folder + "/run", "--animate", "--out", folder + "/a.ppm"], containing: "must end in .png")
            expectOneLineError(["render", folder + "/run/samples.csv", "--animate", "--out", folder + "/a.png"],
                               containing: "--animate needs a run folder")
            #expect(!FileManager.default.fileExists(atPath: folder + "/a.png"))
        }
    }
}

/// Chunk types of a PNG file, in order.
enum AnimatedPNGChunks {
    static func types(_ png: [UInt8]) throws -> [String] {
        var i = 8, types: [String] = []
        while i + 8 <= png.count {
            let n = Int(png[i]) << 24 | Int(png[i + 1]) << 16 | Int(png[i + 2]) << 8 | Int(png[i + 3])
            types.append(String(decoding: png[(i + 4)..<(i + 8)], as: UTF8.self))
            i += 12 + n
        }
        return types
    }
}

import Foundation
import Testing
import FieldLabCore
import FieldLabExperiments

/// `train --checkpoint-every K`, killed (SIGKILL, SIGTERM, SIGINT) at seeded
/// random moments after its first save, and `train --resume DIR`, itself
/// killed and resumed again, until it finishes: its files are byte for byte
/// those of the run that never stopped (log.csv's seconds aside), and this
/// holds across thread counts (the whole run on 2 threads, the pieces on 1
/// or 2). What `--resume` refuses is named in one line.
@Suite struct ResumeCommandTests {
    static let binary = InterruptTests.binary
    static let train = ["train", "--diffusion", "--dataset", "moons", "--steps", "900", "--width", "64",
                        "--samples", "1500"]
    static let stateFile = TrainingCheckpoint.fileName

    struct Finished {
        var status: Int32
        var lastLine: String
    }

    /// Runs `fieldlab arguments` on `threads` threads; with `signal`, sends it
    /// `delay` seconds after `waitFor` appears (or when the run ends first).
    static func run(_ arguments: [String], threads: Int, signal: Int32? = nil, after delay: Double = 0,
                    waitFor: String? = nil) throws -> Finished {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["FIELDLAB_THREADS"] = String(threads)
        process.environment = environment
        let output = Pipe()
        process.standardError = output
        process.standardOutput = output
        try process.run()
        let reader = PipeReader(output.fileHandleForReading)
        if let signal {
            if let waitFor {
                while process.isRunning, !FileManager.default.fileExists(atPath: waitFor) {
                    Thread.sleep(forTimeInterval: 0.002)
                }
            }
            let end = Date().addingTimeInterval(delay)
            while process.isRunning, Date() < end { Thread.sleep(forTimeInterval: 0.002) }
            if process.isRunning { kill(process.processIdentifier, signal) }
        }
        process.waitUntilExit()
        let lines = reader.wait().split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
        return Finished(status: process.terminationStatus, lastLine: lines.last ?? "")
    }

    static func contents(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// log.csv without its seconds column.
    static func logWithoutSeconds(_ path: String) throws -> [[Substring]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            var fields = $0.split(separator: ",", omittingEmptySubsequences: false)
            fields.remove(at: 2)
            return fields
        }
    }

    @Test func aKilledRunResumedToTheEndWritesTheFilesOfTheRunThatNeverStopped() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no fieldlab binary at \(Self.binary)")
        let root = NSTemporaryDirectory() + "fieldlab-resume-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let whole = try Self.run(Self.train + ["--out", root + "/whole"], threads: 2)
        try #require(whole.status == 0, "\(whole.lastLine)")
        #expect(!FileManager.default.fileExists(atPath: root + "/whole/" + Self.stateFile))

        var random = SeededGenerator(seed: 13)
        let signals: [Int32] = [SIGKILL, SIGTERM, SIGINT]
        for trial in 0..<3 {
            let folder = root + "/cut-\(trial)"
            let state = folder + "/" + Self.stateFile
            var kills = 0, resumes = 0
            var arguments = Self.train + ["--checkpoint-every", "60", "--out", folder]
            while true {
                let signal = signals[(trial + kills) % signals.count]
                let delay = 0.05 + random.nextUniform() * 0.4
                let outcome = try Self.run(arguments, threads: 1 + (kills + trial) % 2, signal: kills < 4 ? signal : nil,
                                           after: delay, waitFor: state)
                if outcome.status == 0 { break }
                kills += 1
                if signal == SIGKILL {
                    #expect(outcome.status == 128 + SIGKILL || outcome.status == SIGKILL, "status \(outcome.status)")
                } else {
                    #expect(outcome.status == 128 + signal, "status \(outcome.status): \(outcome.lastLine)")
                    #expect(outcome.lastLine.contains("`fieldlab train --resume \(folder)` continues"), "\(outcome.lastLine)")
                    // Nothing half-written: the folder holds the state alone.
                    #expect(Self.contents(folder) == [Self.stateFile], "after \(delay) s: \(Self.contents(folder))")
                }
                // The state goes only once every file is written: then the run had finished.
                guard FileManager.default.fileExists(atPath: state) else { break }
                arguments = ["train", "--resume", folder]
                resumes += 1
            }
            #expect(kills >= 2, "trial \(trial) was interrupted only \(kills) times")
            #expect(Self.contents(folder) == Self.contents(root + "/whole"), "\(Self.contents(folder))")
            for name in ["model.safetensors", "config.json", "training-set.csv", "samples.csv", "samples.ppm"] {
                let a = try Data(contentsOf: URL(fileURLWithPath: root + "/whole/" + name))
                let b = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
                #expect(a == b, "trial \(trial): \(name) differs after \(kills) kills and \(resumes) resumes")
            }
            #expect(try Self.logWithoutSeconds(folder + "/log.csv") == Self.logWithoutSeconds(root + "/whole/log.csv"),
                    "trial \(trial): log.csv differs")
        }
    }

    @Test func resumeRefusesWhatItCannotContinue() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no fieldlab binary at \(Self.binary)")
        let root = NSTemporaryDirectory() + "fieldlab-resume-errors-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        expectOneLineError(["train", "--resume", root + "/nothing"], containing: "cannot resume the run in '\(root)/nothing': no such folder")
        expectOneLineError(["train", "--resume", root], containing: "it holds no \(Self.stateFile)")
        expectOneLineError(["train", "--resume", root, "--steps", "10"], containing: "give no other option")
        expectOneLineError(["train", "--resume", root, "--diffusion"], containing: "give no other option")
        expectOneLineError(["train", "--diffusion", "--dataset", "moons", "--checkpoint-every", "0", "--out", root + "/a"],
                           containing: "--checkpoint-every must be positive")
        expectOneLineError(["train", "--diffusion", "--dataset", "moons", "--checkpoint-every", "5", "--observe-every", "5",
                            "--out", root + "/a"], containing: "does not go with --observe-every")

        // A run on a dataset file, stopped after its first save; then the file changes.
        var points = "x,y\n"
        var random = SeededGenerator(seed: 4)
        for _ in 0..<300 { points += "\(random.nextUniform()),\(random.nextUniform())\n" }
        let data = root + "/points.csv"
        try points.write(toFile: data, atomically: true, encoding: .utf8)
        let folder = root + "/run"
        let stopped = try Self.run(["train", "--flow-matching", "--dataset", data, "--steps", "3000", "--width", "32",
                                    "--checkpoint-every", "20", "--out", folder],
                                   threads: 1, signal: SIGTERM, after: 0, waitFor: folder + "/" + Self.stateFile)
        try #require(stopped.status == 128 + SIGTERM, "\(stopped.lastLine)")
        try (points + "0.5,0.5\n").write(toFile: data, atomically: true, encoding: .utf8)
        expectOneLineError(["train", "--resume", folder], containing: "its training data '\(data)' changed since the state was saved")
        // A damaged state file.
        let state = folder + "/" + Self.stateFile
        let bytes = try Data(contentsOf: URL(fileURLWithPath: state))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: state))
        expectOneLineError(["train", "--resume", folder], containing: "is truncated")
        try Data("not a state".utf8).write(to: URL(fileURLWithPath: state))
        expectOneLineError(["train", "--resume", folder], containing: state)
        // None of these wrote anything.
        #expect(Self.contents(folder) == [Self.stateFile])
    }
}

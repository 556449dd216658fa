import Foundation
import Testing
import FieldLabCore
import FieldLabExperiments

/// Real `fieldlab` processes killed by SIGINT or SIGTERM at seeded random
/// moments, 20 times for each of train, compare, report, sweep and
/// experiment. Each interrupted run exits with 128 + the signal (130, 143)
/// after one line naming it, and leaves no temporary file and no unfinished
/// run folder; a run that finished before the signal left its whole folder.
/// An interrupted sweep keeps its finished points, and the same command run
/// again completes the plan.
@Suite struct InterruptTests {
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        .deletingLastPathComponent().appendingPathComponent("fieldlab").path
    static let kills = 20

    struct Outcome {
        var status: Int32
        var signal: Int32
        var lastLine: String
    }

    /// Starts `fieldlab arguments`, sends `signal` after `delay` seconds, waits.
    static func run(_ arguments: [String], killAfter delay: Double, with signal: Int32) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let output = Pipe()
        process.standardError = output
        process.standardOutput = output
        try process.run()
        let reader = PipeReader(output.fileHandleForReading)
        let end = Date().addingTimeInterval(delay)
        while process.isRunning, Date() < end { Thread.sleep(forTimeInterval: 0.005) }
        if process.isRunning { kill(process.processIdentifier, signal) }
        process.waitUntilExit()
        let text = reader.wait()
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
        return Outcome(status: process.terminationStatus, signal: signal, lastLine: lines.last ?? "")
    }

    /// Every temporary file or folder under `root` (AtomicFile's `.name.tmp-…`, a sweep's `.tmp-…`).
    static func temporaries(under root: String) -> [String] {
        guard let walk = FileManager.default.enumerator(atPath: root) else { return [] }
        return walk.compactMap { $0 as? String }.filter { ($0 as NSString).lastPathComponent.hasPrefix(".") }
    }

    struct Command: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: @Sendable (String) -> [String]
        /// The files a finished run leaves in its folder.
        var finishedFiles: [String]
        var maximumDelay: Double
        var testDescription: String { name }
    }

    static let commands: [Command] = [
        Command(name: "train", arguments: { ["train", "--flow-matching", "--dataset", "moons", "--steps", "600",
                                             "--samples", "2000", "--out", $0 + "/out"] },
                finishedFiles: ["model.safetensors", "samples.csv", "config.json"], maximumDelay: 0.8),
        Command(name: "compare", arguments: { ["compare", "--dataset", "moons", "--methods", "flow-matching,diffusion", "--steps", "100",
                                               "--batch-size", "32", "--train-size", "200", "--samples", "100", "--out", $0 + "/out"] },
                finishedFiles: ["comparison.md", "comparison.png", "diffusion/model.safetensors"], maximumDelay: 0.8),
        Command(name: "report", arguments: { ["report", "--datasets", "moons", "--steps", "20", "--out", $0 + "/out", "--runs", $0 + "/runs"] },
                finishedFiles: ["README.md"], maximumDelay: 0.8),
        Command(name: "experiment", arguments: { ["experiment", "memorization", "--quick", "--out", $0 + "/out", "--runs", $0 + "/runs"] },
                finishedFiles: ["README.md"], maximumDelay: 0.8),
    ]

    @Test(arguments: commands)
    func interruptedCommandsLeaveNothingUnfinished(command: Command) throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no fieldlab binary at \(Self.binary)")
        var random = SeededGenerator(seed: 2026 &+ UInt64(command.name.count))
        var interrupted = 0
        for k in 0..<Self.kills {
            let root = NSTemporaryDirectory() + "fieldlab-interrupt-\(getpid())-\(command.name)-\(k)"
            try? FileManager.default.removeItem(atPath: root)
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let signal = k % 2 == 0 ? SIGINT : SIGTERM
            let delay = 0.02 + random.nextUniform() * command.maximumDelay
            let outcome = try Self.run(command.arguments(root), killAfter: delay, with: signal)
            let out = root + "/out"
            #expect(Self.temporaries(under: root).isEmpty, "\(command.name) at \(delay) s left \(Self.temporaries(under: root))")
            if outcome.status == 0 {
                for file in command.finishedFiles {
                    #expect(FileManager.default.fileExists(atPath: out + "/" + file), "\(command.name) finished without \(file)")
                }
                continue
            }
            interrupted += 1
            let name = signal == SIGINT ? "SIGINT" : "SIGTERM"
            #expect(outcome.status == 128 + signal, "\(command.name) at \(delay) s: status \(outcome.status), \(outcome.lastLine)")
            #expect(outcome.lastLine.hasPrefix("error: interrupted by \(name); "), "\(command.name): \(outcome.lastLine)")
            // The run's own folder was unfinished: it is gone.
            #expect(!FileManager.default.fileExists(atPath: out), "\(command.name) at \(delay) s left \(out)")
            if command.name == "experiment", FileManager.default.fileExists(atPath: root + "/runs") {
                // Its sweeps keep their finished points, each one whole.
                for path in Self.finishedPoints(under: root + "/runs") {
                    #expect(FileManager.default.fileExists(atPath: path + "/result.json"), "\(path) has no result.json")
                }
            }
        }
        #expect(interrupted >= Self.kills / 2, "\(command.name): only \(interrupted) of \(Self.kills) runs were interrupted")
    }

    static func finishedPoints(under root: String) -> [String] {
        guard let walk = FileManager.default.enumerator(atPath: root) else { return [] }
        return walk.compactMap { $0 as? String }
            .filter { ($0 as NSString).deletingLastPathComponent.hasSuffix("points") }
            .map { root + "/" + $0 }
    }

    @Test func anInterruptedSweepResumes() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no fieldlab binary at \(Self.binary)")
        let arguments = ["sweep", "--flow-matching", "--dataset", "moons", "--steps", "150", "--batch-size", "32",
                         "--width", "8", "--samples", "100", "--vary", "width=4,8,16", "--seeds", "2"]
        var random = SeededGenerator(seed: 77)
        var interrupted = 0
        for k in 0..<Self.kills {
            let root = NSTemporaryDirectory() + "fieldlab-interrupt-\(getpid())-sweep-\(k)"
            try? FileManager.default.removeItem(atPath: root)
            defer { try? FileManager.default.removeItem(atPath: root) }
            let signal = k % 2 == 0 ? SIGTERM : SIGINT
            let delay = 0.02 + random.nextUniform() * 1.2
            let outcome = try Self.run(arguments + ["--out", root], killAfter: delay, with: signal)
            #expect(Self.temporaries(under: root).isEmpty, "sweep at \(delay) s left \(Self.temporaries(under: root))")
            if outcome.status != 0 {
                interrupted += 1
                #expect(outcome.status == 128 + signal, "sweep at \(delay) s: status \(outcome.status), \(outcome.lastLine)")
                #expect(outcome.lastLine.contains("the same command resumes"), "\(outcome.lastLine)")
            }
            let before = Self.finishedPoints(under: root)
            for path in before {
                #expect(FileManager.default.fileExists(atPath: path + "/result.json"), "\(path) has no result.json")
            }
            // The same command again runs only what is missing, and completes the plan.
            let rerun = try Self.run(arguments + ["--out", root], killAfter: 60, with: SIGTERM)
            #expect(rerun.status == 0, "rerun: \(rerun.lastLine)")
            let after = Self.finishedPoints(under: root)
            #expect(after.count == 6 && Set(before).isSubset(of: Set(after)), "\(before.count) then \(after.count) points")
            #expect(rerun.lastLine.contains("\(6 - before.count) points ran"), "\(rerun.lastLine)")
        }
        #expect(interrupted >= Self.kills / 2, "only \(interrupted) of \(Self.kills) sweeps were interrupted")
    }
}

/// Reads a pipe to its end on its own thread, so a chatty child never blocks on a full pipe.
final class PipeReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var text = ""
    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            text = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
            done.signal()
        }
    }
    func wait() -> String { done.wait(); return text }
}

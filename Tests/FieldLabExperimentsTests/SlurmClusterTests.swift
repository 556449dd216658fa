import Foundation
import Testing
import FieldLabCLI
import FieldLabExperiments

/// A sweep as a job array on a real Slurm: `Scripts/slurm-local.sh` installs
/// Debian's slurm-wlm if it is missing and starts slurmctld and slurmd on
/// localhost from a configuration in a temporary folder (no systemd). A
/// 4-task array of an 8-point sweep, submitted with the scripts `sweep slurm`
/// writes, gives the same `points.csv` as the sweep run here; a task
/// cancelled between its two points, and the array submitted again, runs only
/// the point it lost. The daemons are stopped by their PIDs whatever happens,
/// and no process of theirs may be left.
@Suite(.serialized) struct SlurmClusterTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    /// The fieldlab binary built beside the test bundle (the tasks run it).
    static let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        .deletingLastPathComponent().appendingPathComponent("fieldlab").path

    static let sweepArguments = ["--flow-matching", "--dataset", "moons", "--steps", "400", "--batch-size", "128",
                                 "--width", "32", "--depth", "2", "--samples", "500", "--solver-steps", "4",
                                 "--vary", "train-size=64,256", "--seeds", "4"]

    struct Shell {
        var status: Int32
        var output: String
    }

    /// Runs a command and waits (standard error joined to the output).
    @discardableResult
    static func shell(_ arguments: [String], environment: [String: String] = [:]) throws -> Shell {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "SLURM_CONF")
        for (k, v) in environment { env[k] = v }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Shell(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Waits until none of `jobs` is queued or running (at most `seconds`).
    static func waitForJobs(_ jobs: [String], slurm: [String: String], seconds: Double = 90) throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            let queue = try shell(["squeue", "-h", "-j", jobs.joined(separator: ","), "-o", "%i %T"], environment: slurm)
            if queue.status == 0, queue.output.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return true }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return false
    }

    /// "array job 12 (4 tasks), report job 13" → ["12", "13"].
    static func jobIDs(_ text: String) -> [String] {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "," }).map(String.init)
        return words.indices.filter { $0 > 0 && words[$0 - 1] == "job" }.map { words[$0] }
    }

    @Test func aSweepRunsAsAJobArrayAndResumesAfterACancel() throws {
        guard getuid() == 0 else {
            Issue.record("the Slurm test needs root (slurmd starts the jobs); run the suite as root")
            return
        }
        try #require(FileManager.default.isExecutableFile(atPath: Self.binary), "no fieldlab binary at \(Self.binary)")
        let root = NSTemporaryDirectory() + "fieldlab-slurm-\(getpid())"
        try? FileManager.default.removeItem(atPath: root)
        let script = Self.repository + "/Scripts/slurm-local.sh"
        let daemon = root + "/slurm"
        let slurm = ["SLURM_CONF": daemon + "/etc/slurm.conf"]
        defer {
            let stopped = try? Self.shell(["bash", script, "stop", daemon])
            #expect(stopped?.status == 0, "stopping Slurm: \(stopped?.output ?? "did not run")")
            // Nothing of this Slurm is left: no process carries its configuration.
            let left = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { pid in
                guard Int32(pid) != nil, Int32(pid) != getpid(),
                      let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ") else { return false }
                let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
                let zombie = stat.split(separator: ")").last?.split(separator: " ").first == "Z"
                return !zombie && environ.split(separator: 0).contains { String(decoding: $0, as: UTF8.self) == "SLURM_CONF=" + slurm["SLURM_CONF"]! }
            } ?? []
            #expect(left.isEmpty, "processes left behind: \(left)")
            try? FileManager.default.removeItem(atPath: root)
        }
        let started = try Self.shell(["bash", script, "start", daemon])
        try #require(started.status == 0, "starting Slurm: \(started.output)")

        // The same sweep run here, as the reference.
        let local = root + "/local"
        #expect(FieldLabCommand.run(["sweep"] + Self.sweepArguments + ["--out", local]) == 0)
        #expect(FieldLabCommand.run(["sweep", "report", local]) == 0)

        let cluster = root + "/cluster"
        #expect(FieldLabCommand.run(["sweep", "slurm"] + Self.sweepArguments
                                    + ["--tasks", "4", "--array-limit", "4", "--time", "5", "--fieldlab", Self.binary,
                                       "--out", cluster]) == 0)
        let submitted = try Self.shell(["bash", cluster + "/slurm/submit.sh"], environment: slurm)
        try #require(submitted.status == 0, "\(submitted.output)")
        let jobs = Self.jobIDs(submitted.output)
        try #require(jobs.count == 2, "\(submitted.output)")
        try #require(try Self.waitForJobs(jobs, slurm: slurm), "the array did not finish")
        let logs = try FileManager.default.contentsOfDirectory(atPath: cluster + "/slurm/logs")
        #expect(Set(logs.filter { $0.hasPrefix("task-") }) == Set((0..<4).map { "task-\(jobs[0])_\($0).log" }), "\(logs)")
        #expect(logs.contains("report-\(jobs[1]).log"), "\(logs)")
        // The report job ran after the array, on all the points; they equal the local run's.
        #expect(try pointsWithoutTimings(cluster) == pointsWithoutTimings(local))

        // A task cancelled after its first point, then the array submitted again.
        let resumed = root + "/resumed"
        #expect(FieldLabCommand.run(["sweep", "slurm"] + Self.sweepArguments
                                    + ["--tasks", "4", "--array-limit", "4", "--time", "5", "--fieldlab", Self.binary,
                                       "--out", resumed]) == 0)
        let plan = try #require(try SweepFolder(resumed).loadSpecification()).points
        let task1 = plan.filter { $0.index % 4 == 1 }.map(\.id)
        try #require(task1.count == 2)
        let first = try Self.shell(["bash", resumed + "/slurm/submit.sh"], environment: slurm)
        let firstJobs = Self.jobIDs(first.output)
        try #require(first.status == 0 && firstJobs.count == 2, "\(first.output)")
        let deadline = Date().addingTimeInterval(60)
        while !FileManager.default.fileExists(atPath: resumed + "/points/" + task1[0]), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let cancelled = try Self.shell(["scancel", "\(firstJobs[0])_1"], environment: slurm)
        #expect(cancelled.status == 0, "\(cancelled.output)")
        try #require(try Self.waitForJobs(firstJobs, slurm: slurm), "the first array did not end")
        let finishedBefore = try FileManager.default.contentsOfDirectory(atPath: resumed + "/points").filter { !$0.hasPrefix(".") }
        #expect(finishedBefore.count == 7 && !finishedBefore.contains(task1[1]),
                "the cancel should leave exactly task 1's second point: \(finishedBefore.count) finished")
        var before: [String: Data] = [:]
        for id in finishedBefore { before[id] = FileManager.default.contents(atPath: resumed + "/points/\(id)/result.json") }

        let again = try Self.shell(["bash", resumed + "/slurm/submit.sh"], environment: slurm)
        let againJobs = Self.jobIDs(again.output)
        try #require(again.status == 0 && againJobs.count == 2, "\(again.output)")
        try #require(try Self.waitForJobs(againJobs, slurm: slurm), "the resubmitted array did not finish")
        let finishedAfter = try FileManager.default.contentsOfDirectory(atPath: resumed + "/points")
        #expect(Set(finishedAfter) == Set(plan.map(\.id)), "every point once, no temporary folder left: \(finishedAfter)")
        // Only the missing point ran again: the others' results (timings included) are untouched.
        for (id, data) in before {
            #expect(FileManager.default.contents(atPath: resumed + "/points/\(id)/result.json") == data, "\(id) ran again")
        }
        let resumedLog = try String(contentsOfFile: resumed + "/slurm/logs/task-\(againJobs[0])_1.log", encoding: .utf8)
        #expect(resumedLog.contains("1 finished") && resumedLog.contains("1 to run"), "\(resumedLog)")
        #expect(try pointsWithoutTimings(resumed) == pointsWithoutTimings(local))
    }
}

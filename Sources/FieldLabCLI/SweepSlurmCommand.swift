import ArgumentParser
import Foundation
import FieldLabCore
import FieldLabExperiments

/// `fieldlab sweep slurm`: the sweep as a Slurm job array. Slurm schedules;
/// FieldLab only writes the scripts (and, with `--submit`, hands them to
/// `sbatch`).
struct SweepSlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write (and with --submit, submit) the sweep as a Slurm job array and a report job after it.",
        discussion: """
        Takes the same sweep arguments as `sweep run`. Prepares DIR (its sweep.json) and writes \
        DIR/slurm/sweep.sbatch (an array of N tasks, at most P at once; task I runs the points whose \
        plan index is I mod N, with --shard slurm; one log per task in DIR/slurm/logs/) and \
        DIR/slurm/submit.sh (submits the array, then `sweep report` with --dependency=afterany). \
        Submitting again runs only the points that are missing: a cancelled or timed-out task's.
        """
    )

    @OptionGroup var sweep: SweepArguments

    @Option(help: "Array tasks N (default: one per point, at most 1000).")
    var tasks: Int?

    @Option(name: .customLong("array-limit"), help: "Tasks running at once, at most (the array's %P).")
    var arrayLimit: Int = 16

    @Option(help: "Time limit of each task, in Slurm's form (MM, HH:MM:SS, D-HH:MM, …).")
    var time: String = "01:00:00"

    @Option(name: .customLong("cpus-per-task"), help: "Cores per task (its points run side by side, one core each).")
    var cpusPerTask: Int = 1

    @Option(help: "The Slurm partition (default: the cluster's).")
    var partition: String?

    @Option(name: .customLong("fieldlab"), help: "The fieldlab binary the tasks run (default: this one).")
    var binary: String?

    @Flag(help: "Submit the scripts with sbatch and print the job ids.")
    var submit = false

    /// Options of this command that `sweep run` does not take (left out of the tasks' command line).
    static let ownOptions: Set<String> = ["--tasks", "--array-limit", "--time", "--cpus-per-task", "--partition", "--fieldlab", "--out"]
    static let ownFlags: Set<String> = ["--submit"]

    func validate() throws {
        if let tasks, !(1...100_000).contains(tasks) { throw ValidationError("--tasks must be from 1 to 100000, got \(tasks)") }
        guard (1...100_000).contains(arrayLimit) else { throw ValidationError("--array-limit must be from 1 to 100000, got \(arrayLimit)") }
        guard (1...256).contains(cpusPerTask) else { throw ValidationError("--cpus-per-task must be from 1 to 256, got \(cpusPerTask)") }
        guard Self.isSlurmTime(time) else {
            throw ValidationError("--time '\(time)' is not a Slurm time limit (MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS)")
        }
        if let partition, partition.isEmpty || !partition.allSatisfy({ $0.isLetter || $0.isNumber || "_-.".contains($0) }) {
            throw ValidationError("--partition '\(partition)' is not a partition name (letters, digits, _ - .)")
        }
    }

    /// Slurm's time formats: minutes, minutes:seconds, hours:minutes:seconds,
    /// days-hours, days-hours:minutes, days-hours:minutes:seconds.
    static func isSlurmTime(_ text: String) -> Bool {
        let dayParts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard dayParts.count <= 2 else { return false }
        let clock = dayParts.last!.split(separator: ":", omittingEmptySubsequences: false)
        let numbers = (dayParts.count == 2 ? [dayParts[0]] : []) + clock
        guard numbers.allSatisfy({ !$0.isEmpty && $0.count <= 6 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return false }
        guard clock.count <= 3 else { return false }
        let total = numbers.compactMap { Int($0) }.reduce(0, +)
        return total > 0
    }

    func run() throws {
        let specification = try sweep.specification()
        let points = specification.points.count
        let taskCount = tasks ?? min(points, 1000)
        guard taskCount <= points else { throw ValidationError("--tasks \(taskCount) is more than the sweep's \(points) points") }
        let folderPath = Self.absolute(sweep.out)
        let binaryPath = try binary.map(Self.absolute) ?? Self.thisBinary()
        guard FileManager.default.isExecutableFile(atPath: binaryPath) else {
            throw ValidationError("--fieldlab '\(binaryPath)' is not an executable file")
        }
        let folder = SweepFolder(folderPath)
        try folder.prepare(for: specification)
        let slurm = folderPath + "/slurm"
        try RunFolder.prepare(slurm + "/logs")

        let arguments = Self.taskArguments(FieldLabCommand.arguments)
        let run = ([binaryPath, "sweep", "run"] + arguments
                   + ["--shard", "slurm", "--jobs", "\(cpusPerTask)", "--out", folderPath]).map(FieldLabCommand.shellWord)
        var array = """
        #!/bin/bash
        # The sweep in \(folderPath) as a Slurm job array, made by:
        #   \(FieldLabCommand.invocation)
        # Task I of \(taskCount) runs the points whose plan index is I mod \(taskCount) (--shard slurm reads
        # SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT), \(cpusPerTask) side by side. Finished points are
        # skipped, so submitting the whole array again runs only the missing ones (a cancelled
        # or timed-out task's). `bash submit.sh` submits it with the report job after it.
        #SBATCH --job-name=fieldlab-sweep
        #SBATCH --array=0-\(taskCount - 1)%\(arrayLimit)
        #SBATCH --time=\(time)
        #SBATCH --cpus-per-task=\(cpusPerTask)
        #SBATCH --output=\(slurm)/logs/task-%A_%a.log

        """
        if let partition { array += "#SBATCH --partition=\(partition)\n" }
        array += "\nexec " + run.joined(separator: " ") + "\n"

        let report = ([binaryPath, "sweep", "report", folderPath]).map(FieldLabCommand.shellWord).joined(separator: " ")
        let partitionOption = partition.map { " --partition=\($0)" } ?? ""
        let submitScript = """
        #!/bin/bash
        # Submits sweep.sbatch, then `fieldlab sweep report` to run once every task has ended,
        # whatever its outcome (afterany). Prints the two job ids. Run it again to resume.
        set -euo pipefail
        cd \(FieldLabCommand.shellWord(slurm))
        array=$(sbatch --parsable sweep.sbatch)
        array=${array%%;*}
        report=$(sbatch --parsable --job-name=fieldlab-sweep-report --dependency=afterany:"$array" \\
          --time=\(time)\(partitionOption) --output=\(FieldLabCommand.shellWord(slurm + "/logs/report-%j.log")) \\
          --wrap=\(FieldLabCommand.shellWord("exec " + report)))
        report=${report%%;*}
        echo "array job $array (\(taskCount) tasks), report job $report"

        """
        try AtomicFile.write(Array(array.utf8), to: slurm + "/sweep.sbatch")
        try AtomicFile.write(Array(submitScript.utf8), to: slurm + "/submit.sh")
        for file in ["sweep.sbatch", "submit.sh"] {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: slurm + "/" + file)
        }
        say("sweep slurm: \(points) points in \(taskCount) array tasks (at most \(arrayLimit) at once; each \(cpusPerTask) "
            + "core\(cpusPerTask == 1 ? "" : "s"), time limit \(time)) → \(slurm)/sweep.sbatch; "
            + "`bash \(slurm)/submit.sh` submits it and the report")
        guard submit else { return }
        say(try Self.runSubmit(slurm + "/submit.sh"))
    }

    /// The sweep arguments of `arguments` (this command line), without this
    /// command's own options and the words before them (`sweep slurm`).
    static func taskArguments(_ arguments: [String]) -> [String] {
        var words = arguments[...]
        if words.first == "sweep" { words = words.dropFirst() }
        if words.first == "slurm" { words = words.dropFirst() }
        var kept: [String] = []
        var skipNext = false
        for word in words {
            if skipNext { skipNext = false; continue }
            let name = word.split(separator: "=", maxSplits: 1).first.map(String.init) ?? word
            if ownFlags.contains(word) { continue }
            if ownOptions.contains(name) {
                skipNext = !word.contains("=")
                continue
            }
            kept.append(word)
        }
        return kept
    }

    static func absolute(_ path: String) -> String {
        let url = path.hasPrefix("/") ? URL(fileURLWithPath: path)
            : URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(path)
        return url.standardizedFileURL.path
    }

    /// The running fieldlab binary (the tasks run the same build).
    static func thisBinary() throws -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? absolute(CommandLine.arguments[0])
        guard URL(fileURLWithPath: path).lastPathComponent == "fieldlab" else {
            throw ValidationError("cannot tell which fieldlab binary the tasks should run (this process is '\(path)'): give --fieldlab PATH")
        }
        return path
    }

    /// Runs submit.sh; its one-line summary, or a one-line error.
    static func runSubmit(_ script: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { throw ValidationError("cannot run \(script): \(error.localizedDescription)") }
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let problem = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let first = problem.split(separator: "\n").first.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw ValidationError("submitting failed (\(first)); the scripts are in \(URL(fileURLWithPath: script).deletingLastPathComponent().path)/")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

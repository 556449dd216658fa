import Foundation
import Testing
import FieldLabCore
import FieldLabCLI
import FieldLabData

/// `Samples/python/sample.py`, NumPy and `safetensors` only, run on
/// checkpoints of every method (and a Fourier embedding) from the same prior
/// points as `fieldlab sample --prior … --solver euler`: the two agree to
/// 1e-4 in the data's coordinates. The script is an independent reading of
/// docs/checkpoint.md (float64, its own embedding, preconditioning and grid).
///
/// It needs `python3` with `venv` and PyPI; the environment is made once in
/// `.build/python-interop/`. Without them the test is skipped, and says why.
@Suite struct PythonInteropTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static let script = root + "/Samples/python/sample.py"

    /// The environment's python, made on first use; nil (with the reason printed) when it cannot be.
    static let python: String? = {
        func shell(_ command: String) -> (Int32, String) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", command]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            guard (try? process.run()) != nil else { return (-1, "cannot start /bin/sh") }
            let reader = PipeReader(pipe.fileHandleForReading)
            process.waitUntilExit()
            return (process.terminationStatus, reader.wait())
        }
        let folder = root + "/.build/python-interop"
        let python = folder + "/bin/python"
        if shell("'\(python)' -c 'import numpy, safetensors'").0 == 0 { return python }
        guard shell("command -v python3").0 == 0 else {
            print("PythonInteropTests: python3 is not on this machine: the checkpoint interop test is skipped")
            return nil
        }
        let (made, log) = shell("rm -rf '\(folder)' && python3 -m venv '\(folder)' && '\(folder)/bin/pip' install -q numpy safetensors")
        guard made == 0 else {
            print("PythonInteropTests: could not make a virtual environment with numpy and safetensors from PyPI "
                  + "(python3-venv missing, or PyPI out of reach): the interop test is skipped. "
                  + (log.split(separator: "\n").last.map(String.init) ?? ""))
            return nil
        }
        return python
    }()

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var train: [String]
        /// The prior's scale in the standard frame (σ_max for EDM and PFGM++, 1 for flow matching).
        var priorScale: Double
        var testDescription: String { name }
    }

    static let cases = [
        Case(name: "diffusion", train: ["--diffusion"], priorScale: 4),
        Case(name: "flow matching", train: ["--flow-matching"], priorScale: 1),
        Case(name: "PFGM++ D=4", train: ["--poisson"], priorScale: 4),
        Case(name: "PFGM++ D=64, Fourier embedding", train: ["--poisson", "--extra-dims", "64", "--embedding", "fourier"],
             priorScale: 4),
    ]

    @Test(.enabled("needs python3 with venv and PyPI") { python != nil }, arguments: cases)
    func pythonSamplesTheCheckpointAsFieldLabDoes(_ testCase: Case) throws {
        let python = try #require(Self.python)
        let folder = NSTemporaryDirectory() + "fieldlab-python-\(getpid())-\(testCase.name.filter(\.isLetter))"
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A ring around (5, −3): its standardisation is not the identity, so sample.py's map back is checked too.
        var random = SeededGenerator(seed: 31)
        let ring = (0..<2000).map { _ in
            let angle = 2 * Double.pi * random.nextUniform(), radius = 2 + 0.2 * random.nextGaussian()
            return Point(5 + radius * cos(angle), -3 + radius * sin(angle))
        }
        try PointFile.write(ring, to: folder + "/ring.csv")
        var errors: [String] = []
        let status = FieldLabCommand.run(["train"] + testCase.train + ["--dataset", folder + "/ring.csv", "--steps", "300",
                                                                      "--width", "32", "--samples", "10", "--out", folder + "/run"],
                                         errorOutput: { errors.append($0) })
        try #require(status == 0, "\(errors)")
        // Prior points in the standard frame, as the method would draw them (Gaussian; PFGM++'s heavier tail aside).
        let prior = (0..<400).map { _ in
            let (a, b) = random.nextGaussianPair()
            return Point(testCase.priorScale * a, testCase.priorScale * b)
        }
        try PointFile.write(prior, to: folder + "/prior.csv")
        let checkpoint = folder + "/run/model.safetensors"
        var results: [[Point]] = []
        for steps in [1, 25] {
            let ours = folder + "/fieldlab-\(steps).csv", theirs = folder + "/python-\(steps).csv"
            #expect(FieldLabCommand.run(["sample", "--checkpoint", checkpoint, "--prior", folder + "/prior.csv",
                                         "--solver", "euler", "--steps", String(steps), "--out", ours],
                                        errorOutput: { errors.append($0) }) == 0, "\(errors)")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = [Self.script, checkpoint, "--prior", folder + "/prior.csv", "--steps", String(steps),
                                 "--out", theirs]
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let reader = PipeReader(pipe.fileHandleForReading)
            process.waitUntilExit()
            let said = reader.wait()
            try #require(process.terminationStatus == 0, "sample.py: \(said)")
            let a = try PointFile.read(ours), b = try PointFile.read(theirs)
            try #require(a.count == prior.count && b.count == prior.count)
            let largest = zip(a, b).map { max(abs($0.x - $1.x), abs($0.y - $1.y)) }.max()!
            #expect(largest <= 1e-4, "\(testCase.name), \(steps) Euler steps: largest difference \(largest)")
            results.append(a)
        }
        // The network moved the points, and the number of steps matters (so agreement means something).
        func meanDistance(_ a: [Point], _ b: [Point]) -> Double {
            zip(a, b).map { (($0 - $1) * ($0 - $1)).sum().squareRoot() }.reduce(0, +) / Double(a.count)
        }
        let standardization = Standardization(fitting: ring)
        #expect(standardization.scale > 1.2 && abs(standardization.mean.x - 5) < 0.2)
        #expect(meanDistance(standardization.apply(results[0]), prior) > 0.3, "\(testCase.name): one step barely moved the prior")
        #expect(meanDistance(results[0], results[1]) > 0.05, "\(testCase.name): 1 and 25 steps gave the same samples")
    }
}

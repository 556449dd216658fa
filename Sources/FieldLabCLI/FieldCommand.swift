import ArgumentParser
import Foundation
import FieldLabCore
import FieldLabData
import FieldLabExperiments
import FieldLabMethods
import FieldLabRender

struct FieldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "field",
        abstract: "Draw a method's exact field of a dataset at one or more scales.",
        discussion: """
        The field is computed from the training points themselves, in their own coordinates \
        (no standardisation). The scale is σ for diffusion, σ with r = σ√D for Poisson flow, \
        and the time t ∈ (0, 1) for flow matching. A list of scales makes a strip of panels. \
        The picture shows the speed |v| of the ODE (log scale) with arrows towards the ideal \
        denoiser's output D* (the way samples move as the scale goes to the data).
        """
    )

    @Flag(help: "The generator family (exactly one).")
    var method: MethodFlag

    @Option(name: .customLong("extra-dims"), help: "PFGM++ extra dimensions D (with --poisson).")
    var extraDimensions: Double?

    @Option(help: "Built-in dataset name, a CSV/NPY file, or a picture .png/.pgm.")
    var dataset: String

    @Option(name: .customLong("train-size"), help: "Size of the training set (default 20000; a file: all its points).")
    var trainSize: Int?

    @Option(help: "Scale(s), comma-separated: σ (diffusion, Poisson flow) or t (flow matching).")
    var scale: String

    @Option(help: "Output image (.ppm or .png).")
    var out: String

    @Option(help: "Also write the field at the lattice nodes as CSV (x,y,dx,dy,vx,vy); one file per scale.")
    var export: String?

    @Option(help: "Panel width and height in pixels.")
    var size: Int = 400

    @Option(help: "Lattice nodes per side.")
    var resolution: Int = 128

    @Option(help: "Random seed of a built-in training set.")
    var seed: UInt64 = 0

    @Flag(help: "Write an animated PNG with one frame per scale (in the order given) instead of a strip.")
    var animate = false

    @Option(name: .customLong("frame-seconds"), help: "With --animate: seconds each frame shows (the last shows three times as long).")
    var frameSeconds: Double = 0.25

    var scales: [Double] {
        scale.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
    }

    func validate() throws {
        let parts = scale.split(separator: ",", omittingEmptySubsequences: false)
        guard !parts.isEmpty, scales.count == parts.count else { throw ValidationError("--scale must be numbers separated by commas, got '\(scale)'") }
        for s in scales {
            guard s.isFinite, s > 0 else { throw ValidationError("--scale values must be positive, got \(s)") }
            if method == .flowMatching && s >= 1 { throw ValidationError("flow-matching time t must be in (0, 1), got \(s)") }
        }
        let most = animate ? 64 : 12
        guard scales.count <= most else { throw ValidationError("at most \(most) scales\(animate ? " in an animation" : ""), got \(scales.count)") }
        guard frameSeconds.isFinite, frameSeconds > 0, frameSeconds <= 60 else {
            throw ValidationError("--frame-seconds must be between 0 and 60, got \(frameSeconds)")
        }
        guard (64...2048).contains(size) else { throw ValidationError("--size must be between 64 and 2048, got \(size)") }
        guard (8...1024).contains(resolution) else { throw ValidationError("--resolution must be between 8 and 1024, got \(resolution)") }
        if let trainSize, trainSize <= 0 { throw ValidationError("--train-size must be positive, got \(trainSize)") }
        try MethodFlag.validate(extraDimensions: extraDimensions, for: method)
        let ext = (out as NSString).pathExtension.lowercased()
        guard ext == "ppm" || ext == "png" else { throw ValidationError("--out must end in .ppm or .png, got '\(out)'") }
        if animate, ext != "png" { throw ValidationError("--animate writes an animated PNG: --out must end in .png, got '\(out)'") }
    }

    @OptionGroup var output: OutputOptions

    func run() throws {
        try output.run(drawField)
    }

    func drawField() throws {
        let trainingSet = try TrainingSet.load(dataset, size: trainSize, seed: seed)
        let points = trainingSet.standardization.invert(trainingSet.points)
        let generator = method.generativeMethod(extraDimensions: extraDimensions)
        let symbol = method == .flowMatching ? "t" : "σ"
        let caption = "\(method.kind.displayName) exact field of \(dataset) (\(points.count) points): log speed |v| (bright = fast), arrows towards D*"
        if animate {
            // One frame per scale, each a one-panel strip of the same size.
            var frames: [ImageFile.Frame] = []
            var maps: [FieldMap] = []
            for (k, s) in scales.enumerated() {
                let (picture, map) = FieldMap.strip(method: generator, points: points, scales: [s],
                                                    panelSize: size, resolution: resolution, caption: caption)
                frames.append(ImageFile.Frame(picture, seconds: k == scales.count - 1 ? 3 * frameSeconds : frameSeconds))
                maps += map
            }
            try writeExports(maps)
            try ImageFile.writeAnimatedPNG(frames, to: out)
            try sayResult(WrittenFile(out: out, count: frames.count, unit: "frames"))
            say("exact \(method.kind.rawValue) field of \(points.count) points, \(frames.count) frames at \(symbol) = \(scales.map { String($0) }.joined(separator: ", ")) → \(out)")
            return
        }
        let (picture, maps) = FieldMap.strip(method: generator, points: points, scales: scales,
                                             panelSize: size, resolution: resolution, caption: caption)
        try writeExports(maps)
        try ImageFile.write(picture, to: out)
        try sayResult(WrittenFile(out: out, count: scales.count, unit: "scales"))
        say("exact \(method.kind.rawValue) field of \(points.count) points at \(symbol) = \(scales.map { String($0) }.joined(separator: ", ")) → \(out)")
    }

    /// `--export`: one CSV per scale.
    func writeExports(_ maps: [FieldMap]) throws {
        guard let export else { return }
        for (k, map) in maps.enumerated() {
            let path = maps.count == 1 ? export : Self.path(export, suffix: "-\(scales[k])")
            try AtomicFile.write(text: map.csv, to: path)
        }
    }

    /// `name.csv` → `name<suffix>.csv`.
    static func path(_ path: String, suffix: String) -> String {
        let ext = (path as NSString).pathExtension
        let base = ext.isEmpty ? path : String(path.dropLast(ext.count + 1))
        return base + suffix + (ext.isEmpty ? "" : "." + ext)
    }
}

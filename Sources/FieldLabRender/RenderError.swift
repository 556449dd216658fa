/// What can go wrong reading or writing an image file.
public enum RenderError: Error, CustomStringConvertible, Equatable {
    /// The file could not be written; the payload names the path and the reason.
    case unwritable(String)
    /// The file could not be read; the payload names the path and the reason.
    case unreadable(String)
    /// The path's extension is not an image format FieldLab writes.
    case unsupportedFormat(String)
    /// The bytes are not an image this reader understands; the payload says why.
    case malformedImage(String)

    public var description: String {
        switch self {
        case .unwritable(let detail): "cannot write image \(detail)"
        case .unreadable(let detail): "cannot read image \(detail)"
        case .unsupportedFormat(let path): "unsupported image format for '\(path)' (use .ppm or .png)"
        case .malformedImage(let detail): "malformed image: \(detail)"
        }
    }
}

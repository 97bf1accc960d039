import Numerics

/// A stretch of a text file between a begin-marker line and an end-marker line, the way
/// the workbook marks what it generates or copies (listings in chapters, results blocks,
/// the generated part of EXPERIMENTS.md). Everything outside the markers is left alone.
public struct MarkedRegion: Equatable, Sendable {
    /// The begin-marker line, trimmed.
    public let beginLine: String
    /// The words after the begin marker's prefix ("Sources/X.swift sigmoid").
    public let argument: String
    /// 1-based line number of the begin marker.
    public let lineNumber: Int
    /// The lines strictly between the markers.
    public let body: [String]
    /// Index range of `body` within the file's lines.
    let bodyRange: Range<Int>
}

/// Finds and rewrites regions opened by a line starting with `beginPrefix` and closed by
/// a line equal to `endLine` (both compared after trimming spaces).
public struct RegionMarkers: Sendable {
    public let beginPrefix: String
    public let endLine: String

    public init(beginPrefix: String, endLine: String) {
        self.beginPrefix = beginPrefix
        self.endLine = endLine
    }

    /// `<!-- listing PATH NAME -->` … `<!-- end listing -->` in a chapter.
    public static let chapterListing = RegionMarkers(beginPrefix: "<!-- listing ", endLine: "<!-- end listing -->")
    /// `<!-- results RECORD PART -->` … `<!-- end results -->` in a chapter.
    public static let chapterResults = RegionMarkers(beginPrefix: "<!-- results ", endLine: "<!-- end results -->")
    /// `// listing: NAME` … `// end listing` in a Swift source.
    public static let sourceListing = RegionMarkers(beginPrefix: "// listing: ", endLine: "// end listing")

    /// Every region in `text`, in order. `file` names the file in errors.
    public func regions(in text: String, file: String) throws -> [MarkedRegion] {
        let lines = text.components(separatedBy: "\n")
        var found: [MarkedRegion] = []
        var open: (index: Int, line: String)?
        for (index, raw) in lines.enumerated() {
            let line = raw.trimmingSpaces
            if line.hasPrefix(beginPrefix) {
                if let open {
                    throw FileFormatError(file: file, line: index + 1,
                                            problem: "a new '\(beginPrefix.trimmingSpaces)' marker before the one on line \(open.index + 1) was closed with '\(endLine)'")
                }
                open = (index, line)
            } else if line == endLine {
                guard let begin = open else {
                    throw FileFormatError(file: file, line: index + 1, problem: "'\(endLine)' without an opening '\(beginPrefix.trimmingSpaces)' marker")
                }
                var argument = String(begin.line.dropFirst(beginPrefix.count))
                if argument.hasSuffix("-->") { argument = String(argument.dropLast(3)) }
                found.append(MarkedRegion(
                    beginLine: begin.line, argument: argument.trimmingSpaces, lineNumber: begin.index + 1,
                    body: Array(lines[(begin.index + 1)..<index]), bodyRange: (begin.index + 1)..<index))
                open = nil
            }
        }
        if let open {
            throw FileFormatError(file: file, line: open.index + 1, problem: "'\(beginPrefix.trimmingSpaces)' marker is never closed with '\(endLine)'")
        }
        return found
    }

    /// `text` with each region's body replaced by `replacement(region)` (nil keeps it).
    public func rewriting(_ text: String, file: String, _ replacement: (MarkedRegion) throws -> [String]?) throws -> String {
        var lines = text.components(separatedBy: "\n")
        for region in try regions(in: text, file: file).reversed() {
            if let body = try replacement(region) { lines.replaceSubrange(region.bodyRange, with: body) }
        }
        return lines.joined(separator: "\n")
    }
}

extension StringProtocol {
    var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed())
    }
}

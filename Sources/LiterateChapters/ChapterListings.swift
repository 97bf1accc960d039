import Foundation
import Numerics

/// The code listings of a chapter, each copied from a marked region of a source file:
///
///     <!-- listing Sources/LogisticRegression/LogisticRegressionModel.swift loss-and-gradient -->
///     ```swift
///     …the lines between `// listing: loss-and-gradient` and `// end listing`…
///     ```
///     <!-- end listing -->
///
/// A listing has drifted when its text differs from its source; `drift()` finds those and
/// `synchronized()` rewrites them from the sources.
public struct ChapterListings {
    public let chapter: URL
    public let packageRoot: URL

    public init(chapter: URL, packageRoot: URL) {
        self.chapter = chapter
        self.packageRoot = packageRoot
    }

    /// A listing whose text no longer equals its source region.
    public struct Drift: CustomStringConvertible, Sendable {
        public let chapter: String
        public let line: Int
        public let source: String
        public let name: String
        public let expected: [String]
        public let found: [String]

        public var description: String {
            let firstDifference = zip(expected, found).enumerated().first { $1.0 != $1.1 }?.offset ?? min(expected.count, found.count)
            let want = firstDifference < expected.count ? expected[firstDifference] : "(end of listing)"
            let have = firstDifference < found.count ? found[firstDifference] : "(end of listing)"
            return "\(chapter):\(line): listing '\(name)' differs from \(source) at its line \(firstDifference + 1):\n  source:  \(want)\n  chapter: \(have)\nIf you changed the source to experiment (a chapter question), this failure is expected: the chapter still shows the reference code, and `git diff \(source)` shows your change. Run `swift run -c release workbook listings --write` only when the new code is what the chapter should show."
        }
    }

    /// The listings that differ from their sources.
    public func drift() throws -> [Drift] {
        let text = try readText(chapter)
        return try RegionMarkers.chapterListing.regions(in: text, file: chapter.lastPathComponent).compactMap { region in
            let (source, name) = try parse(region)
            let expected = try expectedBody(source: source, name: name)
            guard region.body != expected else { return nil }
            return Drift(chapter: chapter.lastPathComponent, line: region.lineNumber, source: source,
                         name: name, expected: expected, found: region.body)
        }
    }

    /// The chapter's text with every listing copied afresh from its source.
    public func synchronized() throws -> String {
        try RegionMarkers.chapterListing.rewriting(readText(chapter), file: chapter.lastPathComponent) { region in
            let (source, name) = try parse(region)
            return try expectedBody(source: source, name: name)
        }
    }

    /// How many listings the chapter has.
    public func count() throws -> Int {
        try RegionMarkers.chapterListing.regions(in: readText(chapter), file: chapter.lastPathComponent).count
    }

    private func parse(_ region: MarkedRegion) throws -> (source: String, name: String) {
        let words = region.argument.split(separator: " ").map(String.init)
        guard words.count == 2 else {
            throw FileFormatError(file: chapter.lastPathComponent, line: region.lineNumber,
                                    problem: "a listing marker needs a source path and a listing name: '\(region.beginLine)'")
        }
        return (words[0], words[1])
    }

    private func expectedBody(source: String, name: String) throws -> [String] {
        let sourceText = try readText(packageRoot.appendingPathComponent(source))
        let matches = try RegionMarkers.sourceListing.regions(in: sourceText, file: source).filter { $0.argument == name }
        guard matches.count == 1 else {
            throw FileFormatError(file: source, line: 1, problem: matches.isEmpty
                ? "no '// listing: \(name)' … '// end listing' region (named by \(chapter.lastPathComponent))"
                : "\(matches.count) regions are named '\(name)'")
        }
        return ["```swift"] + dedented(matches[0].body) + ["```"]
    }

    /// Lines with their common leading spaces removed.
    private func dedented(_ lines: [String]) -> [String] {
        let indents = lines.filter { !$0.trimmingSpaces.isEmpty }.map { $0.prefix { $0 == " " }.count }
        let common = indents.min() ?? 0
        return lines.map { $0.trimmingSpaces.isEmpty ? "" : String($0.dropFirst(common)) }
    }

    private func readText(_ url: URL) throws -> String { try FileFormatError.readText(url) }
}

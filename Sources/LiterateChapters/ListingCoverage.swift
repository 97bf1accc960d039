import Foundation
import Numerics

/// Which marked source regions the chapters list: a region marked for listing that no chapter
/// shows is code the reader never sees, and a listing whose region does not exist shows nothing.
public struct ListingCoverage {
    /// A source region, "Sources/GPT/GPTModel.swift gpt-forward".
    public struct Region: Hashable, Comparable, CustomStringConvertible, Sendable {
        public let source: String
        public let name: String

        public var description: String { "\(source) \(name)" }
        public static func < (a: Region, b: Region) -> Bool { (a.source, a.name) < (b.source, b.name) }
    }

    /// Every `// listing: NAME` region under the package's Sources.
    public let marked: Set<Region>
    /// Every `<!-- listing PATH NAME -->` in the package's chapters.
    public let listed: Set<Region>

    /// Reads `Sources/**/*.swift` and `Chapters/*.md` below `packageRoot`; throws when either
    /// folder is missing or holds no file of its kind.
    public init(packageRoot: URL) throws {
        let sources = try Self.files(below: packageRoot.appendingPathComponent("Sources"), extension: "swift", root: packageRoot)
        let chapters = try Self.files(below: packageRoot.appendingPathComponent("Chapters"), extension: "md", root: packageRoot)
        marked = try Set(sources.flatMap { path in
            try RegionMarkers.sourceListing.regions(in: FileFormatError.readText(packageRoot.appendingPathComponent(path)), file: path)
                .map { Region(source: path, name: $0.argument) }
        })
        listed = try Set(chapters.flatMap { path in
            try RegionMarkers.chapterListing.regions(in: FileFormatError.readText(packageRoot.appendingPathComponent(path)), file: path)
                .compactMap { region -> Region? in
                    let words = region.argument.split(separator: " ").map(String.init)
                    return words.count == 2 ? Region(source: words[0], name: words[1]) : nil
                }
        })
    }

    /// Regions marked for listing that no chapter lists.
    public var unlisted: [Region] { marked.subtracting(listed).sorted() }
    /// Listings whose region is not marked in any source.
    public var missing: [Region] { listed.subtracting(marked).sorted() }

    /// Paths relative to `root` of the files with `extension` anywhere below `folder`, sorted.
    static func files(below folder: URL, extension wanted: String, root: URL) throws -> [String] {
        guard let walker = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil) else {
            throw FileFormatError(file: folder.path, line: 0, problem: "is not a folder of the workbook (looked for *.\(wanted) files)")
        }
        let prefix = root.standardizedFileURL.path + "/"
        let paths = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == wanted }
            .map { String($0.standardizedFileURL.path.dropFirst(prefix.count)) }.sorted()
        guard !paths.isEmpty else {
            throw FileFormatError(file: folder.path, line: 0, problem: "holds no *.\(wanted) files")
        }
        return paths
    }
}

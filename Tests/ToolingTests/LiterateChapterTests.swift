import Foundation
import Testing
import ExperimentsLog
import ExperimentRecords
import LiterateChapters
import Numerics

@Suite("Tooling · Literate chapters")
struct LiterateChapterTests {
    /// A throwaway package with one source and one chapter that lists it.
    struct Scratch {
        let root: URL

        init(source: String, chapter: String) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("workbook-listing-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Sources"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: root.appendingPathComponent("Chapters"), withIntermediateDirectories: true)
            try source.write(to: root.appendingPathComponent("Sources/Example.swift"), atomically: true, encoding: .utf8)
            try chapter.write(to: chapterURL, atomically: true, encoding: .utf8)
        }

        var chapterURL: URL { root.appendingPathComponent("Chapters/01.md") }
        var listings: ChapterListings { ChapterListings(chapter: chapterURL, packageRoot: root) }
    }

    static let source = """
        struct A {
            // listing: double
            func double(_ x: Int) -> Int {
                x * 2
            }
            // end listing
        }
        """

    static let chapter = """
        # Text before
        <!-- listing Sources/Example.swift double -->
        ```swift
        func double(_ x: Int) -> Int {
            x * 2
        }
        ```
        <!-- end listing -->
        Text after.
        """

    @Test("A listing equal to its dedented source region has not drifted")
    func inSync() throws {
        let scratch = try Scratch(source: Self.source, chapter: Self.chapter)
        #expect(try scratch.listings.drift().isEmpty)
        #expect(try scratch.listings.count() == 1)
    }

    @Test("Changing the source makes the listing drift, and --write copies it back")
    func driftDetectedAndRepaired() throws {
        let scratch = try Scratch(source: Self.source.replacingOccurrences(of: "x * 2", with: "x + x"), chapter: Self.chapter)
        let drift = try scratch.listings.drift()
        #expect(drift.count == 1)
        #expect(drift.first?.description.contains("x + x") == true)
        let repaired = try scratch.listings.synchronized()
        #expect(repaired.contains("    x + x") && repaired.hasPrefix("# Text before") && repaired.hasSuffix("Text after."))
    }

    @Test("A listing naming a missing region is an error that names the source")
    func missingRegion() throws {
        let scratch = try Scratch(source: Self.source, chapter: Self.chapter.replacingOccurrences(of: "double -->", with: "triple -->"))
        #expect { try scratch.listings.drift() } throws: { error in
            "\(error)".contains("Sources/Example.swift") && "\(error)".contains("triple")
        }
    }

    @Test("An unclosed marker is reported with its line")
    func unclosed() {
        #expect(throws: FileFormatError(file: "c.md", line: 2, problem: "'<!-- listing' marker is never closed with '<!-- end listing -->'")) {
            try RegionMarkers.chapterListing.regions(in: "a\n<!-- listing X y -->\nb", file: "c.md")
        }
    }

    @Test("Rewriting a region keeps every byte outside it")
    func rewritingKeepsOutside() throws {
        let text = "head\n<!-- results r metrics -->\nold\n<!-- end results -->\ntail\n"
        let rewritten = try RegionMarkers.chapterResults.rewriting(text, file: "t") { _ in ["new"] }
        #expect(rewritten == "head\n<!-- results r metrics -->\nnew\n<!-- end results -->\ntail\n")
    }

    @Test("Every source region marked for listing is listed by a chapter, and every listing names a marked region")
    func everyMarkedRegionIsListed() throws {
        let coverage = try ListingCoverage(packageRoot: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        #expect(coverage.marked.count >= 40)
        #expect(coverage.unlisted.isEmpty, "marked for listing but in no chapter: \(coverage.unlisted.map(\.description).joined(separator: "; "))")
        #expect(coverage.missing.isEmpty, "listed but not marked in any source: \(coverage.missing.map(\.description).joined(separator: "; "))")
    }

    @Test("The coverage check finds an unlisted region and a listing of a missing one")
    func coverageFindsBothKinds() throws {
        let scratch = try Scratch(source: Self.source + "\n// listing: unused\nlet x = 1\n// end listing\n",
                                  chapter: Self.chapter + "\n<!-- listing Sources/Example.swift gone -->\n<!-- end listing -->\n")
        let coverage = try ListingCoverage(packageRoot: scratch.root)
        #expect(coverage.unlisted.map(\.description) == ["Sources/Example.swift unused"])
        #expect(coverage.missing.map(\.description) == ["Sources/Example.swift gone"])
        #expect(throws: FileFormatError.self) { try ListingCoverage(packageRoot: scratch.root.appendingPathComponent("Chapters")) }
    }
}

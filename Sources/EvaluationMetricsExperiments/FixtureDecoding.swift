import Foundation
import Numerics

/// Decodes the JSON fixture `file` (relative to `root`); throws `FileFormatError` naming it and
/// the script that writes it when it is missing or malformed.
public func decodeFixture<T: Decodable>(_ type: T.Type, file: String, generator: String, root: URL) throws -> T {
    guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(file).path) else {
        throw FileFormatError(file: file, line: 0, problem: "missing: regenerate it with \(generator)")
    }
    do { return try JSONDecoder().decode(T.self, from: data) } catch {
        throw FileFormatError(file: file, line: 0, problem: "not the fixture's JSON (\(generator) writes it): \(error)")
    }
}

import ArgumentParser
import Foundation
import Numerics
import Retrieval
import RetrievalExperiments

/// `workbook embed`: all-MiniLM-L6-v2's normalised embedding of each input line, as JSON.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print all-MiniLM-L6-v2's unit-length embedding (384 numbers) of each line of standard input or of the arguments, as JSON.",
        discussion: "The model is read from .cache/models/all-MiniLM-L6-v2 (bash Scripts/fetch-data.sh fetches it). Inputs past 256 tokens are cut, as sentence-transformers cuts them.")

    @Flag(help: "Print the WordPiece ids and tokens instead of the embedding.")
    var tokens = false

    @OptionGroup var options: PackageOptions

    @Option(parsing: .unconditional, help: "Threads to encode on, 1 or 2 (texts are encoded in batches of 32).")
    var threads = 2

    @Argument(help: "Texts to embed (default: each line of standard input).")
    var texts: [String] = []

    func validate() throws {
        try CommandLineCheck.require((1...2).contains(threads), "--threads", threads, "must be 1 or 2")
    }

    func run() throws {
        let root = options.root
        let tokenizer = try WordPieceTokenizer(vocabularyFile: MiniLMFiles.file("vocab.txt", root: root))
        let lines = texts.isEmpty ? (readLines()) : texts
        if tokens {
            for text in lines {
                let ids = try tokenizer.encode(text)
                print(try json(["text": text, "ids": ids, "tokens": tokenizer.tokens(ids)]))
            }
            return
        }
        let encoder = try SentenceEncoder(weights: SafetensorsFile(contentsOf: MiniLMFiles.file("model.safetensors", root: root)))
        let start = Date()
        let embeddings = try encoder.embeddings(of: lines, tokenizer: tokenizer, threads: threads)
        let seconds = Date().timeIntervalSince(start)
        for (text, embedding) in zip(lines, embeddings) { print(try json(["text": text, "embedding": embedding.map(Double.init)])) }
        FileHandle.standardError.write(Data("\(lines.count) texts in \(String(format: "%.2f", seconds)) s on \(threads) thread(s): \(String(format: "%.0f", Double(lines.count) / max(seconds, 1e-9))) texts/s\n".utf8))
    }

    func json(_ object: [String: Any]) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func readLines() -> [String] {
        var lines: [String] = []
        while let line = Swift.readLine() { lines.append(line) }
        return lines
    }
}

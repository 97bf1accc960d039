import ArgumentParser
import BPETokenizer
import Foundation
import ExperimentRecords
import Numerics

/// The tokenizers `workbook tokenize` can load: GPT-4's, or a vocabulary file `train-tokenizer` wrote.
enum LoadedTokenizer {
    case tiktoken(TiktokenEncoding)
    case trained(BytePairEncoding)

    /// `cl100k_base` from the cache (saying how to fetch it when it is missing), or a file.
    static func load(_ vocabulary: String, packageRoot: URL) throws -> LoadedTokenizer {
        guard vocabulary == "cl100k_base" else { return .trained(try BytePairEncoding.load(from: URL(fileURLWithPath: vocabulary))) }
        let rankFile = packageRoot.appendingPathComponent(".cache/tokenizers/cl100k_base.tiktoken")
        guard FileManager.default.fileExists(atPath: rankFile.path) else {
            throw ValidationError("--vocabulary cl100k_base: \(rankFile.path) is missing; run `bash Scripts/fetch-data.sh` to fetch it")
        }
        return .tiktoken(try TiktokenEncoding.cl100kBase(rankFile: rankFile))
    }

    func encode(_ text: String, specialTokens: SpecialTokenUse) throws -> [Int] {
        switch self {
        case .tiktoken(let encoding): try encoding.encode(text, specialTokens: specialTokens)
        case .trained(let tokenizer): try tokenizer.encode(text, specialTokens: specialTokens)
        }
    }

    func decode(_ ids: [Int]) throws -> String {
        switch self {
        case .tiktoken(let encoding): try encoding.decode(ids)
        case .trained(let tokenizer): try tokenizer.decode(ids)
        }
    }
}

struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Encode text to token ids (or decode ids to text) with GPT-4's cl100k_base or a trained vocabulary file.",
        discussion: "Text comes from the argument or, without one, from standard input. Special-token text is refused unless --special says otherwise.")

    @Option(help: "cl100k_base (GPT-4's, fetched by Scripts/fetch-data.sh) or a vocabulary file written by train-tokenizer.")
    var vocabulary = "cl100k_base"

    @Option(help: "Special-token text in the input: refused (the default), allowed (encoded as its id) or text (encoded as characters).")
    var special: SpecialTokenChoice = .refused

    @Flag(help: "Print each token's id and text, one per line, instead of the ids on one line.")
    var showTokens = false

    @Option(help: "Decode these comma-separated ids instead of encoding (e.g. 15339,1917).")
    var decode: String?

    @OptionGroup var options: PackageOptions

    @Argument(help: "The text to encode (default: standard input).")
    var text: String?

    enum SpecialTokenChoice: String, ExpressibleByArgument, CaseIterable {
        case refused, allowed, text
        var use: SpecialTokenUse { self == .refused ? .refused : self == .allowed ? .allowed : .asText }
    }

    func validate() throws {
        if let decode {
            try CommandLineCheck.require(!decode.split(separator: ",").isEmpty && decode.split(separator: ",").allSatisfy { Int($0.trimmingCharacters(in: .whitespaces)) != nil },
                                         "--decode", decode, "must be comma-separated integers, e.g. 15339,1917")
            try CommandLineCheck.require(text == nil, "TEXT", text ?? "", "give either --decode IDS or a text to encode, not both")
        }
        if vocabulary != "cl100k_base" {
            try CommandLineCheck.require(FileManager.default.fileExists(atPath: vocabulary), "--vocabulary", vocabulary,
                                         "must be cl100k_base or an existing vocabulary file")
        }
    }

    func run() throws {
        do {
            let tokenizer = try LoadedTokenizer.load(vocabulary, packageRoot: options.root)
            if let decode {
                print(try tokenizer.decode(decode.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces))! }))
                return
            }
            let input = text ?? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            let ids = try tokenizer.encode(input, specialTokens: special.use)
            if showTokens {
                for id in ids { print("\(id)\t\(try tokenizer.decode([id]).debugDescription)") }
            } else {
                print(ids.map(String.init).joined(separator: " "))
            }
        } catch let error as ValidationError { throw error } catch { throw fail(error) }
    }
}

struct TrainTokenizerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-tokenizer",
        abstract: "Train BPE merges on a text file (minbpe's procedures) and write a vocabulary file.")

    @Option(parsing: .unconditional, help: "Merges to learn, at least 1.")
    var merges: Int

    @Option(help: "How the text is cut first: basic (raw bytes, no split), gpt2 or gpt4 (their regex patterns).")
    var mode: Mode = .gpt4

    @Option(help: "A special token (repeat the option for several); its text is cut out before training.")
    var special: [String] = []

    @Option(help: "Where to write the vocabulary (default: the input's name with .bpe).")
    var output: String?

    @Flag(help: "Accept fewer merges when the text runs out of pairs.")
    var allowFewer = false

    @Argument(help: "The UTF-8 text file to train on.")
    var file: String

    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case basic, gpt2, gpt4
        var split: BytePairEncoding.Split { self == .basic ? .none : .pattern(self == .gpt2 ? .gpt2 : .gpt4) }
    }

    func validate() throws {
        try CommandLineCheck.require(merges >= 1, "--merges", merges, "must be at least 1")
        try CommandLineCheck.require(FileManager.default.fileExists(atPath: file), "FILE", file, "no such file")
        for token in special { try CommandLineCheck.require(!token.isEmpty, "--special", "\"\"", "a special token needs at least one character") }
    }

    func run() throws {
        do {
            let text = try FileFormatError.readText(URL(fileURLWithPath: file))
            let start = Date()
            let tokenizer = try BytePairEncoding.trainFast(on: text, mergeCount: merges, split: mode.split, specialTokens: special,
                                                       allowFewerMerges: allowFewer)
            let destination = URL(fileURLWithPath: output ?? (file as NSString).deletingPathExtension + ".bpe")
            try tokenizer.save(to: destination)
            print("\(tokenizer.merges.count) merges (\(mode.rawValue)) learned from \(text.utf8.count) bytes in \(formatted(Date().timeIntervalSince(start), digits: 2)) s; wrote \(destination.path)")
        } catch { throw fail(error) }
    }
}

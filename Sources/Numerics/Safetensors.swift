import Foundation

/// A safetensors file (the format of Hugging Face's `safetensors`, which PyTorch and most
/// model hubs read): an 8-byte little-endian header length N, N bytes of JSON naming each
/// tensor's dtype, shape and byte range (`data_offsets`, from the start of the data) plus a
/// `__metadata__` object of strings, then the raw little-endian data. This reader and writer
/// handle 32-bit floats (`F32`), the dtype every workbook model uses; the reader also accepts a
/// file with tensors of other dtypes (BERT's int64 `position_ids`), checks their byte ranges and
/// lists them in `otherTensors`, but does not read their values.
public struct SafetensorsFile: Equatable, Sendable {
    /// One tensor: its shape and its values in row-major order.
    public struct Tensor: Equatable, Sendable {
        public let shape: [Int]
        public let values: [Float]
    }

    /// The `__metadata__` strings (configuration, vocabulary, provenance).
    public var metadata: [String: String]
    /// Tensor names in the order they were added or stored.
    public private(set) var names: [String] = []
    public private(set) var tensors: [String: Tensor] = [:]
    /// The tensors of another dtype, by name: their dtype (`I64`, `F16`, …).
    public private(set) var otherTensors: [String: String] = [:]
    /// Where the file came from, for error messages ("(in memory)" for one being built).
    public let file: String

    public init(metadata: [String: String] = [:], file: String = "(in memory)") {
        self.metadata = metadata
        self.file = file
    }

    /// Adds a tensor; throws `ArgumentError` for a name already used or starting with "__",
    /// a negative dimension, or a value count other than the shape's product.
    public mutating func add(_ name: String, shape: [Int], values: [Float]) throws {
        try ArgumentError.require(tensors[name] == nil && !name.hasPrefix("__") && !name.isEmpty, "name", name,
                                  allowed: "a new, non-empty name not starting with \"__\"")
        try ArgumentError.requireAll(shape, in: 0..<Int(Int32.max), "shape", meaning: "dimensions")
        let count = try ArgumentError.checkedProduct(shape, "shape")
        try ArgumentError.require(values.count == count, "values.count", values.count, allowed: "the shape's product (\(count))")
        names.append(name)
        tensors[name] = Tensor(shape: shape, values: values)
    }

    /// The values of tensor `name`, which must have shape `shape`; throws `FileFormatError`
    /// naming the file and the tensor when it is missing or shaped otherwise.
    public func values(_ name: String, shape: [Int]) throws -> [Float] {
        guard let tensor = tensors[name] else {
            if let dtype = otherTensors[name] {
                throw FileFormatError(file: file, line: 0, problem: "tensor \"\(name)\" has dtype \(dtype); this reader reads F32 values only")
            }
            throw FileFormatError(file: file, line: 0, problem: "has no tensor \"\(name)\"")
        }
        guard tensor.shape == shape else {
            throw FileFormatError(file: file, line: 0, problem: "tensor \"\(name)\" has shape \(tensor.shape), expected \(shape)")
        }
        return tensor.values
    }

    /// Metadata entry `key`, parsed by `parse`; throws `FileFormatError` naming the key when it
    /// is missing or `parse` gives nil.
    public func metadata<T>(_ key: String, as parse: (String) -> T?) throws -> T {
        guard let text = metadata[key] else { throw FileFormatError(file: file, line: 0, problem: "has no metadata \"\(key)\"") }
        guard let value = parse(text) else {
            throw FileFormatError(file: file, line: 0, problem: "metadata \"\(key)\" = \"\(text)\" is not a valid \(T.self)")
        }
        return value
    }

    // MARK: - Bytes

    /// The file's bytes: the header (keys sorted, padded with spaces so the data starts on an
    /// 8-byte boundary) and the tensors' data in `names` order.
    public func encoded() throws -> Data {
        var header: [String: Any] = [:], offset = 0
        for name in names {
            let tensor = tensors[name]!, bytes = tensor.values.count * 4
            header[name] = ["dtype": "F32", "shape": tensor.shape, "data_offsets": [offset, offset + bytes]] as [String: Any]
            offset += bytes
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        json.append(contentsOf: Array(repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8))
        var data = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { data.append(contentsOf: $0) }
        data.append(json)
        for name in names {
            tensors[name]!.values.withUnsafeBufferPointer { buffer in
                data.append(contentsOf: buffer.map(\.bitPattern.littleEndian).withUnsafeBytes { Array($0) })
            }
        }
        return data
    }

    /// Writes the file atomically (a temporary file renamed into place, so a reader never sees
    /// half a file); throws `FileFormatError` naming the file when it cannot be written.
    public func write(to url: URL) throws {
        let data = try encoded()
        do { try data.write(to: url, options: .atomic) } catch {
            throw FileFormatError(file: url.path, line: 0, problem: "cannot be written (\(error.localizedDescription))")
        }
    }

    /// Reads `url`; throws `FileFormatError` naming the file (and the tensor) for a file that
    /// cannot be read, is truncated, has a header that is not a JSON object, or a tensor whose
    /// dtype is not F32, whose shape or byte range is malformed, or whose range overlaps another.
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw FileFormatError(file: url.path, line: 0, problem: "cannot be read (\(error.localizedDescription))")
        }
        try self.init(data: data, file: url.path)
    }

    /// Parses a file's bytes (`file` names it in errors); throws as `init(contentsOf:)`.
    public init(data: Data, file: String) throws {
        self.init(file: file)
        func fail(_ problem: String) -> FileFormatError { FileFormatError(file: file, line: 0, problem: problem) }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw fail("is \(bytes.count) bytes, shorter than the 8-byte header length: truncated or not safetensors") }
        let length = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard length <= UInt64(bytes.count - 8) else {
            throw fail("header length \(length) runs past the end of the file (\(bytes.count) bytes): truncated or not safetensors")
        }
        let dataStart = 8 + Int(length)
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])), let header = object as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        if let meta = header["__metadata__"] {
            guard let strings = meta as? [String: String] else { throw fail("__metadata__ is not an object of strings") }
            metadata = strings
        }
        let dataLength = bytes.count - dataStart
        var ranges: [(range: Range<Int>, name: String)] = []
        for name in header.keys.sorted() where name != "__metadata__" {
            guard let entry = header[name] as? [String: Any] else { throw fail("tensor \"\(name)\" is not an object") }
            guard let dtype = entry["dtype"] as? String, let width = Self.byteWidths[dtype] else {
                throw fail("tensor \"\(name)\" has dtype \(entry["dtype"].map { "\($0)" } ?? "(none)"), which is not a safetensors dtype")
            }
            guard let shape = entry["shape"] as? [Int], shape.allSatisfy({ $0 >= 0 }),
                  let count = try? ArgumentError.checkedProduct(shape, "shape") else {
                throw fail("tensor \"\(name)\" has no valid shape (a list of dimensions ≥ 0)")
            }
            guard let offsets = entry["data_offsets"] as? [Int], offsets.count == 2, offsets[0] >= 0, offsets[0] <= offsets[1],
                  offsets[1] <= dataLength else {
                throw fail("tensor \"\(name)\" has data_offsets \(entry["data_offsets"].map { "\($0)" } ?? "(none)") outside the \(dataLength) data bytes")
            }
            guard offsets[1] - offsets[0] == count * width else {
                throw fail("tensor \"\(name)\" has \(offsets[1] - offsets[0]) bytes for shape \(shape) of \(dtype), which needs \(count * width)")
            }
            ranges.append((offsets[0]..<offsets[1], name))
            guard dtype == "F32" else {
                otherTensors[name] = dtype
                continue
            }
            let values = (0..<count).map { i in
                let at = dataStart + offsets[0] + 4 * i
                return Float(bitPattern: UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24)
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        ranges.sort { $0.range.lowerBound < $1.range.lowerBound }
        for (a, b) in zip(ranges, ranges.dropFirst()) where a.range.overlaps(b.range) {
            throw fail("tensors \"\(a.name)\" and \"\(b.name)\" overlap in the data")
        }
        names = ranges.map(\.name).filter { tensors[$0] != nil }
    }

    /// Bytes per element of each safetensors dtype.
    static let byteWidths = ["F64": 8, "I64": 8, "U64": 8, "F32": 4, "I32": 4, "U32": 4, "F16": 2, "BF16": 2, "I16": 2, "U16": 2,
                             "I8": 1, "U8": 1, "BOOL": 1, "F8_E4M3": 1, "F8_E5M2": 1]
}

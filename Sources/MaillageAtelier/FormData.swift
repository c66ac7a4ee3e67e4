import Foundation
import MultipartKit
import NIOCore

/// A posted form: its text fields (a name may repeat) and its files.
struct FormData: Sendable {
    var fields: [(name: String, value: String)] = []
    var files: [(name: String, filename: String, data: Data)] = []

    func value(_ name: String) -> String? { fields.first { $0.name == name }?.value }
    func values(_ name: String) -> [String] { fields.filter { $0.name == name }.map(\.value) }

    /// `application/x-www-form-urlencoded` or `multipart/form-data`; nil for anything else.
    static func parse(_ body: ByteBuffer, contentType: String?) -> FormData? {
        guard let raw = contentType else { return nil }
        let contentType = raw.lowercased()
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            var form = FormData()
            let text = String(buffer: body)
            for pair in text.split(separator: "&") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
                form.fields.append((decode(parts[0]), parts.count > 1 ? decode(parts[1]) : ""))
            }
            return form
        }
        guard contentType.hasPrefix("multipart/form-data"),
              let boundary = raw.components(separatedBy: "boundary=").dropFirst().first?
                .split(separator: ";").first.map({ String($0).trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }),
              !boundary.isEmpty else { return nil }
        return multipart(body, boundary: boundary)
    }

    static func multipart(_ body: ByteBuffer, boundary: String) -> FormData? {
        let parser = MultipartParser(boundary: boundary)
        var form = FormData()
        var headers: [String: String] = [:]
        var data = ByteBuffer()
        parser.onHeader = { name, value in headers[name.lowercased()] = value }
        parser.onBody = { chunk in data.writeBuffer(&chunk) }
        parser.onPartComplete = {
            let disposition = headers["content-disposition"] ?? ""
            let name = Self.parameter("name", in: disposition)
            let filename = Self.parameter("filename", in: disposition)
            if let name {
                if let filename {
                    form.files.append((name, filename, Data(data.readableBytesView)))
                } else {
                    form.fields.append((name, String(buffer: data)))
                }
            }
            headers = [:]
            data = ByteBuffer()
        }
        do { try parser.execute(body) } catch { return nil }
        return form
    }

    /// `name="x"` in a Content-Disposition header.
    static func parameter(_ key: String, in header: String) -> String? {
        for part in header.split(separator: ";") {
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix(key + "=") else { continue }
            var value = String(trimmed.dropFirst(key.count + 1))
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }
}

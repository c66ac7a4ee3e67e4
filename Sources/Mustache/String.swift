//
// This source file is part of the Hummingbird server framework project
// Copyright (c) the Hummingbird authors
//
// See LICENSE.txt for license information
// SPDX-License-Identifier: Apache-2.0
//

extension String {
    /// Escapes `< > & " '` (Maillage: over UTF-8 bytes, and without copying a string that has
    /// none of them; upstream walked the characters through a dictionary).
    func htmlEscape() -> String {
        var text = self
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { Self.escapedBytes($0) }! ?? text
    }

    /// The escaped text, or nil when nothing needs escaping.
    private static func escapedBytes(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var first = -1
        for i in 0..<bytes.count {
            switch bytes[i] {
            case 0x3C, 0x3E, 0x26, 0x22, 0x27:
                first = i
            default:
                continue
            }
            break
        }
        if first < 0 { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<first]))
        for i in first..<bytes.count {
            switch bytes[i] {
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
            default: out.append(bytes[i])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

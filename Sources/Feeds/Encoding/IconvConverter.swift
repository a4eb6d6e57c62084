import Basics
import CLibXML2

/// Legacy encodings (ISO-8859-x, KOI8-R, Shift_JIS, EUC-KR, Big5, GB2312 ...) through glibc iconv,
/// with U+FFFD for bytes the encoding rejects.
enum IconvConverter {
    /// The UTF-8 text and whether anything was replaced; nil when iconv does not know the label.
    static func decode(_ p: UnsafeBufferPointer<UInt8>, from label: String) -> ([UInt8], Bool)? {
        var cd = iconv_open("UTF-8", iconvName(label))
        if cd == nil || nw_iconv_is_invalid(cd) != 0, label.contains("_") {
            // Python-style labels (windows_1251, ebcdic_cp_us): iconv spells them with hyphens.
            cd = iconv_open("UTF-8", iconvName(label).replacingUnderscores())
        }
        guard let cd, nw_iconv_is_invalid(cd) == 0 else { return nil }
        defer { iconv_close(cd) }
        var out = [UInt8](repeating: 0, count: p.count * 2 + 64)
        var written = 0
        var bad = false
        guard let base = p.baseAddress, p.count > 0 else { return ([], false) }
        var inPtr = UnsafeMutablePointer<CChar>(mutating: UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self))
        var inLeft = p.count
        while inLeft > 0 {
            if out.count - written < 16 { out.append(contentsOf: repeatElement(0, count: out.count)) }
            let (result, errorNumber, produced) = out.withUnsafeMutableBytes { raw -> (Int, Int32, Int) in
                guard let start = raw.baseAddress else { return (-1, EINVAL, 0) }
                var outPtr: UnsafeMutablePointer<CChar>? = start.advanced(by: written).assumingMemoryBound(
                    to: CChar.self)
                var outLeft = raw.count - written
                let before = outLeft
                var inOptional: UnsafeMutablePointer<CChar>? = inPtr
                let r = iconv(cd, &inOptional, &inLeft, &outPtr, &outLeft)
                let e = errno
                if let advanced = inOptional { inPtr = advanced }
                return (r, e, before - outLeft)
            }
            written += produced
            if result != -1 { break }
            switch errorNumber {
            case E2BIG:
                out.append(contentsOf: repeatElement(0, count: out.count))
            case EILSEQ, EINVAL:
                bad = true
                if out.count - written < 3 { out.append(contentsOf: repeatElement(0, count: 64)) }
                out[written] = 0xEF; out[written + 1] = 0xBF; out[written + 2] = 0xBD
                written += 3
                if errorNumber == EINVAL { inLeft = 0 } else { inPtr += 1; inLeft -= 1 }
            default:
                return nil
            }
        }
        out.removeSubrange(written...)
        return (out, bad)
    }

    /// WHATWG treats several labels as their supersets; so does this.
    private static func iconvName(_ label: String) -> String {
        switch label {
        case "gb2312", "gbk", "x-gbk", "gb_2312-80", "chinese", "csgb2312", "iso-ir-58": "GB18030"
        case "big5", "big5-hkscs", "cn-big5", "x-x-big5", "csbig5": "BIG5-HKSCS"
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "windows-31j", "csshiftjis", "ms932": "CP932"
        case "euc-kr", "ks_c_5601-1987", "windows-949", "cseuckr", "korean": "CP949"
        case "iso-8859-8-i": "ISO-8859-8"
        case "x-mac-roman", "mac", "macintosh", "macroman", "mac-roman", "csmacintosh": "MACINTOSH"
        case "maccentraleurope", "maclatin2", "x-mac-ce", "mac-centraleurope": "MAC-CENTRALEUROPE"
        case "maciceland", "mac-iceland": "MAC-IS"
        case "maccyrillic", "x-mac-cyrillic", "mac-cyrillic": "MAC-CYRILLIC"
        case "cp_is", "csibm861": "IBM861"
        case "ibm039": "IBM037"
        case "ms-cyrl": "WINDOWS-1251"
        case "ms-ee": "WINDOWS-1250"
        case "ms-greek": "WINDOWS-1253"
        case "ms-turk": "WINDOWS-1254"
        case "ms-hebr": "WINDOWS-1255"
        case "ms-arab": "WINDOWS-1256"
        case "winbaltrim": "WINDOWS-1257"
        case "x-user-defined": "WINDOWS-1252"
        default: label.uppercased()
        }
    }
}

private extension String {
    func replacingUnderscores() -> String {
        String(decoding: utf8.map { $0 == UInt8(ascii: "_") ? UInt8(ascii: "-") : $0 }, as: UTF8.self)
    }
}

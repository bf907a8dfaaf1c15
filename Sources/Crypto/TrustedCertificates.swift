import COpenSSL
import Foundation

/// Certificate authorities read from a PEM file, trusted to vouch for a TLS server's certificate
/// that the system's authorities do not know (a private CA, as `git`'s `http.sslCAInfo`).
///
/// Every certificate in the file is a trust anchor: a root CA, an intermediate, or the server's own
/// certificate. Only the server's certificate is checked (a TLS library hands over no chain), so
/// the file must hold the certificate that signed it.
public struct TrustedCertificates: Sendable, CustomStringConvertible {
    /// The file the certificates came from.
    public let path: String
    /// How many certificates the file holds.
    public let count: Int
    private let pem: [UInt8]

    /// Larger files are refused: CA bundles are a few hundred KiB.
    static let maximumFileBytes = 4 * 1_048_576

    /// Reads every `CERTIFICATE` block of the PEM file at `path`; throws a clear error when the file
    /// cannot be read, is too large, or holds no valid certificate.
    public init(pemFile path: String) throws(CertificateError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CertificateError("\(path): cannot read the file; give the path of a PEM file of CA certificates")
        }
        guard data.count <= Self.maximumFileBytes else {
            throw CertificateError("\(path): \(data.count) bytes is too large for a PEM file of CA certificates")
        }
        let pem = Array(data)
        let certificates = try Self.certificates(in: pem, path: path)
        self.path = path
        self.pem = pem
        count = certificates.count
    }

    /// How many certificates, from which file.
    public var description: String { "\(count) certificate(s) from \(path)" }

    /// Verifies a server's certificate (DER) for `host`, a DNS name or an IP address: it must be
    /// signed by one of these certificates (or be one), be valid now, be meant for a TLS server and
    /// name the host. Returns nil when it is trusted, else OpenSSL's reason.
    public func verify(certificateDER der: [UInt8], host: String) -> String? {
        guard let anchors = try? Self.certificates(in: pem, path: path),
            let store = OpenSSLObject(X509_STORE_new(), release: { X509_STORE_free($0) }),
            let context = OpenSSLObject(X509_STORE_CTX_new(), release: { X509_STORE_CTX_free($0) })
        else { return "cannot set up certificate verification: \(OpenSSLErrorQueue.drain())" }
        let leaf = der.withUnsafeBufferPointer { buffer -> OpaquePointer? in
            var cursor = buffer.baseAddress
            return d2i_X509(nil, &cursor, buffer.count)
        }
        guard let certificate = OpenSSLObject(leaf, release: { X509_free($0) }) else {
            return "the server's certificate is not valid DER: \(OpenSSLErrorQueue.drain())"
        }
        for anchor in anchors { X509_STORE_add_cert(store.pointer, anchor.pointer) }
        // Any certificate of the file anchors a chain, not only self-signed roots (as curl does).
        X509_STORE_set_flags(store.pointer, UInt(X509_V_FLAG_PARTIAL_CHAIN))
        guard X509_STORE_CTX_init(context.pointer, store.pointer, certificate.pointer, nil) == 1 else {
            return "cannot set up certificate verification: \(OpenSSLErrorQueue.drain())"
        }
        X509_STORE_CTX_set_purpose(context.pointer, X509_PURPOSE_SSL_SERVER)
        let parameters = X509_STORE_CTX_get0_param(context.pointer)
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if X509_VERIFY_PARAM_set1_ip_asc(parameters, name) != 1 {
            _ = OpenSSLErrorQueue.drain()
            X509_VERIFY_PARAM_set1_host(parameters, name, 0)
        }
        let verified = withExtendedLifetime((anchors, store, certificate)) { X509_verify_cert(context.pointer) }
        if verified == 1 { return nil }
        let code = X509_STORE_CTX_get_error(context.pointer)
        _ = OpenSSLErrorQueue.drain()
        return String(cString: X509_verify_cert_error_string(Int(code)))
    }

    /// The certificates of a PEM text; every `BEGIN CERTIFICATE` block must parse.
    private static func certificates(in pem: [UInt8], path: String) throws(CertificateError) -> [OpenSSLObject] {
        let blocks = pem.split(separator: UInt8(ascii: "\n")).count { line in
            line.starts(with: Array("-----BEGIN CERTIFICATE-----".utf8))
        }
        var found: [OpenSSLObject] = []
        let failure: String? = pem.withUnsafeBytes { buffer in
            // The BIO reads `pem` in place: it must not outlive this closure.
            guard let bio = OpenSSLObject(BIO_new_mem_buf(buffer.baseAddress, Int32(buffer.count)), release: { BIO_free($0) })
            else { return "out of memory" }
            while let certificate = OpenSSLObject(PEM_read_bio_X509(bio.pointer, nil, nil, nil), release: { X509_free($0) }) {
                found.append(certificate)
            }
            let reason = OpenSSLErrorQueue.drain()
            return found.count < blocks ? reason : nil
        }
        if let failure {
            throw CertificateError("\(path): certificate \(found.count + 1) of \(blocks) is not valid PEM (\(failure)); give the CA certificates as PEM")
        }
        guard !found.isEmpty else {
            throw CertificateError("\(path): no certificate found; the file must hold PEM blocks `-----BEGIN CERTIFICATE-----`")
        }
        return found
    }
}

/// A certificate file that cannot be used, with what to do about it.
public struct CertificateError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the file.
    public let message: String

    init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}

/// Owns one OpenSSL object and frees it when released.
final class OpenSSLObject {
    let pointer: OpaquePointer
    private let release: (OpaquePointer) -> Void

    /// Takes ownership of `pointer`; nil for a null pointer (a failed OpenSSL call).
    init?(_ pointer: OpaquePointer?, release: @escaping (OpaquePointer) -> Void) {
        guard let pointer else { return nil }
        self.pointer = pointer
        self.release = release
    }

    deinit { release(pointer) }
}

/// OpenSSL's thread-local error queue.
enum OpenSSLErrorQueue {
    /// Every queued message, joined; empties the queue so it cannot leak into a later call.
    static func drain() -> String {
        var messages: [String] = []
        while case let code = ERR_get_error(), code != 0 {
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.joined(separator: "; ")
    }
}

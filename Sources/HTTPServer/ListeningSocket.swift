#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Creates, binds and listens on the server socket, so that errors name their cause
/// (libmicrohttpd only answers NULL) and port 0 can be read back.
enum ListeningSocket {
    /// A bound, listening, non-blocking socket and its port.
    static func open(address: String, port: Int) throws(HTTPServerError) -> (descriptor: Int32, port: Int) {
        let shown = address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)"
        guard (0...65_535).contains(port) else {
            throw HTTPServerError(message: "cannot bind \(shown): the port is out of range", call: "bind")
        }
        var storage = sockaddr_storage()
        let length: socklen_t
        let family: Int32
        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, address, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: ipv4) { target.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            family = AF_INET
        } else {
            var ipv6 = sockaddr_in6()
            guard inet_pton(AF_INET6, address, &ipv6.sin6_addr) == 1 else {
                throw HTTPServerError(
                    message: "cannot bind \(shown): the address is not an IPv4 or IPv6 literal", call: "inet_pton")
            }
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = in_port_t(UInt16(port).bigEndian)
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: ipv6) { target.copyMemory(from: $0) }
            }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            family = AF_INET6
        }
        #if canImport(Glibc)
            let descriptor = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        #else
            let descriptor = socket(family, SOCK_STREAM, 0)
        #endif
        guard descriptor >= 0 else {
            throw HTTPServerError(message: "cannot create a socket for \(shown): \(errorText(errno))", call: "socket")
        }
        var yes: Int32 = 1
        var no: Int32 = 0
        setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        if family == AF_INET6 && address == "::" {
            // Dual stack: IPv4 clients arrive as IPv4-mapped IPv6 addresses.
            setsockopt(descriptor, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &no, socklen_t(MemoryLayout<Int32>.size))
        }
        let bound = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw HTTPServerError(message: "cannot bind \(shown): \(errorText(code))", call: "bind")
        }
        guard listen(descriptor, 1_024) == 0 else {
            let code = errno
            close(descriptor)
            throw HTTPServerError(message: "cannot listen on \(shown): \(errorText(code))", call: "listen")
        }
        // Several libmicrohttpd threads accept on it: it must not block.
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        return (descriptor, boundPort(descriptor) ?? port)
    }

    private static func boundPort(_ descriptor: Int32) -> Int? {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        guard result == 0 else { return nil }
        return withUnsafeBytes(of: storage) { bytes in
            if Int32(storage.ss_family) == AF_INET {
                return Int(UInt16(bigEndian: bytes.load(as: sockaddr_in.self).sin_port))
            }
            return Int(UInt16(bigEndian: bytes.load(as: sockaddr_in6.self).sin6_port))
        }
    }

    /// A socket address as text without the port; IPv4-mapped IPv6 addresses are shown as IPv4.
    static func text(of address: UnsafePointer<sockaddr>) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            var ipv4 = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
            guard inet_ntop(AF_INET, &ipv4, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        case AF_INET6:
            var ipv6 = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee.sin6_addr }
            guard inet_ntop(AF_INET6, &ipv6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        default:
            return nil
        }
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("::ffff:") && text.contains(".") {
            return String(text.dropFirst(7))
        }
        return text
    }

    /// Makes the kernel refuse new connections on a listening socket without closing it.
    static func stopListening(_ descriptor: Int32) {
        _ = shutdown(descriptor, Int32(SHUT_RDWR))
    }

    private static func errorText(_ code: Int32) -> String {
        switch code {
        case EADDRINUSE: "address in use"
        case EACCES: "permission denied"
        case EADDRNOTAVAIL: "address not available on this machine"
        default: String(cString: strerror(code))
        }
    }
}

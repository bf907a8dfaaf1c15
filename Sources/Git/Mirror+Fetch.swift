import CGit2
import Crypto
import Foundation

/// What the fetch callbacks need, reached through libgit2's payload pointer.
final class FetchContext {
    let credentials: GitCredentials
    let trustedCertificates: TrustedCertificates?
    let progress: ((FetchProgress) -> Void)?
    /// How many secrets were handed out; a second request means the first was rejected.
    var secretAttempts = 0

    init(credentials: GitCredentials, trustedCertificates: TrustedCertificates?, progress: ((FetchProgress) -> Void)?) {
        self.credentials = credentials
        self.trustedCertificates = trustedCertificates
        self.progress = progress
    }

    /// Decides on a TLS certificate that the system's CAs did not vouch for: trusted when the
    /// configured CAs do. Everything else (valid certificates, SSH host keys) is libgit2's decision.
    func checkCertificate(_ certificate: UnsafeMutablePointer<git_cert>, valid: Bool, host: String) -> Int32 {
        guard !valid, certificate.pointee.cert_type == GIT_CERT_X509 else { return GIT_PASSTHROUGH.rawValue }
        func refuse(_ message: String) -> Int32 {
            git_error_set_str(Int32(GIT_ERROR_SSL.rawValue), message)
            return GitError.certificateCode
        }
        guard let trustedCertificates else {
            return refuse(
                "the TLS certificate of \(host) is not signed by a certificate authority this system trusts; for a private CA, give its PEM file (Git__CACertificates)")
        }
        let der = certificate.withMemoryRebound(to: git_cert_x509.self, capacity: 1) { x509 -> [UInt8] in
            guard let data = x509.pointee.data else { return [] }
            return [UInt8](UnsafeRawBufferPointer(start: data, count: x509.pointee.len))
        }
        if let problem = trustedCertificates.verify(certificateDER: der, host: host) {
            return refuse(
                "the TLS certificate of \(host) is not trusted: \(problem) (checked against the system's CAs and \(trustedCertificates.path))")
        }
        return 0
    }

    /// Answers libgit2's credential request; refuses to loop on rejected credentials.
    func acquire(_ output: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, usernameFromURL: String?, allowedTypes: UInt32) -> Int32 {
        func allows(_ type: git_credential_t) -> Bool { allowedTypes & type.rawValue != 0 }
        func refuse(_ message: String) -> Int32 {
            git_error_set_str(Int32(GIT_ERROR_NET.rawValue), message)
            return GitError.authenticationCode
        }
        switch credentials {
        case .none:
            return GIT_PASSTHROUGH.rawValue
        case .token(let token):
            return userPassword(output, user: "x-access-token", password: token, allowed: allows(GIT_CREDENTIAL_USERPASS_PLAINTEXT), refuse: refuse)
        case .basic(let user, let password):
            return userPassword(output, user: user, password: password, allowed: allows(GIT_CREDENTIAL_USERPASS_PLAINTEXT), refuse: refuse)
        case .sshKey(let user, let privateKeyPath, let passphrase):
            if allows(GIT_CREDENTIAL_SSH_KEY) {
                secretAttempts += 1
                if secretAttempts > 1 { return refuse("authentication failed: the remote rejected the SSH key") }
                return git_credential_ssh_key_new(output, usernameFromURL ?? user, nil, privateKeyPath, passphrase)
            }
            if allows(GIT_CREDENTIAL_USERNAME) { return git_credential_username_new(output, usernameFromURL ?? user) }
            return refuse("authentication failed: the remote does not accept an SSH key")
        }
    }

    private func userPassword(
        _ output: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>, user: String, password: String, allowed: Bool,
        refuse: (String) -> Int32
    ) -> Int32 {
        guard allowed else { return refuse("authentication failed: the remote does not accept a user name and password") }
        secretAttempts += 1
        if secretAttempts > 1 { return refuse("authentication failed: the remote rejected the credentials") }
        return git_credential_userpass_plaintext_new(output, user, password)
    }
}

extension Mirror {
    /// Fetches +refs/heads/*:refs/heads/* (and HEAD's target) from origin; `progress` is called with
    /// transfer progress. Returns whether anything changed.
    ///
    /// Branches deleted on the remote are pruned; tags are not fetched.
    @discardableResult
    public func fetch(progress: ((FetchProgress) -> Void)? = nil) throws(GitError) -> Bool {
        let before = try referenceSnapshot()
        let remote = try OwnedHandle.make("git_remote_lookup", release: git_remote_free, redactor: redactor) {
            git_remote_lookup($0, repository, "origin")
        }
        let context = FetchContext(credentials: credentials, trustedCertificates: trustedCertificates, progress: progress)
        var options = sovereign_git_fetch_options_init()
        options.prune = GIT_FETCH_PRUNE
        options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE
        options.update_fetchhead = 0
        options.callbacks.payload = Unmanaged.passUnretained(context).toOpaque()
        options.callbacks.credentials = { output, _, usernameFromURL, allowedTypes, payload in
            guard let output, let payload else { return -1 }
            let context = Unmanaged<FetchContext>.fromOpaque(payload).takeUnretainedValue()
            return context.acquire(output, usernameFromURL: usernameFromURL.map { String(cString: $0) }, allowedTypes: allowedTypes)
        }
        options.callbacks.certificate_check = { certificate, valid, host, payload in
            guard let certificate, let payload else { return GIT_PASSTHROUGH.rawValue }
            let context = Unmanaged<FetchContext>.fromOpaque(payload).takeUnretainedValue()
            return context.checkCertificate(certificate, valid: valid != 0, host: host.map { String(cString: $0) } ?? "")
        }
        options.callbacks.transfer_progress = { statistics, payload in
            guard let statistics, let payload else { return 0 }
            let context = Unmanaged<FetchContext>.fromOpaque(payload).takeUnretainedValue()
            context.progress?(
                FetchProgress(
                    receivedObjects: Int(statistics.pointee.received_objects),
                    totalObjects: Int(statistics.pointee.total_objects),
                    receivedBytes: Int(statistics.pointee.received_bytes)))
            return 0
        }
        let refspec = strdup(Self.branchRefspec)
        defer { free(refspec) }
        var strings: [UnsafeMutablePointer<CChar>?] = [refspec]
        let result = withExtendedLifetime(context) {
            strings.withUnsafeMutableBufferPointer { buffer in
                var refspecs = git_strarray(strings: buffer.baseAddress, count: buffer.count)
                return git_remote_fetch(remote.pointer, &refspecs, &options, "sovereign: fetch")
            }
        }
        if result < 0 {
            let error = GitError(code: result, call: "git_remote_fetch", redactor: redactor)
            if let missing = missingLocalPath() {
                // libgit2 takes a path that does not exist for an unknown URL scheme.
                throw GitError(
                    code: GitError.notFoundCode, message: "fetching \(missing): the local path does not exist",
                    call: error.call)
            }
            throw GitError(code: error.code, message: "fetching \(redactedURL): \(error.message)", call: error.call)
        }
        try followRemoteHead(remote)
        return try referenceSnapshot() != before
    }

    /// The URL when it is a local path (not a URL, not scp-like `user@host:path`) that does not exist.
    private func missingLocalPath() -> String? {
        guard !url.contains("://") else { return nil }
        let firstSlash = url.firstIndex(of: "/") ?? url.endIndex
        if url[..<firstSlash].contains(":") { return nil }
        return FileManager.default.fileExists(atPath: url) ? nil : url
    }

    /// Points the mirror's HEAD at the remote's default branch, as `git clone --mirror` does.
    private func followRemoteHead(_ remote: OwnedHandle) throws(GitError) {
        var buffer = sovereign_git_buf_init()
        defer { git_buf_dispose(&buffer) }
        let result = git_remote_default_branch(&buffer, remote.pointer)
        // An empty remote or a detached remote HEAD: nothing to follow.
        if result == GitError.notFoundCode { return }
        try check(result, "git_remote_default_branch", redactor)
        guard let pointer = buffer.ptr else { return }
        let target = String(cString: pointer)
        guard target.hasPrefix("refs/heads/"), try headTarget() != target else { return }
        _ = try OwnedHandle.make("git_reference_symbolic_create", release: git_reference_free, redactor: redactor) {
            git_reference_symbolic_create($0, repository, "HEAD", target, 1, "sovereign: follow remote HEAD")
        }
    }

    /// The reference the mirror's HEAD points at (`refs/heads/…`), if HEAD is symbolic.
    private func headTarget() throws(GitError) -> String? {
        let head = try OwnedHandle.make("git_reference_lookup", release: git_reference_free, redactor: redactor) {
            git_reference_lookup($0, repository, "HEAD")
        }
        return withExtendedLifetime(head) { git_reference_symbolic_target(head.pointer).map { String(cString: $0) } }
    }

    /// The remote's default branch name (from the remote HEAD after fetch, e.g. "main"), if known.
    ///
    /// Nil before the first fetch, for an empty remote, or when HEAD's branch does not exist.
    public func defaultBranch() throws(GitError) -> String? {
        guard let target = try headTarget(), target.hasPrefix("refs/heads/") else { return nil }
        var oid = git_oid()
        let result = git_reference_name_to_id(&oid, repository, target)
        if result == GitError.notFoundCode { return nil }
        try check(result, "git_reference_name_to_id", redactor)
        return String(target.dropFirst("refs/heads/".count))
    }
}

import API
import Auth
import Foundation
import Model
import Store

/// Sets up who may call the API: an external OAuth 2.1 / OIDC issuer, or the built-in Auth Service.
enum Authentication {
    static func make(
        settings: ServerSettings, clients: any ClientStore, log: Logger, announce: @escaping @Sendable (String) -> Void
    ) async throws -> AuthenticationMode {
        if settings.authority != nil || settings.jwksURL != nil {
            var issuer = settings.authority ?? ""
            var jwks: URL
            if let text = settings.jwksURL {
                guard let url = URL(string: text) else { throw SettingsError(message: "Auth__JwksUrl is not a URL: \(text)") }
                jwks = url
            } else {
                guard let authority = URL(string: issuer) else { throw SettingsError(message: "Auth__Authority is not a URL: \(issuer)") }
                (issuer, jwks) = try await JWKSTokenVerifier.discover(authority: authority)
            }
            log.info("authentication: external issuer", ["issuer": .string(issuer), "jwks": .string(jwks.absoluteString), "audience": .string(settings.audience)])
            let verifier = JWKSTokenVerifier(issuer: issuer, audience: settings.audience, jwksURL: jwks)
            return AuthenticationMode(verifier: verifier, issuer: nil, issuerURL: issuer)
        }
        let key = try SigningKey.loadOrCreate(pemFile: settings.signingKeyPath)
        let issuer = TokenIssuer(
            key: key, issuer: settings.issuer, audience: settings.audience, lifetime: TimeInterval(settings.tokenLifetimeSeconds))
        if try await clients.clients().isEmpty {
            let admin = try await ClientAdministration.add(name: "admin", scopes: Scopes.all, store: clients)
            announce(
                """
                First start: created the client `admin` with every scope. Its secret is shown only now:
                  client_id:     \(admin.clientId)
                  client_secret: \(admin.clientSecret)
                Get a token:  curl -s -u '\(admin.clientId):<client_secret>' -d grant_type=client_credentials \(settings.issuer)/oauth/token

                """)
        }
        log.info("authentication: built-in Auth Service", ["issuer": .string(settings.issuer), "keyId": .string(key.keyId)])
        return AuthenticationMode(verifier: issuer.verifier, issuer: issuer, issuerURL: settings.issuer)
    }
}
